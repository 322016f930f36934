"""Work tied to the outcome of a session's transaction: after its commit, or after its rollback.

A service receives a session and never commits it. Work that must wait until the service's
writes are durable (publishing a ``chat:message`` event, deleting a blob no row references any
more, invalidating the library search) is registered with :func:`after_commit`; undoing work
done outside the database before the commit (a blob stored for an asset row that is then rolled
back) with :func:`on_rollback`. Whoever commits or rolls back runs them: ``Database.session()``
(CLI, workers, the API's per-request session) right after its commit or rollback, before the
session is closed, so in the API before the response is sent; and the jobs helper that commits
early to dispatch (``routix.jobs.enqueue.commit_then_dispatch``).

Callbacks run in the order they were registered; one that raises is logged, never raised (the
transaction's outcome is decided by then, and the other callbacks still run). A rollback drops
the after-commit callbacks and a commit drops the rollback ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

log = logging.getLogger("routix.transaction")

AFTER_COMMIT = "routix.after_commit"
ON_ROLLBACK = "routix.on_rollback"

Callback = Callable[[], Any]


def after_commit(session: Session, callback: Callback) -> None:
    """Run ``callback()`` once ``session``'s transaction has committed (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


def on_rollback(session: Session, callback: Callback) -> None:
    """Run ``callback()`` if ``session``'s transaction rolls back (never if it commits)."""
    session.info.setdefault(ON_ROLLBACK, []).append(callback)


def run_after_commit(session: Session) -> None:
    """Run (and forget) the after-commit callbacks; for the code that opened ``session``."""
    session.info.pop(ON_ROLLBACK, None)
    _run(session.info.pop(AFTER_COMMIT, []), "after-commit")


def run_on_rollback(session: Session) -> None:
    """Run (and forget) the rollback callbacks; for the code that opened ``session``."""
    session.info.pop(AFTER_COMMIT, None)
    _run(session.info.pop(ON_ROLLBACK, []), "rollback")


def _run(callbacks: list[Callback], when: str) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("%s callback %r failed", when, callback)


__all__ = ["after_commit", "on_rollback", "run_after_commit", "run_on_rollback"]
