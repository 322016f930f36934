"""Port: text -> sentence embeddings."""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    """Port: turns texts into sentence vectors.

    ``dim`` is the vector length. ``encode(texts)`` returns a float32 array of shape
    ``(len(texts), dim)`` whose rows are L2-normalised, so the dot product of two rows is
    their cosine similarity (-1..1).
    """

    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...
