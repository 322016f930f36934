"""What a running job writes while it works: progress on its row (plus events) and output blobs.

Both are fenced by the job's lease: once the heartbeat finds the lease lost, the next progress
report or blob write raises ``LeaseLost`` and the pipeline stops.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Callable

from routix.generate.ports import Progress
from routix.generations.views import output_key
from routix.jobs import leases
from routix.jobs.leases import Lease, LeaseLost
from routix.store.models import GENERATION_STATUSES

log = logging.getLogger("routix.jobs")

#: Progress writes closer together than this (seconds) are skipped unless the stage changes.
MIN_WRITE_INTERVAL = 0.25


def publish(services, user_id: str, event: dict) -> None:
    """Send ``event`` to ``user_id``'s subscribers; a bus problem is logged, never raised
    (events are hints, the row is the truth)."""
    try:
        services.bus.publish(user_id, event)
    except Exception:  # noqa: BLE001
        log.warning("publishing %s failed", event.get("event"), exc_info=True)


def status_for_stage(stage: str) -> str:
    """The row status for a pipeline stage: the stage itself when it is a status
    (analyzing .. generating), else ``generating`` (``finalizing`` is the last part of it)."""
    return stage if stage in GENERATION_STATUSES and stage not in ("pending", "completed", "failed") else "generating"


class ProgressWriter:
    """The pipeline's progress callback for one job: writes stage/progress/message to the row
    (fenced, monotonic within the attempt, throttled to one write per MIN_WRITE_INTERVAL s unless
    the stage changes) and publishes ``generation:progress`` after each write.

    The pipeline's own ``completed`` report is not written: the completion transaction does that.
    ``clock`` is injectable for tests (seconds, monotonic).
    """

    def __init__(self, services, lease: Lease, user_id: str, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.services, self.lease, self.user_id, self.clock = services, lease, user_id, clock
        self.progress = -1
        self.stage: str | None = None
        self.written_at = float("-inf")

    def __call__(self, report: Progress) -> None:
        self.lease.check()
        if report.stage == "completed" or report.percent < self.progress:
            return
        stage_changed = report.stage != self.stage
        if not stage_changed and self.clock() - self.written_at < MIN_WRITE_INTERVAL:
            return
        self.write(report.stage, min(report.percent, 99), report.message)

    def write(self, stage: str, progress: int, message: str) -> None:
        """Write one state now (fenced); raises LeaseLost when the row is no longer ours."""
        from routix.generations.views import progress_event

        status = status_for_stage(stage)
        if not leases.write_progress(self.services.db, self.lease, status=status, stage=stage, progress=progress,
                                     message=message):
            self.lease.lost.set()
            raise LeaseLost(f"lease on job {self.lease.job_id} lost")
        self.progress, self.stage, self.written_at = progress, stage, self.clock()
        event = progress_event(_Snapshot(self.lease, status, stage, progress, message))
        publish(self.services, self.user_id, event)


class _Snapshot:
    """The fields ``progress_event`` reads, without reloading the row."""

    def __init__(self, lease: Lease, status: str, stage: str, progress: int, message: str) -> None:
        self.id, self.attempt = lease.job_id, lease.attempt
        self.status, self.stage, self.progress, self.message = status, stage, progress, message[:500]


class BlobSink:
    """The pipeline's OutputSink for one job: output ``name`` goes to the blob key
    ``generations/<job id>/<name>`` (deterministic, so a retry overwrites instead of adding a
    second set of files). ``keys`` maps every name put so far to its key."""

    def __init__(self, blobs, lease: Lease) -> None:
        self.blobs, self.lease = blobs, lease
        self.keys: dict[str, str] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.lease.check()
        key = output_key(self.lease.job_id, name)
        self.blobs.put(key, data, content_type)
        self.keys[name] = key

    @staticmethod
    def prefix(job_id: uuid.UUID) -> str:
        return output_key(job_id, "")

