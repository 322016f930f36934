"""Library vector search: the numpy path and the pgvector path rank the same rows identically.

Runs on both backends: on SQLite only the numpy path exists and is checked against an
independent brute-force reference; on PostgreSQL (ROUTIX_TEST_BACKEND=scaled) the pgvector path
(also forced through the HNSW index) is checked against the same reference and the numpy path.
"""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import delete, select, text, update

from routix.errors import InvalidInput, NotFound
from routix.library import vector_pg
from routix.library.search import LibraryIndex, invalidate, library_index
from routix.library.starter import ensure_starter
from routix.store.models import TemplateRecord
from routix.templates import STARTER_TEMPLATES, TemplateFilter, starter_index

CATEGORIES = ("gaming", "tech", "podcast", "food", "music")
N_SYNTHETIC = 40

FILTERS = [
    None,
    TemplateFilter(category="gaming"),
    TemplateFilter(has_face=True),
    TemplateFilter(has_face=False),
    TemplateFilter(has_text=False, energy_min=3),
    TemplateFilter(energy_min=4, energy_max=7),
    TemplateFilter(category="podcast", has_face=True),
    TemplateFilter(style="bold"),
    TemplateFilter(category="food", has_text=True, energy_max=6),
    TemplateFilter(category="beauty", has_face=False),  # accepts nothing
]


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _seed_rows(services) -> dict[str, dict]:
    """40 synthetic rows around the starter vectors (with exact duplicates and equal performance
    scores, so both tie rules matter) plus rows that must never be found. Returns the searchable
    rows (starter + synthetic) as slug -> facts for the reference ranking."""
    ensure_starter(services)  # the fixture truncates tables on PostgreSQL after migrate
    rng = np.random.default_rng(5)
    starters = starter_index().vectors()
    vectors = [_unit(starters[i % 20] + 0.35 * rng.standard_normal(384)) for i in range(30)]
    vectors += [vectors[i] for i in range(10)]  # t-30..t-39 duplicate t-00..t-09
    with services.db.session() as session:
        for i, vector in enumerate(vectors):
            template = STARTER_TEMPLATES[i % 20]
            session.add(TemplateRecord(
                slug=f"t-{i:02d}", source="upload", name=f"Synthetic {i}", category=CATEGORIES[i % 5], tags=["x"],
                description="", status="analyzed", skeleton=template.model_dump(mode="json", by_alias=True),
                embedding=vector, has_face=bool(rng.integers(2)), has_text=bool(rng.integers(2)),
                energy_level=int(rng.integers(1, 11)), performance_score=[0.5, 0.8][i % 2],
            ))
        skeleton = STARTER_TEMPLATES[0].model_dump(mode="json", by_alias=True)
        for slug, status, active in (("x-inactive", "analyzed", False), ("x-pending", "pending_analysis", True)):
            session.add(TemplateRecord(
                slug=slug, name=slug, category="gaming", status=status, is_active=active, skeleton=skeleton,
                embedding=starters[0], has_face=True, has_text=True, energy_level=9, performance_score=1.0,
            ))
    with services.db.session() as session:
        rows = session.scalars(select(TemplateRecord).where(TemplateRecord.is_active.is_(True),
                                                            TemplateRecord.status == "analyzed")).all()
        return {
            r.slug: {"vector": np.asarray(r.embedding, dtype=np.float32), "category": r.category,
                     "style": r.skeleton["dna"]["style"], "has_face": r.has_face, "has_text": r.has_text,
                     "energy": r.energy_level, "performance": r.performance_score}
            for r in rows
        }


def _accepts(f: TemplateFilter | None, row: dict) -> bool:
    return f is None or (
        (f.category is None or row["category"] == f.category) and (f.style is None or row["style"] == f.style)
        and (f.has_face is None or row["has_face"] == f.has_face)
        and (f.has_text is None or row["has_text"] == f.has_text)
        and (f.energy_min is None or row["energy"] >= f.energy_min)
        and (f.energy_max is None or row["energy"] <= f.energy_max)
    )


def _reference(rows: dict, query: np.ndarray, f, k: int, min_score) -> list[tuple[str, float]]:
    """Brute force, written independently of the library: round(cos, 4) desc, perf desc, slug."""
    scored = []
    for slug, row in rows.items():
        if _accepts(f, row):
            score = round(float(np.dot(row["vector"].astype(np.float64), query.astype(np.float64))), 4)
            if min_score is None or score >= min_score:
                scored.append((-score, -row["performance"], slug))
    return [(slug, -neg) for neg, _, slug in sorted(scored)[:k]]


def _queries() -> list[np.ndarray]:
    rng = np.random.default_rng(11)
    starters = starter_index().vectors()
    return [starters[0], starters[7], starters[13], _unit(starters[2] + starters[5]), _unit(rng.standard_normal(384))]


def _cases():
    for qi, query in enumerate(_queries()):
        for f in FILTERS:
            for k, min_score in ((1, None), (5, None), (50, None), (10, 0.3)):
                yield qi, query, f, k, min_score


def _results(index: LibraryIndex, query, f, k, min_score) -> list[tuple[str, float]]:
    return [(m.template.id, m.score) for m in index.search_vector(query, f, k, min_score)]


