"""Library vector search on PostgreSQL: pgvector's HNSW index (``ix_templates_embedding_hnsw``,
cosine) finds the candidates, :func:`routix.library.ranking.rerank` orders them.

This module is the library's pgvector adapter: its SQL is PostgreSQL-only (HNSW settings, the
``<=>`` distance, the binary vector format), so it stays here rather than in
:mod:`routix.library.repository`, whose searchable-row conditions it reuses.

The query orders by ``embedding <=> :q`` (cosine distance = 1 - similarity) with the filters as
WHERE clauses. ``hnsw.ef_search`` is raised with the number of candidates wanted, and with
pgvector >= 0.8 ``hnsw.iterative_scan = relaxed_order`` keeps scanning the graph until enough
rows pass the filters (without it a selective filter can return fewer than ``k`` rows). Both are
``SET LOCAL``: they end with the transaction.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import bindparam, func, select, text

from routix.library.ranking import Candidates
from routix.library.repository import searchable_clauses, style_expression
from routix.store.models import TemplateRecord
from routix.store.vector import EMBEDDING_DIM
from routix.templates.index import TemplateFilter

#: candidates fetched beyond ``k`` so rows tying with the k-th survive re-ranking
EXTRA_CANDIDATES = 20
#: hnsw.ef_search bounds (pgvector accepts 1..1000)
EF_MIN, EF_MAX = 100, 1000

_iterative: dict[str, bool] = {}


def supports_iterative_scan(session) -> bool:
    """True when the server's pgvector is 0.8 or newer (``hnsw.iterative_scan`` exists). Cached per URL."""
    url = str(session.get_bind().url)
    if url not in _iterative:
        version = session.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
        parts = tuple(int(p) for p in (version or "0").split(".")[:2] if p.isdigit())
        _iterative[url] = parts >= (0, 8)
    return _iterative[url]


def from_vector_send(data: bytes) -> np.ndarray:
    """float32 ``(dim,)`` from pgvector's binary send format (int16 dim, int16 unused, dim
    big-endian float4). Fetching ``vector_send(embedding)`` skips parsing 384 decimal numbers
    per row (the text format), which cost ~0.3 ms a row."""
    return np.frombuffer(bytes(data), dtype=">f4", offset=4).astype(np.float32)


def filter_clauses(filters: TemplateFilter | None) -> list:
    """SQL conditions equivalent to :meth:`routix.library.vector_numpy.Snapshot.mask`."""
    if filters is None:
        return []
    T = TemplateRecord
    clauses = []
    if filters.category is not None:
        clauses.append(T.category == filters.category)
    if filters.style is not None:
        clauses.append(style_expression() == filters.style)
    if filters.has_face is not None:
        clauses.append(T.has_face.is_(filters.has_face))
    if filters.has_text is not None:
        clauses.append(T.has_text.is_(filters.has_text))
    if filters.energy_min is not None:
        clauses.append(T.energy_level >= filters.energy_min)
    if filters.energy_max is not None:
        clauses.append(T.energy_level <= filters.energy_max)
    return clauses


def candidates(session, vector, filters: TemplateFilter | None, k: int, *, ef_search: int | None = None) -> Candidates:
    """Up to ``k + EXTRA_CANDIDATES`` nearest searchable rows to ``vector`` (float32 (384,)) via HNSW.

    ``ef_search`` overrides the search breadth (default: twice the rows wanted, 100..1000).
    Must run inside a transaction (``SET LOCAL``).
    """
    from pgvector.sqlalchemy import Vector

    T = TemplateRecord
    limit = k + EXTRA_CANDIDATES
    ef = ef_search or min(EF_MAX, max(EF_MIN, 2 * limit))
    settings = "set_config('hnsw.ef_search', :ef, true)"  # true: SET LOCAL (ends with the transaction)
    if supports_iterative_scan(session):
        settings += ", set_config('hnsw.iterative_scan', 'relaxed_order', true)"
    session.execute(text(f"SELECT {settings}"), {"ef": str(int(ef))})  # one round trip for both
    distance = text("templates.embedding <=> :q").bindparams(bindparam("q", value=vector, type_=Vector(EMBEDDING_DIM)))
    rows = session.execute(
        select(T.slug, T.performance_score, T.updated_at, func.vector_send(T.embedding))
        .where(*searchable_clauses(), *filter_clauses(filters))
        .order_by(distance)
        .limit(limit)
    ).all()
    if not rows:
        return Candidates.empty(EMBEDDING_DIM)
    return Candidates(
        slugs=[r[0] for r in rows],
        vectors=np.stack([from_vector_send(r[3]) for r in rows]),
        performance=np.array([float(r[1] if r[1] is not None else 0.5) for r in rows], dtype=np.float64),
        updated=[r[2] for r in rows],
    )
