"""Port: text -> sentence embeddings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Port: turns texts into sentence vectors.

    ``dim`` is the vector length. ``encode(texts)`` returns a float32 array of shape
    ``(len(texts), dim)`` whose rows are L2-normalised, so the dot product of two rows is
    their cosine similarity (-1..1).
    """

    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows of ``vectors`` (n, d) scaled to unit L2 norm, as float32; zero rows stay zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.clip(norms, 1e-12, None)
