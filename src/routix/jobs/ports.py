"""Port: how "run job X" reaches a worker. The job's row is the truth; a queue only carries
ids, so a lost message costs a delay (the reaper re-dispatches), never a job."""

from __future__ import annotations

from typing import Protocol


class JobQueue(Protocol):
    name: str

    def dispatch(self, job_id: str) -> None:
        """Ask a worker to run job ``job_id`` (idempotent: running a finished job is a no-op)."""

    def start(self) -> None:
        """Start workers (inline) and the reaper that re-dispatches expired, orphaned and newly
        due jobs and schedules periodic ones."""

    def stop(self) -> None: ...

    def depth(self) -> int:
        """Jobs waiting for a worker (best effort; -1 when the queue cannot tell)."""
