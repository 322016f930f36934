"""What both library search back ends share: the candidates they hand over and the final
ranking rule (which rows are searchable and the table's version stamp are queries:
:mod:`routix.library.repository`).

Ranking: cosine similarity computed in float64 from the stored float32 vectors and rounded to
:data:`SCORE_DECIMALS` decimals (so the numpy and the pgvector path, which see the very same
vectors, tie identically), then ``performance_score`` descending, then slug ascending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

#: similarity is rounded to this many decimals before ties are broken
SCORE_DECIMALS = 4


@dataclass(frozen=True)
class Candidates:
    """Rows that may rank: slugs, float32 ``(n, dim)`` vectors, performance scores, updated_at."""

    slugs: list[str]
    vectors: np.ndarray
    performance: np.ndarray
    updated: list[datetime]

    @classmethod
    def empty(cls, dim: int) -> Candidates:
        return cls([], np.zeros((0, dim), dtype=np.float32), np.zeros(0), [])


@dataclass(frozen=True)
class Ranked:
    """One ranked row: slug, rounded cosine similarity (-1..1), performance score, updated_at."""

    slug: str
    score: float
    performance: float
    updated: datetime | None


def rerank(candidates: Candidates, vector: np.ndarray, k: int, min_score: float | None) -> list[Ranked]:
    """The best ``k`` of ``candidates`` for the float32 query ``vector`` under the ranking rule.

    Rows whose rounded similarity is below ``min_score`` are dropped.
    """
    if not candidates.slugs:
        return []
    sims = np.round(candidates.vectors.astype(np.float64) @ np.asarray(vector, dtype=np.float64), SCORE_DECIMALS)
    ranked = [
        Ranked(slug, float(sim), float(perf), updated)
        for slug, sim, perf, updated in zip(candidates.slugs, sims, candidates.performance, candidates.updated,
                                            strict=True)
        if min_score is None or sim >= min_score
    ]
    ranked.sort(key=lambda r: (-r.score, -r.performance, r.slug))
    return ranked[:k]
