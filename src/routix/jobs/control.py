"""Pause, resume and cancel jobs.

* A pending job is paused at once (``paused``: never claimed until resumed); a running one gets
  ``control = 'pause'`` and parks itself at its next heartbeat or progress check, keeping its
  phase and without spending an attempt.
* ``resume`` makes a paused job pending again and dispatches it.
* A pending or paused job is cancelled at once, its kind's ``fail`` hook running in the same
  transaction with code ``cancelled``; a running one gets ``control = 'cancel'`` and its worker
  ends it the same way at its next check (a dead worker's job is ended by whoever claims it next).

Each function opens and commits its own transaction and returns what happened.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, update

from routix.jobs import registry
from routix.jobs.context import Failure
from routix.jobs.enqueue import commit_then_dispatch
from routix.jobs.runner import after_commit, context_for
from routix.store.models import Job, utcnow


def _id(job_id: uuid.UUID | str) -> uuid.UUID | None:
    try:
        return job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except ValueError:
        return None


def _set(session: Any, job_id: uuid.UUID, statuses: tuple[str, ...], **values: Any) -> bool:
    result = session.execute(update(Job).where(and_(Job.id == job_id, Job.status.in_(statuses)))
                             .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    return int(result.rowcount) == 1


def pause(services: Any, job_id: uuid.UUID | str) -> str:
    """Pause job ``job_id``: ``paused`` (it was pending), ``pausing`` (running: it parks at its
    next check), or ``unchanged`` (unknown, final or already paused)."""
    jid = _id(job_id)
    if jid is None:
        return "unchanged"
    with services.db.session() as session:
        if _set(session, jid, ("pending",), status="paused"):
            return "paused"
        if _set(session, jid, ("running",), control="pause"):
            return "pausing"
    return "unchanged"


def resume(services: Any, job_id: uuid.UUID | str) -> str:
    """Make a paused job ``job_id`` pending again and dispatch it: ``resumed``; a running job
    that was asked to pause keeps running: ``running``; else ``unchanged``."""
    jid = _id(job_id)
    if jid is None:
        return "unchanged"
    with services.db.session() as session:
        if _set(session, jid, ("paused",), status="pending", control=None):
            commit_then_dispatch(session, services, jid)
            return "resumed"
        if _set(session, jid, ("running",), control=None):
            return "running"
    return "unchanged"


def cancel(services: Any, job_id: uuid.UUID | str) -> str:
    """Cancel job ``job_id``: ``cancelled`` (it was pending or paused; its kind's fail hook ran),
    ``cancelling`` (running: its worker ends it at its next check) or ``unchanged`` (unknown,
    final, or of a kind this process does not know)."""
    jid = _id(job_id)
    if jid is None:
        return "unchanged"
    after = None
    with services.db.session() as session:
        job = session.get(Job, jid)
        if job is None or job.kind not in registry.known():
            return "unchanged"
        ctx = context_for(services, None, job)
        failure = Failure("cancelled", f"The {ctx.kind.label} was cancelled.")
        if _set(session, jid, ("pending", "paused"), status="cancelled", control=None, finished_at=utcnow(),
                error_code=failure.code, error_message=failure.message):
            after = ctx.kind.fail(session, ctx, failure) if ctx.kind.fail else None
            outcome = "cancelled"
        elif _set(session, jid, ("running",), control="cancel"):
            outcome = "cancelling"
        else:
            outcome = "unchanged"
    after_commit(after)
    return outcome


__all__ = ["cancel", "pause", "resume"]
