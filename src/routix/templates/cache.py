"""On-disk cache of template embeddings.

The key is the SHA-256 of the embedder's model id and every searchable text, so editing a
template, adding one or changing the model computes new vectors; anything else reuses them.
Files live under ``$ROUTIX_CACHE_DIR`` (default ``~/.cache/routix``) in ``template-vectors/``
as ``<key>.npy``. Writes are atomic (temporary file + ``os.replace``), and a file that cannot
be read back as the expected ``(n, dim)`` float32 matrix is treated as a miss.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_SUBDIR = "template-vectors"


def cache_dir() -> Path:
    """``$ROUTIX_CACHE_DIR/template-vectors`` or ``~/.cache/routix/template-vectors``."""
    root = os.environ.get("ROUTIX_CACHE_DIR") or Path.home() / ".cache" / "routix"
    return Path(root) / _SUBDIR


def cache_key(model_id: str, texts: Sequence[str]) -> str:
    """Hex SHA-256 over the model id and the texts (length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in (model_id, *texts):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def load_vectors(key: str, rows: int) -> np.ndarray | None:
    """The cached float32 ``(rows, dim)`` matrix for ``key``, or None (missing or corrupt)."""
    path = cache_dir() / f"{key}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[0] != rows:
        return None
    if not np.all(np.isfinite(vectors)):
        return None
    return vectors


def save_vectors(key: str, vectors: np.ndarray) -> None:
    """Write ``vectors`` atomically; a cache that cannot be written is silently skipped."""
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{key[:16]}-", suffix=".npy.tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        os.replace(tmp, directory / f"{key}.npy")
    except OSError:
        Path(tmp).unlink(missing_ok=True)
