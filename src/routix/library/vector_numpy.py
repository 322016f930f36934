"""Library vector search in process: the searchable rows' embeddings as one numpy matrix.

Used on SQLite (and anywhere without pgvector). :func:`load_snapshot` reads every active,
analysed row with an embedding once; :meth:`Snapshot.candidates` applies the filters as boolean
masks, scores the rows with one float32 matrix-vector product (10k x 384: ~0.3 ms; 100k: ~25 ms,
memory-bound, on this project's busy 2-core machine: docs/bench.md) and keeps every row that
could make the top ``k`` after exact re-ranking (see :func:`routix.library.ranking.rerank`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session

from routix.library import repository
from routix.library.ranking import SCORE_DECIMALS, Candidates
from routix.templates.index import TemplateFilter

#: float32 scores within this of the k-th best may tie with it after exact float64 rounding.
_TIE_SLACK = 2 * 10.0 ** -SCORE_DECIMALS


@dataclass(frozen=True)
class Snapshot:
    """The searchable rows at one moment: parallel arrays, one entry per row.

    ``matrix`` float32 ``(n, 384)`` L2-normalised embeddings; ``energy`` int 1..10;
    ``performance`` float 0..1; ``stamp`` the table version it was read at (see
    :func:`routix.library.repository.table_stamp`).
    """

    slugs: np.ndarray
    categories: np.ndarray
    styles: np.ndarray
    has_face: np.ndarray
    has_text: np.ndarray
    energy: np.ndarray
    performance: np.ndarray
    updated: list[datetime]
    matrix: np.ndarray
    stamp: tuple

    def __len__(self) -> int:
        return len(self.slugs)

    def mask(self, filters: TemplateFilter | None) -> np.ndarray:
        """Boolean ``(n,)``: rows that ``filters`` accepts (all rows for None)."""
        keep = np.ones(len(self), dtype=bool)
        if filters is None:
            return keep
        if filters.category is not None:
            keep &= self.categories == filters.category
        if filters.style is not None:
            keep &= self.styles == filters.style
        if filters.has_face is not None:
            keep &= self.has_face == filters.has_face
        if filters.has_text is not None:
            keep &= self.has_text == filters.has_text
        if filters.energy_min is not None:
            keep &= self.energy >= filters.energy_min
        if filters.energy_max is not None:
            keep &= self.energy <= filters.energy_max
        return keep

    def candidates(self, vector: np.ndarray, filters: TemplateFilter | None, k: int) -> Candidates:
        """Rows that may rank in the top ``k`` for the L2-normalised float32 ``vector`` (384,).

        Exact: every accepted row whose float32 score is within rounding slack of the k-th best.
        """
        keep = np.flatnonzero(self.mask(filters))
        if keep.size == 0:
            return Candidates.empty(self.matrix.shape[1] if self.matrix.ndim == 2 else 0)
        scores = self._scores(keep, vector)
        if keep.size > k:
            kth = np.partition(scores, keep.size - k)[keep.size - k]
            chosen = np.flatnonzero(scores >= kth - _TIE_SLACK)
        else:
            chosen = np.arange(keep.size)
        rows = keep[chosen]
        return Candidates(
            slugs=[str(s) for s in self.slugs[rows]], vectors=self.matrix[rows],
            performance=self.performance[rows], updated=[self.updated[i] for i in rows],
        )

    def _scores(self, keep: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """float32 dot products of the ``keep`` rows with ``vector``: a selective filter (< 1/4
        of the rows) gathers and scores only those rows, otherwise all rows are scored."""
        if keep.size * 4 < len(self):
            return self.matrix[keep] @ vector
        scores = self.matrix @ vector
        return scores if keep.size == len(self) else scores[keep]


def load_snapshot(session: Session, stamp: tuple) -> Snapshot:
    """Read the searchable rows (active, analysed, with an embedding) into a :class:`Snapshot`."""
    result = repository.searchable_vectors(session)
    n = len(result)
    columns: list[tuple] = list(zip(*result, strict=True)) if n else [() for _ in range(9)]
    matrix = np.stack(columns[8]).astype(np.float32) if n else np.zeros((0, 384), dtype=np.float32)
    return Snapshot(
        slugs=np.array(columns[0], dtype=object),
        categories=np.array(columns[1], dtype=object),
        styles=np.array(columns[2], dtype=object),
        has_face=np.array(columns[3], dtype=bool),
        has_text=np.array(columns[4], dtype=bool),
        energy=np.array(columns[5], dtype=np.int64),
        performance=np.array([float(p if p is not None else 0.5) for p in columns[6]], dtype=np.float64),
        updated=list(columns[7]),
        matrix=np.ascontiguousarray(matrix),
        stamp=stamp,
    )
