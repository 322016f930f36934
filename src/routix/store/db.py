"""Engine and sessions for the configured database (SQLite by default, PostgreSQL by URL).

SQLite runs in WAL mode with foreign keys on and a busy timeout, so the API thread and the
in-process workers share one file safely. ``Database.session()`` is a context manager that
commits on success and rolls back on error, then runs the transaction's callbacks
(:mod:`routix.kit.transaction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from routix.kit.transaction import run_after_commit, run_on_rollback
from routix.store.models import GenerationRequest


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``. SQLite files get their folder created and WAL/foreign-key pragmas."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=10,
            max_overflow=20,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised by every test
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """One engine plus a session factory. ``session()`` commits on success, rolls back on error."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.sessions, "before_flush", _write_lock_before_search_triggers)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back when it
        raises; then its :mod:`routix.kit.transaction` callbacks run (after-commit or rollback
        ones), before the session is closed."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            run_on_rollback(session)
            raise
        else:
            run_after_commit(session)
        finally:
            session.close()

    def ping(self) -> None:
        """Raise if the database does not answer ``SELECT 1``."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _write_lock_before_search_triggers(session: Session, _context, _instances) -> None:
    """SQLite: a flush that writes ``generation_requests`` first takes the write lock with a
    no-op UPDATE. The history's full-text triggers (migration 0007) touch an FTS5 table, which
    reads before the statement takes the write lock; when a concurrent writer commits in between,
    SQLite answers "database is locked" at once (a stale snapshot is not retried by the busy
    timeout). Taking the lock first makes such a flush wait its turn like any other write."""
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, GenerationRequest) for row in touched):
        session.connection().exec_driver_sql("UPDATE users SET id = id WHERE 0")
