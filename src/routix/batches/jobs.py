"""The ``batch_row`` job kind: one row of a batch, as a generation of its own.

Two phases, each crash-safe:

1. ``reserve`` (one fenced transaction): unless the row already has its generation, check the
   batch's cost cap, add the row's ``generation_requests`` row and reserve its credits
   (``credits.service.reserve``, dedupe key per generation), and mark the row ``running``.
   Too few credits or a reached cost cap pauses the batch with the reason
   (``insufficient_credits`` / ``cost_cap``), its pending rows' jobs and this one (which spends
   no attempt); nothing is charged. A crash after this commit finds the generation on the row
   and reserves nothing again.
2. ``generate``: the generation pipeline (``routix.generations.jobs.run_generation``) for that
   generation; its files go to ``generations/<id>/`` (a retry overwrites them).

The runner's completion transaction then stores the result and settles the credits
(``finish_generation``: charged once) and marks the row ``completed``; the failure transaction
(after the retry budget, or a cancel) fails the generation (refund) and the row. Unexpected
errors are retried with exponential backoff, jitter and the error's Retry-After (RetryPolicy
below). When the last row ends the batch is ``completed``. Every change publishes a
``batch:progress`` event after the commit.

Batch priority (below interactive generations); at most ``views.CONCURRENCY`` rows of one user
run at once.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.batches import faults, repository
from routix.batches.validate import active_algorithms
from routix.batches.views import CONCURRENCY, progress_event
from routix.credits import service as ledger
from routix.credits.service import InsufficientCredits
from routix.errors import InvalidInput
from routix.generations.jobs import fail_generation, finish_generation, run_generation
from routix.generations.reporting import publish
from routix.jobs.context import AfterCommit, Failure, Interrupted, JobContext
from routix.jobs.registry import PRIORITY_BATCH, JobKind, RetryPolicy, register
from routix.store.models import GenerationRequest, User, utcnow
from routix.store.models_batches import BATCH_ROW_FINAL, Batch, BatchRow

PHASES = ("reserve", "generate")


def _row_id(ctx: JobContext) -> uuid.UUID:
    return uuid.UUID(ctx.subject_id)


def run_row(ctx: JobContext) -> dict[str, Any]:
    """The job's work; returns ``{"skip": True}`` for a row that has ended already, else
    ``{"generation_id", "values"}`` for :func:`finish_row`. Raises Interrupted (pause) when
    the batch paused, InvalidInput when its algorithm is gone, or the pipeline's errors."""
    if ctx.phase in (None, "reserve"):
        outcome = _reserve(ctx)
        if outcome == "skip":
            return {"skip": True}
        if outcome == "pause":
            raise Interrupted("pause")
        ctx.advance("generate")
    with ctx.services.db.session() as session:
        row = repository.get_row(session, _row_id(ctx))
        if row is None or row.status in BATCH_ROW_FINAL or row.generation_id is None:
            return {"skip": True}
        generation_id, position = row.generation_id, row.position
    faults.maybe_fail(str(_row_id(ctx)), position, ctx.attempt)
    values = run_generation(dataclasses.replace(ctx, subject_id=str(generation_id)))
    return {"generation_id": str(generation_id), "values": values}


def _reserve(ctx: JobContext) -> str:
    """Phase 1 (see the module docstring): ``go``, ``skip`` or ``pause``."""
    after: AfterCommit | None = None
    with ctx.transaction() as session:
        row = repository.get_row(session, _row_id(ctx), lock=True)
        batch = repository.get_batch(session, row.batch_id, lock=True) if row is not None else None
        if row is None or batch is None or row.status in BATCH_ROW_FINAL:
            return "skip"
        if batch.status == "paused":
            return "pause"
        if row.generation_id is not None:
            return "go"
        user = session.get(User, row.user_id)
        assert user is not None
        algorithm = _algorithm(session, batch, row)
        cost = int(algorithm.credit_cost)
        reason = None
        if batch.cost_cap is not None and repository.credits_spent(session, batch.id) + cost > batch.cost_cap:
            reason = ("cost_cap", f"The batch reached its cost cap of {batch.cost_cap} credits.")
        else:
            generation = _generation(batch, row, algorithm)
            try:
                ledger.ensure_monthly_grant(session, user)
                with session.begin_nested():
                    session.add(generation)
                    session.flush()
                    ledger.reserve(session, user.id, generation.id, cost,
                                   description=f"Reserved {cost} for row {row.position} of batch {batch.name!r}")
            except InsufficientCredits as exc:
                reason = ("insufficient_credits", exc.message)
        if reason is not None:
            _pause_batch(session, batch, *reason)
            after = _publisher(ctx.services, session, batch, None)
        else:
            row.generation_id, row.credits, row.status = generation.id, cost, "running"
            row.attempt, row.started_at, row.updated_at = ctx.attempt, utcnow(), utcnow()
            session.flush()
            after = _publisher(ctx.services, session, batch, row)
    if after is not None:
        after()
    return "pause" if reason is not None else "go"


