"""What a running generation writes while it works: progress on its row (plus events) and
output blobs.

Both are fenced by the generation job's lease: a progress write commits only while the worker
holds the lease (``JobContext.transaction``), and once the lease is found lost (or a pause or
cancel was asked) the next progress report or blob write raises and the pipeline stops.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from routix.generate.ports import Progress
from routix.generations import repository
from routix.generations.views import output_key, progress_event
from routix.jobs.context import JobContext
from routix.store.models import GENERATION_STATUSES, utcnow

log = logging.getLogger("routix.jobs")

#: Progress writes closer together than this (seconds) are skipped unless the stage changes.
MIN_WRITE_INTERVAL = 0.25


def publish(services: Any, user_id: str, event: dict[str, Any]) -> None:
    """Send ``event`` to ``user_id``'s subscribers; a bus problem is logged, never raised
    (events are hints, the row is the truth)."""
    try:
        services.bus.publish(user_id, event)
    except Exception:
        log.warning("publishing %s failed", event.get("event"), exc_info=True)


def status_for_stage(stage: str) -> str:
    """The row status for a pipeline stage: the stage itself when it is a status
    (analyzing .. generating), else ``generating`` (``finalizing`` is the last part of it)."""
    return stage if stage in GENERATION_STATUSES and stage not in ("pending", "completed", "failed") else "generating"


class ProgressWriter:
    """The pipeline's progress callback for one generation job: writes stage/progress/message
    and the job's attempt to the row (fenced, monotonic within the attempt, throttled to one write
    per MIN_WRITE_INTERVAL s unless the stage changes) and publishes ``generation:progress``.

    The pipeline's own ``completed`` report is not written: the completion transaction does that.
    ``clock`` is injectable for tests (seconds, monotonic).
    """

    def __init__(self, ctx: JobContext, generation_id: uuid.UUID, user_id: str, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ctx, self.generation_id, self.user_id, self.clock = ctx, generation_id, user_id, clock
        self.progress = -1
        self.stage: str | None = None
        self.written_at = float("-inf")

    def __call__(self, report: Progress) -> None:
        self.ctx.check()
        if report.stage == "completed" or report.percent < self.progress:
            return
        stage_changed = report.stage != self.stage
        if not stage_changed and self.clock() - self.written_at < MIN_WRITE_INTERVAL:
            return
        self.write(report.stage, min(report.percent, 99), report.message)

    def write(self, stage: str, progress: int, message: str) -> None:
        """Write one state now (fenced); raises LeaseLost when the job is no longer ours,
        Interrupted when a pause or cancel was asked."""
        status = status_for_stage(stage)
        with self.ctx.transaction() as session:
            repository.write_progress(session, self.generation_id, status=status, stage=stage, progress=progress,
                                      message=message[:500], attempt=self.ctx.attempt, now=utcnow())
        self.progress, self.stage, self.written_at = progress, stage, self.clock()
        snapshot = _Snapshot(self.generation_id, self.ctx.attempt, status, stage, progress, message)
        publish(self.ctx.services, self.user_id, progress_event(snapshot))  # type: ignore[arg-type]


class _Snapshot:
    """The fields ``progress_event`` reads, without reloading the row."""

    def __init__(self, generation_id: uuid.UUID, attempt: int, status: str, stage: str, progress: int,
                 message: str) -> None:
        self.id, self.attempt = generation_id, attempt
        self.status, self.stage, self.progress, self.message = status, stage, progress, message[:500]


class BlobSink:
    """The pipeline's OutputSink for one generation job: output ``name`` goes to the blob key
    ``generations/<generation id>/<name>`` (deterministic, so a retry overwrites instead of
    adding a second set of files). ``keys`` maps every name put so far to its key."""

    def __init__(self, blobs: Any, ctx: JobContext, generation_id: uuid.UUID) -> None:
        self.blobs, self.ctx, self.generation_id = blobs, ctx, generation_id
        self.keys: dict[str, str] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.ctx.check()
        key = output_key(self.generation_id, name)
        self.blobs.put(key, data, content_type)
        self.keys[name] = key

    @staticmethod
    def prefix(generation_id: uuid.UUID) -> str:
        """The blob key prefix of every output of ``generation_id``."""
        return output_key(generation_id, "")


__all__ = ["MIN_WRITE_INTERVAL", "BlobSink", "ProgressWriter", "publish", "status_for_stage"]
