"""The lease reaper: finds jobs nobody is working on and dispatches them again.

Every ``interval`` seconds (default ``lease_seconds / 2``) it

1. releases expired leases (non-final rows whose ``lease_expires_at`` passed: the worker died
   or hung) with a conditional UPDATE, so a late write by the old worker is fenced off, and
2. dispatches every non-final row without a lease whose ``updated_at`` is older than
   ``pending_grace`` seconds (just released, never dispatched, dispatch lost, process restarted),
   touching ``updated_at`` so the row is not dispatched again before the grace passes.

3. does the same for library templates (issue 5): rows ``pending_analysis`` untouched for
   ``pending_grace`` seconds, and rows ``analyzing`` whose ``analysis_started_at`` is older than
   ``lease_seconds`` (the analysing worker died), are dispatched as ``template:<id>``.

The first sweep at ``start()`` uses no grace: that is how ``serve`` and ``routix worker``
resume unfinished jobs after a restart. Running a job twice is harmless: the second claim
finds a live lease or a final row and does nothing.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Callable

from sqlalchemy import and_, or_, select, update

from routix.store.models import (
    FINAL_STATUSES,
    GenerationRequest,
    TemplateRecord,
    utcnow,
)

log = logging.getLogger("routix.jobs")
Row = GenerationRequest

#: At most this many rows are handled per sweep (the rest wait for the next one).
SWEEP_LIMIT = 500


class Reaper:
    """Background thread over ``services.db`` calling ``dispatch(job_id)`` for orphaned jobs."""

    def __init__(self, services, dispatch: Callable[[str], None], *, interval: float | None = None,
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
            except Exception:  # noqa: BLE001 - a DB outage must not kill the reaper
                log.warning("reaper sweep failed", exc_info=True)
            grace = self.pending_grace
            if self._stop.wait(self.interval):
                return

    def sweep(self, *, grace: float | None = None) -> list[str]:
        """One pass; returns the ids it dispatched (oldest first)."""
        grace = self.pending_grace if grace is None else grace
        now = utcnow()
        not_final = Row.status.not_in(FINAL_STATUSES)
        with self.services.db.session() as session:
            expired = and_(not_final, Row.lease_expires_at.is_not(None), Row.lease_expires_at < now)
            for job_id in session.scalars(select(Row.id).where(expired).limit(SWEEP_LIMIT)).all():
                session.execute(
                    update(Row).where(Row.id == job_id, expired).values(
                        lease_owner=None, lease_expires_at=None, updated_at=now - timedelta(seconds=grace + 1),
                        message="The worker stopped responding; retrying",
                    ).execution_options(synchronize_session=False)
                )
            orphan = and_(not_final, Row.lease_owner.is_(None), Row.updated_at <= now - timedelta(seconds=grace))
            ids = session.scalars(select(Row.id).where(orphan).order_by(Row.created_at).limit(SWEEP_LIMIT)).all()
            if ids:
                session.execute(
                    update(Row).where(Row.id.in_(ids), Row.lease_owner.is_(None)).values(updated_at=now)
                    .execution_options(synchronize_session=False)
                )
        jobs = [str(job_id) for job_id in ids] + self._template_jobs(now, grace)
        for job_id in jobs:
            self.dispatch(job_id)
        if jobs:
            log.info("reaper dispatched %d unfinished job(s)", len(jobs))
        return jobs

    def _template_jobs(self, now, grace: float) -> list[str]:
        """``template:<id>`` for templates waiting for (or abandoned during) their analysis."""
        T = TemplateRecord
        stale = now - timedelta(seconds=self.services.settings.lease_seconds)
        waiting = or_(
            and_(T.status == "pending_analysis", T.updated_at <= now - timedelta(seconds=grace)),
            and_(T.status == "analyzing", or_(T.analysis_started_at.is_(None), T.analysis_started_at < stale)),
        )
        with self.services.db.session() as session:
            ids = session.scalars(select(T.id).where(waiting).order_by(T.created_at).limit(SWEEP_LIMIT)).all()
            if ids:  # not again before the grace passes
                session.execute(update(T).where(T.id.in_(ids), T.status == "pending_analysis")
                                .values(updated_at=now).execution_options(synchronize_session=False))
        return [f"template:{template_id}" for template_id in ids]
