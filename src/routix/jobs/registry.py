"""Job kinds: what the runner knows about each kind of background work.

A domain registers one :class:`JobKind` per kind of work at import time (``register``); the
runner looks kinds up by the ``jobs.kind`` column. ``routix.jobs.kinds`` imports every domain
module that registers one, and every process that runs jobs imports it.

Priorities are plain ints, high first: :data:`PRIORITY_INTERACTIVE` (a user is waiting),
:data:`PRIORITY_BATCH` (rows of a batch, library analyses), :data:`PRIORITY_MAINTENANCE`
(cleanups). A kind with ``phases`` stores ``priority - phase index`` on its job, so at equal
priority a job in its first phase is claimed before one in a later phase.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from routix.config import Settings
    from routix.jobs.context import AfterCommit, Failure, JobContext

PRIORITY_INTERACTIVE = 100
PRIORITY_BATCH = 0
PRIORITY_MAINTENANCE = -100

Handler = Callable[["JobContext"], Any]
FinishHook = Callable[["Session", "JobContext", Any], "AfterCommit | None"]
FailHook = Callable[["Session", "JobContext", "Failure"], "AfterCommit | None"]
LostHook = Callable[["JobContext"], None]


class UnknownJobKind(LookupError):
    """No kind of that name is registered in this process."""


@dataclass(frozen=True)
class RetryPolicy:
    """How a kind retries after an unexpected error (a ``RoutixError`` is never retried).

    ``max_attempts``: claims before the job fails (None: ``settings.max_attempts``). The n-th
    retry waits ``min(max_backoff, backoff * factor ** (n - 1))`` seconds (``not_before``),
    or the error's ``retry_after`` (seconds, e.g. a provider's Retry-After) when that is
    longer (still capped at ``max_backoff``), plus a random 0..``jitter`` seconds so jobs that
    failed together do not all come back at the same moment.
    """

    max_attempts: int | None = None
    backoff: float = 2.0
    factor: float = 2.0
    max_backoff: float = 300.0
    jitter: float = 0.0

    def attempts(self, settings: Settings) -> int:
        """The number of attempts allowed (>= 1)."""
        return max(1, self.max_attempts if self.max_attempts is not None else settings.max_attempts)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before the attempt after ``attempt`` (1-based) failed;
        ``retry_after``: the wait the failed call asked for (seconds), if any."""
        wait = self.backoff * self.factor ** max(0, attempt - 1)
        if retry_after is not None and retry_after > wait:
            wait = retry_after
        extra = random.uniform(0.0, self.jitter) if self.jitter > 0 else 0.0
        return float(min(self.max_backoff, wait) + extra)


@dataclass(frozen=True)
class JobKind:
    """One kind of job.

    * ``run(ctx)`` does the work under the lease and returns a result for ``finish``; it raises
      ``RoutixError`` for a failure no retry can fix, anything else to be retried.
    * ``finish(session, ctx, result)`` runs inside the completion transaction (after the fenced
      ``completed`` write on the job row); ``fail(session, ctx, failure)`` inside the failure or
      cancellation transaction; ``retrying(session, ctx, failure)`` inside the transaction that
      hands the job back for a retry. Each may return a callable run after the commit (events).
    * ``checkpoint(session, ctx, result)`` runs inside the transaction that ends a phase, when
      ``run`` returned :class:`routix.jobs.context.NextPhase` (``result`` is its ``result``);
      it may return a callable run after the commit.
    * ``lost(ctx)``: called when the worker lost the lease (clean-up of its own writes).
    * ``priority`` (default of ``enqueue``), ``per_user_limit`` (running jobs of this kind per
      user; None: no limit), ``phases`` (names in order; ``ctx.phase`` starts at the first),
      ``every`` (seconds: a periodic kind the reaper schedules; one unfinished job at a time),
      ``label`` (the kind in messages: "The <label> failed ...").
    """

    name: str
    run: Handler
    finish: FinishHook | None = None
    fail: FailHook | None = None
    retrying: FailHook | None = None
    lost: LostHook | None = None
    checkpoint: FinishHook | None = None
    retry: RetryPolicy = RetryPolicy()
    priority: int = PRIORITY_INTERACTIVE
    per_user_limit: int | None = None
    phases: tuple[str, ...] = ()
    every: float | None = None
    label: str = "job"

    def phase_rank(self, phase: str | None) -> int:
        """The index of ``phase`` in ``phases`` (0 for None); ValueError for an unknown phase."""
        if phase is None or not self.phases:
            return 0
        if phase not in self.phases:
            raise ValueError(f"job kind {self.name!r} has no phase {phase!r}; phases are {self.phases}")
        return self.phases.index(phase)


_kinds: dict[str, JobKind] = {}
_lock = threading.Lock()


def register(kind: JobKind, *, replace: bool = False) -> JobKind:
    """Make ``kind`` known to this process; returns it. ValueError when another kind already
    uses the name (unless ``replace``)."""
    with _lock:
        current = _kinds.get(kind.name)
        if current is not None and current is not kind and not replace:
            raise ValueError(f"job kind {kind.name!r} is already registered")
        _kinds[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget the kind ``name`` (tests register kinds of their own)."""
    with _lock:
        _kinds.pop(name, None)


def get_kind(kind: str | JobKind) -> JobKind:
    """The registered kind ``kind`` (a name, or a registered JobKind); raises UnknownJobKind."""
    name = kind.name if isinstance(kind, JobKind) else kind
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownJobKind(f"no job kind {name!r} is registered in this process") from None


def known() -> list[str]:
    """The names of every registered kind (this process can run exactly these)."""
    with _lock:
        return sorted(_kinds)


def periodic() -> list[JobKind]:
    """The registered kinds with an ``every`` interval."""
    with _lock:
        return [kind for kind in _kinds.values() if kind.every]


__all__ = ["PRIORITY_BATCH", "PRIORITY_INTERACTIVE", "PRIORITY_MAINTENANCE", "JobKind", "RetryPolicy",
           "UnknownJobKind", "get_kind", "known", "periodic", "register", "unregister"]
