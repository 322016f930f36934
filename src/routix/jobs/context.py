"""What a job's handler and hooks receive: :class:`JobContext` and :class:`Failure`."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from routix.jobs import leases
from routix.jobs.leases import Interrupted, Lease, LeaseLost

if TYPE_CHECKING:
    from routix.jobs.registry import JobKind

#: A hook's "after commit" step (publishing events, clearing caches); errors are only logged.
AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class Failure:
    """Why a job ended without completing: a stable ``code`` (``cancelled`` for a cancellation,
    ``internal_error``/``too_many_attempts`` from the runner, else the RoutixError's code) and a
    message fit for users."""

    code: str
    message: str

    @property
    def cancelled(self) -> bool:
        return self.code == "cancelled"


@dataclass(frozen=True)
class NextPhase:
    """What a kind's ``run`` returns to end a phase and hand the worker back: in ONE transaction
    the job moves to ``phase`` (its priority lowered by the phases it moved on), goes back to
    ``pending`` (the claim does not count as an attempt) and the kind's ``checkpoint`` hook gets
    ``result``; after the commit the job is dispatched again. Pending jobs of a higher priority
    (other jobs' first phases) are claimed before its next phase."""

    phase: str
    result: Any = None


@dataclass
class JobContext:
    """One run of one job: the services, the job's row fields and the lease (None when a hook
    runs outside a run, e.g. cancelling a pending job)."""

    services: Any
    kind: JobKind
    job_id: uuid.UUID
    subject_id: str
    user_id: uuid.UUID | None
    attempt: int
    phase: str | None
    lease: Lease | None = None

    def check(self) -> None:
        """Raise LeaseLost when the lease is gone, Interrupted when a pause/cancel was asked
        (as seen by the last heartbeat or fenced write). Call it between steps."""
        if self.lease is not None:
            self.lease.check()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose writes commit only while this worker holds the lease: the job row
        is renewed and locked first (raises LeaseLost / Interrupted), committed on exit."""
        with self.services.db.session() as session:
            if self.lease is not None:
                leases.fence(session, self.lease)
            yield session

    def advance(self, phase: str) -> None:
        """Record that the job reached ``phase`` (a fenced write): after a crash the next
        attempt starts with ``ctx.phase == phase``. Raises LeaseLost when the lease is gone,
        ValueError for a phase the kind does not have."""
        drop = self.kind.phase_rank(phase) - self.kind.phase_rank(self.phase)
        if self.lease is None:
            raise LeaseLost("no lease to advance with")
        with self.services.db.session() as session:
            if not leases.advance(session, self.lease, phase, drop):
                self.lease.lost.set()
                raise LeaseLost(f"lease on job {self.job_id} lost")
        self.phase = phase


__all__ = ["AfterCommit", "Failure", "Interrupted", "JobContext", "LeaseLost", "NextPhase"]