def _algorithm(session: Session, batch: Batch, row: BatchRow) -> Any:
    name = (row.overrides or {}).get("algorithm") or batch.settings.get("algorithm")
    found = active_algorithms(session).get(str(name))
    if found is None:
        raise InvalidInput(f"the algorithm {name!r} is no longer available", code="unknown_algorithm")
    return found


def _generation(batch: Batch, row: BatchRow, algorithm: Any) -> GenerationRequest:
    inputs = row.inputs or {}
    variants = int((row.overrides or {}).get("variants", batch.settings.get("variants", 0)))
    logo = inputs.get("logo_asset_id")
    kit = batch.settings.get("brand_kit_id")
    return GenerationRequest(
        user_id=row.user_id, algorithm_id=algorithm.id, algorithm=algorithm.name, prompt=row.prompt,
        custom_text=row.title, face_asset_ids=list(inputs.get("face_asset_ids") or []),
        logo_asset_id=uuid.UUID(logo) if logo else None, brand_kit_id=uuid.UUID(str(kit)) if kit else None,
        variants=variants, status="pending", stage="pending",
        progress=0, message=f"Row {row.position} of batch {batch.name}",
    )


def _pause_batch(session: Session, batch: Batch, reason: str, message: str) -> None:
    """Pause ``batch`` with ``reason``: its pending row jobs are paused (running ones finish)."""
    batch.status, batch.pause_reason, batch.pause_message = "paused", reason, message[:500]
    batch.updated_at = utcnow()
    repository.set_jobs(session, batch.id, ("pending",), status="paused")
    session.flush()


def finish_row(session: Session, ctx: JobContext, result: dict[str, Any]) -> AfterCommit | None:
    """Inside the completion transaction: the generation's result and its settlement, then the
    row ``completed`` with the credits really charged, then the batch's end when it was the last."""
    if result.get("skip"):
        return None
    generation_id = uuid.UUID(result["generation_id"])
    gen_ctx = dataclasses.replace(ctx, subject_id=str(generation_id))
    published = finish_generation(session, gen_ctx, result["values"])
    row = repository.get_row(session, _row_id(ctx), lock=True)
    if row is None:
        return published
    generation = session.get(GenerationRequest, generation_id)
    if generation is not None:
        row.credits = ledger.actual_cost(session, generation, row.credits)
    row.status, row.finished_at, row.error_code, row.error_message = "completed", utcnow(), None, None
    row.attempt = ctx.attempt
    return _close(session, ctx, row, published)


def fail_row(session: Session, ctx: JobContext, failure: Failure) -> AfterCommit | None:
    """Inside the failure (or cancellation) transaction: the generation fails (its credits are
    refunded), the row is ``failed`` (``cancelled``) with the reason."""
    row = repository.get_row(session, _row_id(ctx), lock=True)
    if row is None or row.status in BATCH_ROW_FINAL:
        return None
    published = None
    if row.generation_id is not None:
        published = fail_generation(session, dataclasses.replace(ctx, subject_id=str(row.generation_id)), failure)
    row.status = "cancelled" if failure.cancelled else "failed"
    row.error_code, row.error_message = failure.code[:100], failure.message
    row.credits, row.finished_at = 0, utcnow()
    if ctx.lease is not None:
        row.attempt = ctx.attempt
    return _close(session, ctx, row, published)


def note_retry(session: Session, ctx: JobContext, failure: Failure) -> AfterCommit | None:
    """Inside the retry transaction: the row says it is being retried."""
    row = repository.get_row(session, _row_id(ctx), lock=True)
    if row is None:
        return None
    row.attempt, row.error_message, row.updated_at = ctx.attempt, f"Retrying: {failure.message}", utcnow()
    batch = repository.get_batch(session, row.batch_id)
    return _publisher(ctx.services, session, batch, row) if batch is not None else None


def _close(session: Session, ctx: JobContext, row: BatchRow, published: AfterCommit | None) -> AfterCommit | None:
    session.flush()
    batch = repository.get_batch(session, row.batch_id, lock=True)
    if batch is None:
        return published
    if batch.status in ("running", "paused") and repository.unfinished_rows(session, batch.id) == 0 \
            and not repository.job_ids(session, batch.id, ("pending", "paused", "running")):
        batch.status, batch.finished_at, batch.pause_reason, batch.pause_message = "completed", utcnow(), None, None
    session.flush()
    mine = _publisher(ctx.services, session, batch, row)

    def both() -> None:
        if published is not None:
            published()
        mine()

    return both


def _publisher(services: Any, session: Session, batch: Batch, row: BatchRow | None) -> AfterCommit:
    event = progress_event(session, batch, row, services)
    user_id = str(batch.user_id)
    return lambda: publish(services, user_id, event)


BATCH_ROW = register(JobKind(
    name="batch_row", run=run_row, finish=finish_row, fail=fail_row, retrying=note_retry,
    priority=PRIORITY_BATCH, per_user_limit=CONCURRENCY, phases=PHASES, label="batch row",
    retry=RetryPolicy(max_attempts=3, backoff=0.5, factor=2.0, max_backoff=30.0, jitter=0.5),
))

__all__ = ["BATCH_ROW", "PHASES", "fail_row", "finish_row", "note_retry", "run_row"]
