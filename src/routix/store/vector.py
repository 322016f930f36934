"""``Embedding(dim)``: an embedding column that is pgvector's ``vector(dim)`` on PostgreSQL and
little-endian float32 bytes (``BLOB``) on SQLite.

Values go in as a 1-D sequence or numpy array of ``dim`` floats and come out as a numpy
``float32`` array of shape ``(dim,)`` on both backends (``None`` stays ``None``). A vector of
the wrong length raises ``ValueError`` before it reaches the database.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import LargeBinary, TypeDecorator

#: all-MiniLM-L6-v2 sentence vectors (routix.embed)
EMBEDDING_DIM = 384


class Embedding(TypeDecorator):
    """A float32 vector column (see module docstring)."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, dim: int = EMBEDDING_DIM) -> None:
        super().__init__()
        self.dim = dim

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            from pgvector.sqlalchemy import Vector

            return dialect.type_descriptor(Vector(self.dim))
        return dialect.type_descriptor(LargeBinary())

    def _as_array(self, value) -> np.ndarray:
        array = np.asarray(value, dtype=np.float32).reshape(-1)
        if array.shape != (self.dim,):
            raise ValueError(f"embedding must have {self.dim} values, got {array.size}")
        return array

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        array = self._as_array(value)
        if dialect.name == "postgresql":
            return array
        return array.astype("<f4").tobytes()

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return np.frombuffer(bytes(value), dtype="<f4").astype(np.float32)
        return np.asarray(value, dtype=np.float32)

    def copy(self, **kw):
        return Embedding(self.dim)

    def __repr__(self) -> str:
        return f"Embedding({self.dim})"


__all__ = ["EMBEDDING_DIM", "Embedding"]
