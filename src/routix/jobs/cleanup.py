"""``job_cleanup``: the periodic kind that forgets old finished job rows.

Every :data:`EVERY` seconds the reaper schedules one; it deletes completed and cancelled jobs
finished more than :data:`KEEP_FINISHED` ago and failed ones after :data:`KEEP_FAILED` (the
domain rows keep their own status and errors; job rows are the runner's bookkeeping).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, delete, or_

from routix.jobs.context import JobContext
from routix.jobs.registry import PRIORITY_MAINTENANCE, JobKind, RetryPolicy, register
from routix.store.models import Job, utcnow

EVERY = 3600.0
KEEP_FINISHED = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


def forget_finished(ctx: JobContext) -> int:
    """Delete old finished job rows (fenced by the clean-up job's own lease); returns how many."""
    now = utcnow()
    old = or_(and_(Job.status.in_(("completed", "cancelled")), Job.finished_at < now - KEEP_FINISHED),
              and_(Job.status == "failed", Job.finished_at < now - KEEP_FAILED))
    with ctx.transaction() as session:
        result = session.execute(delete(Job).where(old).execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


JOB_CLEANUP = register(JobKind(
    name="job_cleanup", run=forget_finished, priority=PRIORITY_MAINTENANCE, every=EVERY, label="job clean-up",
    retry=RetryPolicy(max_attempts=3, backoff=60.0),
))

__all__ = ["EVERY", "JOB_CLEANUP", "KEEP_FAILED", "KEEP_FINISHED", "forget_finished"]
