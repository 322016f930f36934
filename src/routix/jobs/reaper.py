"""The reaper: finds jobs nobody is working on and dispatches them; schedules periodic kinds.

Every ``interval`` seconds (default ``lease_seconds / 2``) it

1. releases expired leases (running jobs whose ``lease_expires_at`` passed: the worker died or
   hung) with a conditional UPDATE, so a late write by the old worker is fenced off; the job
   becomes pending again (``paused`` when a pause was asked) and is dispatched;
2. dispatches pending jobs that are due and nobody took: untouched for ``pending_grace``
   seconds (dispatch lost, process restarted), or whose ``not_before`` (a retry's backoff, a
   throttled job, a scheduled time) passed since they were last touched; it touches
   ``updated_at`` so a job is not dispatched again before the grace passes;
3. schedules every periodic kind (``JobKind.every``) that has no unfinished job: one pending job
   due ``every`` seconds after the previous one's slot (the first one ``every`` seconds from
   now). The unique index on unfinished (kind, subject) jobs keeps two reapers from scheduling
   it twice.

The first sweep at ``start()`` uses no grace: that is how ``serve`` and ``routix worker``
resume unfinished jobs after a restart. Dispatching a job twice is harmless: the second claim
finds a live lease or a final row and does nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from routix.jobs import registry
from routix.jobs.enqueue import enqueue
from routix.jobs.leases import due
from routix.store.models import JOB_UNFINISHED, Job, utcnow

log = logging.getLogger("routix.jobs")

#: At most this many rows are handled per sweep and step (the rest wait for the next one).
SWEEP_LIMIT = 500
#: The subject id of a periodic kind's jobs (one unfinished job per kind).
PERIODIC_SUBJECT = "periodic"


class Reaper:
    """Background thread over ``services.db`` calling ``dispatch(job_id)`` for orphaned and
    newly due jobs (see the module docstring)."""

    def __init__(self, services: Any, dispatch: Callable[[str], None], *, interval: float | None = None,
                 pending_grace: float = 5.0) -> None:
        self.services, self.dispatch = services, dispatch
        self.interval = interval if interval is not None else max(0.5, services.settings.lease_seconds / 2)
        self.pending_grace = pending_grace
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="routix-reaper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        grace = 0.0
        while True:
            try:
                self.sweep(grace=grace)
            except Exception:
                log.warning("reaper sweep failed", exc_info=True)
            grace = self.pending_grace
            if self._stop.wait(self.interval):
                return

    def sweep(self, *, grace: float | None = None) -> list[str]:
        """One pass; returns the ids it dispatched (expired leases first, then oldest)."""
        grace = self.pending_grace if grace is None else grace
        now = utcnow()
        ids = self._release_expired(now) + self._due(now, grace)
        self.schedule_periodic(now)
        for job_id in ids:
            self.dispatch(job_id)
        if ids:
            log.info("reaper dispatched %d job(s)", len(ids))
        return ids

    def _release_expired(self, now: datetime) -> list[str]:
        expired = and_(Job.status == "running", Job.lease_expires_at.is_not(None), Job.lease_expires_at < now)
        released: list[str] = []
        with self.services.db.session() as session:
            rows = session.execute(select(Job.id, Job.control).where(expired).limit(SWEEP_LIMIT)).all()
            for job_id, control in rows:
                status = "paused" if control == "pause" else "pending"
                result = session.execute(
                    update(Job).where(Job.id == job_id, expired).values(
                        status=status, lease_owner=None, lease_expires_at=None, updated_at=now,
                        control=None if status == "paused" else control,
                    ).execution_options(synchronize_session=False)
                )
                if result.rowcount == 1 and status == "pending":
                    released.append(str(job_id))
        return released

    def _due(self, now: datetime, grace: float) -> list[str]:
        waiting = and_(
            Job.status == "pending", due(now),
            or_(Job.updated_at <= now - timedelta(seconds=grace),
                and_(Job.not_before.is_not(None), Job.updated_at < Job.not_before)),
        )
        with self.services.db.session() as session:
            ids = session.scalars(select(Job.id).where(waiting).order_by(Job.priority.desc(), Job.created_at)
                                  .limit(SWEEP_LIMIT)).all()
            if ids:  # not again before the grace passes
                session.execute(update(Job).where(Job.id.in_(ids), Job.status == "pending").values(updated_at=now)
                                .execution_options(synchronize_session=False))
        return [str(job_id) for job_id in ids]

    def schedule_periodic(self, now: datetime | None = None) -> list[str]:
        """Add the next job of every periodic kind that has no unfinished one; returns their ids
        (they are dispatched by a later sweep, once due)."""
        now = now or utcnow()
        added: list[str] = []
        for kind in registry.periodic():
            assert kind.every is not None
            with self.services.db.session() as session:
                busy = session.scalar(select(Job.id).where(Job.kind == kind.name, Job.status.in_(JOB_UNFINISHED))
                                      .limit(1))
                if busy is not None:
                    continue
                last = session.execute(select(Job.not_before, Job.created_at).where(Job.kind == kind.name)
                                       .order_by(Job.created_at.desc()).limit(1)).first()
                every = timedelta(seconds=kind.every)
                slot = now + every if last is None else max(now, (last.not_before or last.created_at) + every)
                try:
                    with session.begin_nested():
                        job = enqueue(session, kind, PERIODIC_SUBJECT, not_before=slot)
                        session.flush()
                except IntegrityError:  # another reaper scheduled it first
                    continue
                added.append(str(job.id))
        return added


__all__ = ["PERIODIC_SUBJECT", "SWEEP_LIMIT", "Reaper"]
