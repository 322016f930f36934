"""Running a batch: start, pause, resume, cancel, retry the failed rows.

Each function takes the route's session. Those that hand work to the queue (start, resume,
retry) commit it through ``routix.jobs.enqueue.commit_then_dispatch`` and only then dispatch;
the others leave the commit to the caller.

* **start**: the ``ready`` rows become ``queued``, each with a ``batch_row`` job at batch
  priority (``not_before`` = ``start_at``). Conflict ``nothing_to_run`` without a valid row,
  ``batch_started`` when it is not a draft.
* **pause**: pending row jobs are paused at once; rows already running finish (their credits
  are reserved). Reason ``user``.
* **resume**: paused row jobs are pending again and dispatched (a batch paused for credits or
  its cost cap pauses again at the next row if nothing changed).
* **cancel**: rows that have not started are ``cancelled`` (nothing charged); running rows are
  asked to stop and are refunded when they do.
* **retry failed**: each ``failed`` row gets a new generation and job (the failed attempt's
  credits were refunded).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from routix.batches import repository
from routix.batches.jobs import BATCH_ROW
from routix.batches.views import progress_event
from routix.errors import Conflict, InvalidInput
from routix.generations.reporting import publish
from routix.jobs import control as jobs_control
from routix.jobs.enqueue import commit_then_dispatch, enqueue
from routix.kit.transaction import after_commit
from routix.store.models import Job, utcnow
from routix.store.models_batches import Batch


def start(session: Session, services: Any, batch: Batch, *, cost_cap: int | None = None,
          start_at: datetime | None = None) -> int:
    """Start the batch's valid rows (see the module docstring); returns how many. Commits."""
    if batch.status != "draft":
        raise Conflict(f"the batch is {batch.status}; only a draft can be started", code="batch_started")
    if start_at is not None and start_at.tzinfo is None:
        raise InvalidInput("start_at needs a time zone (e.g. 2026-12-07T09:00:00Z)", code="invalid_start_at")
    ids = repository.set_rows(session, batch.id, ("ready",), status="queued")
    if not ids:
        raise Conflict("the batch has no valid row to run", code="nothing_to_run")
    if cost_cap is not None:
        batch.cost_cap = cost_cap
    batch.status, batch.start_at, batch.started_at = "running", start_at, utcnow()
    jobs = [enqueue(session, BATCH_ROW, row_id, user_id=batch.user_id, not_before=start_at) for row_id in ids]
    _announce(session, services, batch)
    commit_then_dispatch(session, services, *jobs)
    return len(ids)


def pause(session: Session, services: Any, batch: Batch) -> int:
    """Pause a running batch; returns the row jobs paused. Conflict ``batch_not_running``."""
    if batch.status != "running":
        raise Conflict(f"the batch is {batch.status}, not running", code="batch_not_running")
    batch.status, batch.pause_reason, batch.pause_message = "paused", "user", "Paused by you."
    count = repository.set_jobs(session, batch.id, ("pending",), status="paused")
    _announce(session, services, batch)
    return count


def resume(session: Session, services: Any, batch: Batch, *, cost_cap: int | None = None) -> int:
    """Resume a paused batch (any reason; ``cost_cap``: a new cap); returns the row jobs
    resumed. Commits. Conflict ``batch_not_paused``."""
    if batch.status != "paused":
        raise Conflict(f"the batch is {batch.status}, not paused", code="batch_not_paused")
    if cost_cap is not None:
        batch.cost_cap = cost_cap
    batch.status, batch.pause_reason, batch.pause_message = "running", None, None
    ids = repository.job_ids(session, batch.id, ("paused",))
    repository.set_jobs(session, batch.id, ("paused",), status="pending", control=None)
    _announce(session, services, batch)
    commit_then_dispatch(session, services, *ids)
    return len(ids)


def cancel(session: Session, services: Any, batch: Batch) -> int:
    """Cancel a batch that has not ended; returns the rows cancelled or asked to stop.
    Commits (running rows are then asked to stop). Conflict ``batch_finished``."""
    if batch.status in ("completed", "cancelled"):
        raise Conflict(f"the batch is {batch.status} already", code="batch_finished")
    repository.set_jobs(session, batch.id, ("pending", "paused"), row_statuses=("queued",), status="cancelled",
                        control=None, finished_at=utcnow(), error_code="cancelled",
                        error_message="The batch row was cancelled.")
    rows = repository.set_rows(session, batch.id, ("ready", "queued"), status="cancelled", finished_at=utcnow(),
                               error_code="cancelled", error_message="The batch was cancelled.")
    started = repository.job_ids(session, batch.id, ("pending", "paused", "running"))  # rows holding credits
    batch.status, batch.finished_at, batch.pause_reason, batch.pause_message = "cancelled", utcnow(), None, None
    _announce(session, services, batch)
    commit_then_dispatch(session, services)
    for job_id in started:  # a waiting one is ended now (refunded), a running one at its next check
        jobs_control.cancel(services, job_id)
    return len(rows) + len(started)


def retry_failed(session: Session, services: Any, batch: Batch) -> int:
    """Run the batch's failed rows again; returns how many. Commits. Conflict ``nothing_to_retry``."""
    if batch.status == "cancelled":
        raise Conflict("the batch was cancelled", code="batch_finished")
    ids = repository.set_rows(session, batch.id, ("failed",), status="queued", generation_id=None, credits=0,
                              error_code=None, error_message=None, finished_at=None)
    if not ids:
        raise Conflict("the batch has no failed row", code="nothing_to_retry")
    batch.status, batch.finished_at = "running", None
    jobs: list[Job] = [enqueue(session, BATCH_ROW, row_id, user_id=batch.user_id) for row_id in ids]
    _announce(session, services, batch)
    commit_then_dispatch(session, services, *jobs)
    return len(ids)


def _announce(session: Session, services: Any, batch: Batch) -> None:
    """Publish the batch's ``batch:progress`` after the commit."""
    session.flush()
    event = progress_event(session, batch, None, services)
    user_id = str(batch.user_id)
    after_commit(session, lambda: publish(services, user_id, event))


__all__ = ["cancel", "pause", "resume", "retry_failed", "start"]
