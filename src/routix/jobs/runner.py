"""Run claimed jobs: the same code in the in-process workers, Celery workers and the CLI.

``run_job(services, job_id, worker_id)`` claims one job and runs it; ``run_next`` claims the
best runnable job; ``run_message`` is what a Celery message runs (claim-by-priority at run time,
see ``routix.jobs.celery_app``). A run:

1. claims the lease (``attempt + 1``); a cancel or pause asked meanwhile ends or parks the job
   first; more attempts than the kind's retry policy allows -> failed (``too_many_attempts``);
2. with a heartbeat renewing the lease, calls the kind's ``run(ctx)``;
3. completes in ONE transaction: the fenced ``completed`` write on the job row, then the kind's
   ``finish`` hook; after the commit the hook's after-commit step (events) runs.

Errors: a RoutixError fails the job with its code and message (not retried; the kind's ``fail``
hook runs in the same transaction); any other exception hands the job back for a retry due
``retry.delay(attempt, exc.retry_after)`` seconds later (backoff, jitter, Retry-After),
until the policy's attempts are used up (then failed, ``internal_error``); a lost lease
stops quietly (the kind's ``lost`` hook cleans up); a cancel ends the job as ``cancelled``
(the ``fail`` hook runs with code ``cancelled``); a pause parks it as ``paused`` without
spending an attempt.

A ``run`` that returns :class:`NextPhase` ends a phase instead (``next_phase``): the job goes back
to the queue in its next phase at a lower priority and the kind's ``checkpoint`` hook runs in
that transaction; after the commit the job is dispatched again.

Outcomes (returned, never raised for a job's own errors): ``completed``, ``next_phase``,
``failed``, ``cancelled``, ``paused``, ``retry``, ``lost``, ``skipped`` (nothing to do).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from routix.errors import RoutixError
from routix.jobs import leases, registry
from routix.jobs.context import AfterCommit, Failure, JobContext, NextPhase
from routix.jobs.leases import Heartbeat, Interrupted, Lease, LeaseLost
from routix.kit.logs import job_context, remember_origin
from routix.metrics.recording import record_job
from routix.store.models import Job, utcnow

log = logging.getLogger("routix.jobs")

#: At most this many higher-priority jobs run ahead of a Celery message's own job.
MAX_AHEAD = 25


def run_job(services: Any, job_id: uuid.UUID | str, worker_id: str) -> str:
    """Claim job ``job_id`` as ``worker_id`` and run it; returns the outcome (``skipped`` when
    the job is unknown, final, paused, not due, leased elsewhere or over its user's limit)."""
    lease = leases.claim(services.db, job_id, worker_id, services.settings.lease_seconds)
    return "skipped" if lease is None else run_claimed(services, lease)


def run_to_end(services: Any, job_id: uuid.UUID | str, worker_id: str) -> str:
    """:func:`run_job` again after each ``next_phase``, until the job ends or cannot be run here;
    returns the last outcome (for callers that wait for the whole job in this thread)."""
    outcome = run_job(services, job_id, worker_id)
    while outcome == "next_phase":
        outcome = run_job(services, job_id, worker_id)
    return outcome


def run_next(services: Any, worker_id: str, *, above: int | None = None) -> str | None:
    """Claim and run the best runnable job of the kinds this process knows (priority high
    first, then oldest; only priorities above ``above`` when given). None when none is runnable."""
    lease = leases.claim_next(services.db, worker_id, services.settings.lease_seconds, kinds=registry.known(),
                              above=above)
    return None if lease is None else run_claimed(services, lease)


def run_message(services: Any, job_id: uuid.UUID | str, worker_id: str, request_id: str | None = None) -> str:
    """A "run job X" message: first run every runnable job with a higher priority than X (at
    most MAX_AHEAD), then X. A message for a job that is unknown, final or of an unknown kind
    runs nothing (``skipped``), so a stale message never takes work meant for others.
    ``request_id``: the request that enqueued X (its log lines carry it)."""
    if request_id:
        remember_origin(str(job_id), request_id)
    try:
        wanted = uuid.UUID(str(job_id))
    except ValueError:
        return "skipped"
    with services.db.session() as session:
        found = session.execute(select(Job.kind, Job.priority, Job.status).where(Job.id == wanted)).first()
    if found is None or found.kind not in registry.known() or found.status not in ("pending", "running"):
        return "skipped"
    for _ in range(MAX_AHEAD):
        if run_next(services, worker_id, above=found.priority) is None:
            break
    return run_job(services, wanted, worker_id)


def context_for(services: Any, lease: Lease | None, job: Job | None = None) -> JobContext:
    """The JobContext of the leased job (or of ``job`` when given). Raises UnknownJobKind."""
    if job is None:
        assert lease is not None
        with services.db.session() as session:
            job = session.get(Job, lease.job_id)
            if job is None:
                raise LeaseLost(f"job {lease.job_id} is gone")
    return JobContext(
        services=services, kind=registry.get_kind(job.kind), job_id=job.id, subject_id=job.subject_id,
        user_id=job.user_id, attempt=lease.attempt if lease is not None else job.attempt, phase=job.phase, lease=lease,
    )


def run_claimed(services: Any, lease: Lease) -> str:
    """Run the job whose lease ``lease`` this worker just claimed (see the module docstring)."""
    with job_context(str(lease.job_id)):
        try:
            ctx = context_for(services, lease)
        except LeaseLost:
            return "lost"
        log.info("job %s (%s) attempt %d started", ctx.job_id, ctx.kind.name, ctx.attempt,
                 extra={"kind": ctx.kind.name, "attempt": ctx.attempt})
        outcome = _run(services, lease, ctx)
        record_job(ctx, outcome)
        log.info("job %s (%s) %s", ctx.job_id, ctx.kind.name, outcome,
                 extra={"kind": ctx.kind.name, "outcome": outcome})
        return outcome


def _run(services: Any, lease: Lease, ctx: JobContext) -> str:
    kind = ctx.kind
    if lease.control == "cancel":
        return end(ctx, Failure("cancelled", f"The {kind.label} was cancelled."))
    if lease.control == "pause":
        return _pause(ctx)
    allowed = kind.retry.attempts(services.settings)
    if lease.attempt > allowed:
        return end(ctx, Failure("too_many_attempts", f"The {kind.label} failed {allowed} times; please try again."))
    with Heartbeat(services.db, lease):
        try:
            result = kind.run(ctx)
            if isinstance(result, NextPhase):
                return next_phase(ctx, result)
            return complete(ctx, result)
        except LeaseLost:
            log.info("job %s: lease lost by %s, stopping", ctx.job_id, lease.owner)
            _lost(ctx)
            return "lost"
        except Interrupted as exc:
            if exc.action == "pause":
                return _pause(ctx)
            return end(ctx, Failure("cancelled", f"The {kind.label} was cancelled."))
        except RoutixError as exc:
            return end(ctx, Failure(exc.code, exc.message))
        except Exception as exc:  # noqa: BLE001 - unexpected: retry per the kind's policy
            return _retry(ctx, exc, allowed)


def end(ctx: JobContext, failure: Failure) -> str:
    """End the leased job as failed (or cancelled) with the kind's ``fail`` hook in the same
    transaction; returns ``failed``/``cancelled``, or ``lost`` when the lease is gone."""
    status = "cancelled" if failure.cancelled else "failed"
    assert ctx.lease is not None
    with ctx.services.db.session() as session:
        if not leases.finish(session, ctx.lease, status, code=failure.code, message=failure.message):
            return "lost"
        after = ctx.kind.fail(session, ctx, failure) if ctx.kind.fail else None
    after_commit(after)
    return status


def after_commit(step: AfterCommit | None) -> None:
    """Run a hook's after-commit step; its errors are logged, never raised (the commit stands)."""
    if step is None:
        return
    try:
        step()
    except Exception:
        log.warning("a job's after-commit step failed", exc_info=True)


def complete(ctx: JobContext, result: Any) -> str:
    """Complete the leased job: the fenced ``completed`` write and the kind's ``finish`` hook in
    ONE transaction, then the hook's after-commit step. Returns ``completed``; raises LeaseLost
    (nothing written) when the lease is gone."""
    assert ctx.lease is not None
    with ctx.services.db.session() as session:
        if not leases.finish(session, ctx.lease, "completed"):
            raise LeaseLost(f"lease on job {ctx.job_id} lost before completion")
        after = ctx.kind.finish(session, ctx, result) if ctx.kind.finish else None
    after_commit(after)
    return "completed"


def next_phase(ctx: JobContext, step: NextPhase) -> str:
    """End the leased job's phase (see :class:`NextPhase`): the fenced hand-back and the kind's
    ``checkpoint`` hook in ONE transaction, then the hook's after-commit step and a dispatch of
    the job. Returns ``next_phase``; raises LeaseLost (nothing written) when the lease is gone,
    ValueError for a phase the kind does not have."""
    assert ctx.lease is not None
    drop = ctx.kind.phase_rank(step.phase) - ctx.kind.phase_rank(ctx.phase)
    with ctx.services.db.session() as session:
        if not leases.yield_phase(session, ctx.lease, step.phase, drop):
            raise LeaseLost(f"lease on job {ctx.job_id} lost before its next phase")
        after = ctx.kind.checkpoint(session, ctx, step.result) if ctx.kind.checkpoint else None
    after_commit(after)
    try:
        ctx.services.queue.dispatch(str(ctx.job_id))
    except Exception:  # the workers' polling (or the reaper) picks it up
        log.warning("dispatch of job %s's next phase failed", ctx.job_id, exc_info=True)
    return "next_phase"


def _retry(ctx: JobContext, exc: Exception, allowed: int) -> str:
    lease = ctx.lease
    assert lease is not None
    log.exception("job %s (%s) attempt %s failed unexpectedly", ctx.job_id, ctx.kind.name, lease.attempt,
                  exc_info=exc)
    if lease.attempt >= allowed:
        return end(ctx, Failure("internal_error",
                                f"The {ctx.kind.label} failed after {lease.attempt} attempts ({type(exc).__name__})."))
    asked = getattr(exc, "retry_after", None)
    asked = float(asked) if isinstance(asked, int | float) else None
    not_before = utcnow() + timedelta(seconds=ctx.kind.retry.delay(lease.attempt, asked))
    with ctx.services.db.session() as session:
        if not leases.release(session, lease, not_before=not_before, error=f"{type(exc).__name__}: {exc}"[:2000]):
            return "lost"
        hook = ctx.kind.retrying
        after = hook(session, ctx, Failure("internal_error", "Something went wrong; retrying")) if hook else None
    after_commit(after)
    return "retry"


def _pause(ctx: JobContext) -> str:
    assert ctx.lease is not None
    with ctx.services.db.session() as session:
        released = leases.release(session, ctx.lease, status="paused", not_before=None, refund_attempt=True)
    return "paused" if released else "lost"


def _lost(ctx: JobContext) -> None:
    if ctx.kind.lost is None:
        return
    try:
        ctx.kind.lost(ctx)
    except Exception:
        log.warning("job %s: the lost-lease clean-up failed", ctx.job_id, exc_info=True)


__all__ = ["MAX_AHEAD", "after_commit", "complete", "context_for", "end", "next_phase", "run_claimed", "run_job",
           "run_message", "run_next", "run_to_end"]