def test_numpy_path_matches_brute_force_reference(services):
    rows = _seed_rows(services)
    assert len(rows) == len(STARTER_TEMPLATES) + 40  # the starters and the 40 synthetic rows
    index = LibraryIndex(services, backend="numpy")
    checked = 0
    for qi, query, f, k, min_score in _cases():
        expected = _reference(rows, query, f, k, min_score)
        assert _results(index, query, f, k, min_score) == expected, (qi, f, k, min_score)
        checked += bool(expected)
    assert checked > 100  # most cases return rows
    # the duplicates tie on similarity: the higher performance_score wins, then the slug
    hits = [m.template.id for m in index.search_vector(rows["t-01"]["vector"], None, k=2)]
    assert hits == ["t-01", "t-31"] or hits == ["t-31", "t-01"]
    assert hits == sorted(hits, key=lambda s: (-rows[s]["performance"], s))


def test_pgvector_path_matches_numpy_path(services):
    if services.db.dialect != "postgresql":
        pytest.skip("pgvector path needs PostgreSQL (run with ROUTIX_TEST_BACKEND=scaled)")
    rows = _seed_rows(services)
    numpy_index = LibraryIndex(services, backend="numpy")
    pg_index = LibraryIndex(services, backend="pgvector")
    assert library_index(services).backend == "pgvector"
    for qi, query, f, k, min_score in _cases():
        expected = _reference(rows, query, f, k, min_score)
        assert _results(pg_index, query, f, k, min_score) == expected, (qi, f, k, min_score)
        assert _results(numpy_index, query, f, k, min_score) == expected, (qi, f, k, min_score)


def test_pgvector_uses_the_hnsw_index(services):
    if services.db.dialect != "postgresql":
        pytest.skip("pgvector path needs PostgreSQL (run with ROUTIX_TEST_BACKEND=scaled)")
    from routix.library.ranking import rerank

    rows = _seed_rows(services)
    query = _queries()[1]
    with services.db.session() as session:
        session.execute(text("ANALYZE templates"))
        session.execute(text("SET LOCAL enable_seqscan = off"))  # 60 rows: make the planner show the
        session.execute(text("SET LOCAL enable_sort = off"))  # plan it picks for a large table
        plan = "\n".join(r[0] for r in session.execute(text(
            "EXPLAIN SELECT slug FROM templates WHERE is_active AND status = 'analyzed' "
            "ORDER BY embedding <=> CAST(:q AS vector) LIMIT 25"), {"q": str(query.tolist())}))
        assert "Index Scan using ix_templates_embedding_hnsw" in plan, plan[-400:]
        for f in FILTERS[:6]:
            found = rerank(vector_pg.candidates(session, query, f, 5), query, 5, None)
            assert [(r.slug, r.score) for r in found] == _reference(rows, query, f, 5, None), f


def test_index_sees_changes_after_invalidate_and_by_stamp(services):
    index = library_index(services)
    query = starter_index().vectors()[4]
    assert index.search_vector(query, k=1)[0].template.id == STARTER_TEMPLATES[4].id
    with services.db.session() as session:
        session.add(TemplateRecord(
            slug="u-new", name="New", category="music", status="analyzed", embedding=query, performance_score=0.9,
            skeleton=STARTER_TEMPLATES[4].model_dump(mode="json", by_alias=True), has_face=True, has_text=True,
        ))
    invalidate(services)
    top = index.search_vector(query, k=2)
    assert [m.template.id for m in top] == ["u-new", STARTER_TEMPLATES[4].id]  # same score, higher performance
    assert top[0].template.name == "New" and top[0].score == pytest.approx(1.0, abs=1e-4)
    # another process's index notices by the table stamp (no invalidate call)
    stale = LibraryIndex(services, backend="numpy", refresh_seconds=0.0)
    assert stale.search_vector(query, k=1)[0].template.id == "u-new"
    with services.db.session() as session:
        session.execute(update(TemplateRecord).where(TemplateRecord.slug == "u-new").values(is_active=False))
    assert stale.search_vector(query, k=1)[0].template.id == STARTER_TEMPLATES[4].id
    with pytest.raises(NotFound):
        index.get("u-new")
    with pytest.raises(NotFound):
        index.get("no-such-template")
    assert index.get(STARTER_TEMPLATES[4].id) == STARTER_TEMPLATES[4]


def test_text_search_and_bad_input(services):
    index = library_index(services)
    hits = index.search("minecraft hardcore survival, boss fight", TemplateFilter(category="gaming"), k=2)
    assert [m.template.category for m in hits] == ["gaming", "gaming"]
    assert hits[0].score >= hits[1].score
    assert index.search("anything", TemplateFilter(category="gaming"), k=3, min_score=0.99) == []
    with pytest.raises(InvalidInput):
        index.search("   ")
    with pytest.raises(InvalidInput):
        index.search("gaming", k=0)


def test_missing_starter_rows_are_restored_lazily(services):
    """Tests truncate tables under a running worker: an empty search puts the starters back."""
    index = library_index(services)
    assert index.search_vector(starter_index().vectors()[0], k=1)
    with services.db.session() as session:
        session.execute(delete(TemplateRecord))
    invalidate(services)
    hits = index.search_vector(starter_index().vectors()[0], k=1)
    assert hits[0].template.id == STARTER_TEMPLATES[0].id
    with services.db.session() as session:
        assert session.scalar(select(TemplateRecord.slug).where(TemplateRecord.slug == STARTER_TEMPLATES[1].id))
