"""Adding jobs: ``enqueue`` in the caller's transaction, then ``commit_then_dispatch``.

The job row is the truth; a queue message only says "run job X". So a use case adds its domain
row and its job in one transaction, commits, and only then dispatches. A failed dispatch is
logged, not raised: the reaper dispatches every pending job nobody took, so a lost message
costs a delay, never a job.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from routix.jobs.registry import JobKind, get_kind
from routix.kit.logs import remember_origin
from routix.kit.transaction import run_after_commit
from routix.store.models import JOB_UNFINISHED, Job, new_id

log = logging.getLogger("routix.jobs")


def enqueue(session: Session, kind: str | JobKind, subject_id: uuid.UUID | str, *,
            user_id: uuid.UUID | None = None, priority: int | None = None, not_before: datetime | None = None,
            phase: str | None = None) -> Job:
    """Add a pending job of ``kind`` for the domain row ``subject_id`` to ``session`` (not
    committed, not flushed; the id is set at once) and return it.

    ``priority`` defaults to the kind's (``PRIORITY_INTERACTIVE``/``PRIORITY_BATCH``/...); the
    stored priority is that minus the index of ``phase`` (default: the kind's first phase).
    ``not_before`` (aware UTC): not claimed before then. ``user_id`` counts the job against that
    user's concurrency limit for the kind. Raises UnknownJobKind, ValueError (unknown phase);
    a second unfinished job for the same kind and subject fails at flush (IntegrityError).
    """
    known = get_kind(kind)
    phase = phase if phase is not None else (known.phases[0] if known.phases else None)
    base = known.priority if priority is None else priority
    job = Job(id=new_id(), kind=known.name, subject_id=str(subject_id), user_id=user_id, status="pending",
              priority=base - known.phase_rank(phase), not_before=not_before, phase=phase, attempt=0)
    session.add(job)
    return job


def commit_then_dispatch(session: Session, services: Any, *jobs: Job | uuid.UUID | str) -> None:
    """Commit ``session``, then ask ``services.queue`` to run each of ``jobs``.

    THE one place where adding work commits: the commit must come first (a worker must find
    the row), the dispatch after it. A use case may call it on a session its caller opened (a
    route's request session): dispatching is the reason to commit early. The session's
    after-commit callbacks registered so far (``routix.kit.transaction``) run right after the
    commit. Commit errors propagate (nothing was dispatched); dispatch errors are logged only
    (the reaper recovers)."""
    ids = [str(job.id) if isinstance(job, Job) else str(job) for job in jobs]  # before commit expires them
    session.commit()
    run_after_commit(session)
    for job_id in ids:
        remember_origin(job_id)  # the worker's log lines carry this request's id
        try:
            services.queue.dispatch(job_id)
        except Exception:
            log.warning("dispatch of job %s failed; the reaper will retry", job_id, exc_info=True)


def unfinished(session: Session, kind: str | JobKind, subject_id: uuid.UUID | str) -> Job | None:
    """The unfinished (pending, running or paused) job of ``kind`` for ``subject_id``, if any."""
    name = kind.name if isinstance(kind, JobKind) else kind
    return session.scalars(select(Job).where(Job.kind == name, Job.subject_id == str(subject_id),
                                             Job.status.in_(JOB_UNFINISHED))).first()


def job_for(session: Session, kind: str | JobKind, subject_id: uuid.UUID | str) -> Job | None:
    """The newest job of ``kind`` for ``subject_id`` (finished or not), if any."""
    name = kind.name if isinstance(kind, JobKind) else kind
    return session.scalars(select(Job).where(Job.kind == name, Job.subject_id == str(subject_id))
                           .order_by(Job.created_at.desc()).limit(1)).first()


__all__ = ["commit_then_dispatch", "enqueue", "job_for", "unfinished"]
