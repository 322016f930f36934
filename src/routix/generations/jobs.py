"""The ``generation`` job kind: one generation request through the pipeline.

A run (``routix.jobs.runner`` holds the lease and a heartbeat):

1. load the row, its face/logo assets and its preferred template; assemble the ports for its
   algorithm (``routix.assembly.assemble``); write progress to the row (+ ``generation:progress``
   events) and every output to ``generations/<id>/<name>`` (a retry overwrites: one set of files),
   all fenced by the job's lease. Two phases (:mod:`routix.generations.phases`): ``thumbnail``
   ends with the thumbnail stored and announced, and the job back in the queue one priority
   lower; ``extras`` makes the cover, PSDs, variants and the OCR check. A batch row runs both
   in one go (:func:`run_generation`);
2. :func:`finish_generation`, in the runner's ONE completion transaction: the result columns,
   ``credits.service.settle`` (charge), ``library.stats.record_generation`` and
   ``chat.hooks.on_generation_finished``; after the commit ``generation:completed`` and a
   ``chat:message`` per new message are published;
3. on failure or cancellation :func:`fail_generation` does the same with status ``failed``
   (``settle`` refunds); a retry only tells the user "retrying" on the row; a lost lease deletes
   the files when the row itself is gone (its user was deleted mid-run).

Interactive priority; at most :data:`PER_USER_LIMIT` of one user's generations run at once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from routix import generate as generation_pipeline
from routix.assembly import PipelinePorts, assemble
from routix.assets.service import load_asset_image
from routix.brand_kits.apply import kit_for_pipeline
from routix.chat.hooks import on_generation_finished
from routix.chat.views import message_event
from routix.config import Settings
from routix.credits.service import settle
from routix.errors import InvalidInput, NotFound
from routix.generate import MemoryAssets
from routix.generate.inputs import Input as PipelineInput
from routix.generate.pipeline import GenerationRequest as PipelineRequest
from routix.generate.pipeline import GenerationResult, TemplateSearch, Thumbnail
from routix.generations import repository
from routix.generations.phases import run_extras, store_thumbnail
from routix.generations.preference import template_for_preference
from routix.generations.reporting import BlobSink, ProgressWriter, publish
from routix.generations.views import completed_event, failed_event
from routix.jobs.context import AfterCommit, Failure, JobContext, NextPhase
from routix.jobs.registry import PRIORITY_INTERACTIVE, JobKind, RetryPolicy, register
from routix.library.stats import record_generation
from routix.reference_packs.apply import load_input_image
from routix.store.models import GenerationRequest, utcnow

log = logging.getLogger("routix.jobs")

#: Generations of one user that may run at the same time (the rest wait their turn).
PER_USER_LIMIT = 3


def _generation_id(ctx: JobContext) -> uuid.UUID:
    return uuid.UUID(ctx.subject_id)


def run_generation_phase(ctx: JobContext) -> dict[str, Any] | NextPhase:
    """The ``generation`` kind's ``run``: the first phase returns :class:`NextPhase` ``extras``
    with its result columns (for :func:`routix.generations.phases.store_thumbnail`), the second
    the row's result columns for :func:`finish_generation`."""
    if ctx.phase == "extras":
        return run_extras(ctx)
    return NextPhase("extras", _run_pipeline(ctx, lambda request, ports, sink, progress: (
        generation_pipeline.make_thumbnail(
            request, planner=ports.planner, index=ports.index, algorithm=ports.algorithm, assets=MemoryAssets(),
            sink=sink, progress=progress, designer=ports.designer, stages=True))))


def run_generation(ctx: JobContext) -> dict[str, Any]:
    """Both phases in one go (a batch row's generation): returns the row's result columns for
    :func:`finish_generation`. Raises NotFound (row gone), InvalidInput (a preferred template
    left the library) or the pipeline's errors."""
    return _run_pipeline(ctx, lambda request, ports, sink, progress: generation_pipeline.generate(
        request, planner=ports.planner, index=ports.index, algorithm=ports.algorithm, assets=MemoryAssets(),
        sink=sink, progress=progress, ocr=ctx.services.settings.ocr, png=True, designer=ports.designer, stages=True))


def _run_pipeline(ctx: JobContext, call: Callable[[PipelineRequest, PipelinePorts, BlobSink, ProgressWriter],
                                                  GenerationResult | Thumbnail]) -> dict[str, Any]:
    """Load the job's request and ports, say it started, run ``call`` (the pipeline, or its
    first phase) into the job's sink; returns the row's result columns with the usage."""
    started = time.perf_counter()
    request, ports, gid, user_id = _prepare(ctx)
    progress = ProgressWriter(ctx, gid, user_id)
    sink = _start(ctx, gid, progress)
    result = call(request, ports, sink, progress)
    values = _result_values(result, sink.keys, [*ports.usage.fallbacks, *result.notes], time.perf_counter() - started)
    values.update(_usage_values(ports.usage))
    return values


def _prepare(ctx: JobContext) -> tuple[PipelineRequest, PipelinePorts, uuid.UUID, str]:
    """The pipeline request of the job's row, the ports of its algorithm, the row's id and its
    user's id. Raises NotFound (row gone) or InvalidInput (a preferred template left the library)."""
    services, gid = ctx.services, _generation_id(ctx)
    with services.db.session() as session:
        row = repository.get_generation(session, gid)
        if row is None:
            raise NotFound("generation not found")
        user_id, algorithm = str(row.user_id), row.algorithm
        faces = [load_asset_image(session, services, row.user_id, a) for a in row.face_asset_ids or []]
        logo = load_asset_image(session, services, row.user_id, row.logo_asset_id) if row.logo_asset_id else None
        images = [(load_input_image(session, services, row.user_id, i), i) for i in row.inputs or []]
        inputs = [PipelineInput(image, i.get("role"), i.get("mode")) for image, i in images if image is not None]
        template_id = template_for_preference(session, row.user_id, row.template_preference)
        kit = kit_for_pipeline(session, services, row.user_id, row.brand_kit_id)
        if kit is not None and logo is None and not any(i.role == "logo" for i in inputs):
            logo = kit.logo
        request = PipelineRequest(
            prompt=row.prompt, faces=faces, logo=logo, inputs=inputs, style_preset=row.style_preference,
            realism=row.realism, brand=kit.brand if kit else None, title=row.custom_text, template_id=template_id,
            seed=row.seed, variants=row.variants, ref_key=template_ref_key(services.settings),
        )
    ports = assemble(services, algorithm, user_id=user_id)
    _check_template(ports.index, template_id)
    return request, ports, gid, user_id


def _start(ctx: JobContext, gid: uuid.UUID, progress: ProgressWriter) -> BlobSink:
    """Say the run started and clear what a crashed attempt of the first phase wrote; returns
    the job's sink."""
    progress.write("analyzing", 1, "Starting" if ctx.attempt == 1 else f"Starting again (attempt {ctx.attempt})")
    if ctx.attempt > 1:  # files of a crashed attempt that this one may not write again
        ctx.services.blobs.delete_prefix(BlobSink.prefix(gid))
    return BlobSink(ctx.services.blobs, ctx, gid)


def _usage_values(usage: Any) -> dict[str, Any]:
    return {"usage": usage.to_dict(), "cost_incurred": Decimal(str(round(usage.cost_usd, 4)))}


def finish_generation(session: Session, ctx: JobContext, values: dict[str, Any]) -> AfterCommit | None:
    """Inside the completion transaction: the result on the row, then settle, stats and chat
    (see the module docstring). Returns the after-commit publishing of the events."""
    repository.store_result(session, _generation_id(ctx), values, attempt=ctx.attempt, now=utcnow())
    row, events = _close(session, ctx)
    if row is None:  # deleted meanwhile: nothing points at the files any more
        return lambda: _lost(ctx)
    waiting = release_waiting_edits(session, row.id)
    return _publisher(ctx.services, str(row.user_id), [completed_event(row, ctx.services), *events], waiting)


def fail_generation(session: Session, ctx: JobContext, failure: Failure) -> AfterCommit | None:
    """Inside the failure (or cancellation) transaction: status ``failed`` with the failure's
    code and message, then settle (refund), stats and chat. Returns the after-commit publishing."""
    now = utcnow()
    values: dict[str, Any] = {
        "status": "failed", "stage": "failed", "message": failure.message[:500], "error_code": failure.code[:100],
        "error_message": failure.message, "completed_at": now, "updated_at": now,
    }
    if ctx.lease is not None:
        values["attempt"] = ctx.attempt
    repository.store_failure(session, _generation_id(ctx), values)
    row, events = _close(session, ctx)
    if row is None or row.status != "failed":
        return None
    waiting = release_waiting_edits(session, row.id)
    return _publisher(ctx.services, str(row.user_id), [failed_event(row), *events], waiting)


def note_retry(session: Session, ctx: JobContext, failure: Failure) -> None:
    """Inside the retry transaction: tell the user the generation is being retried."""
    repository.note_retry(session, _generation_id(ctx), failure.message[:500], now=utcnow())


def discard_orphan_files(services: Any, generation_id: uuid.UUID) -> bool:
    """Delete the files a job wrote when its generation row no longer exists (its user was
    deleted mid-run, so nothing will ever point at them). Returns True when it deleted."""
    with services.db.session() as session:
        if repository.generation_exists(session, generation_id):
            return False
    services.blobs.delete_prefix(BlobSink.prefix(generation_id))
    return True


def _lost(ctx: JobContext) -> None:
    discard_orphan_files(ctx.services, _generation_id(ctx))


def _close(session: Session, ctx: JobContext) -> tuple[GenerationRequest | None, list[dict[str, Any]]]:
    """Reload the final row, settle its credits (charge or refund, once), count its template's
    use and let the chat post; returns the row (None when gone) and the chat events."""
    row = repository.get_generation(session, _generation_id(ctx), refresh=True)
    if row is None:
        return None, []
    settle(session, row)
    record_generation(session, row)
    messages = on_generation_finished(session, row)
    session.flush()
    return row, [message_event(session, ctx.services, message) for message in messages]


def release_waiting_edits(session: Session, parent_id: uuid.UUID) -> list[str]:
    """Make the edits queued on ``parent_id`` while it ran (their ``edit`` jobs wait with a
    far ``not_before``) due now; returns their job ids, to dispatch after the commit."""
    from routix.jobs.enqueue import unfinished

    released = []
    for child in repository.children_of(session, parent_id, "edit"):
        job = unfinished(session, "edit", child.id) if child.status == "pending" else None
        if job is not None and job.status == "pending":
            job.not_before = utcnow()
            released.append(str(job.id))
    return released


def _publisher(services: Any, user_id: str, events: list[dict[str, Any]],
               jobs: tuple[str, ...] | list[str] = ()) -> Callable[[], None]:
    def publish_all() -> None:
        for event in events:
            publish(services, user_id, event)
        for job_id in jobs:
            try:
                services.queue.dispatch(job_id)
            except Exception:  # the reaper dispatches it later
                log.warning("dispatch of job %s failed", job_id, exc_info=True)

    return publish_all


def _check_template(index: TemplateSearch, template_id: str | None) -> None:
    """Refuse a preferred template that left the library, without naming it (template secrecy:
    the index's own NotFound message carries the id)."""
    if template_id is None:
        return
    try:
        index.get(template_id)
    except NotFound:
        raise InvalidInput("the layout of that earlier generation is no longer available",
                           code="unknown_template_ref") from None


def _result_values(result: GenerationResult | Thumbnail, keys: dict[str, str], notes: list[str],
                   seconds: float) -> dict[str, Any]:
    """The row's result columns from a pipeline result."""
    design = result.design
    all_notes = list(dict.fromkeys([*notes, *design.meta.notes]))  # unique, in order
    return {
        "design": design.model_dump(mode="json", by_alias=True), "outputs": dict(keys),
        "quality": result.quality.model_dump(mode="json"), "brief": result.brief.model_dump(mode="json"),
        "notes": all_notes, "timings": {k: round(v, 4) for k, v in result.timings.items()},
        "processing_time": round(seconds, 3), "template_ref": design.meta.template_ref or None,
        "template_id": result.template_id, "template_score": float(result.template_score),
        "alternatives": [[tid, float(score)] for tid, score in result.alternatives],
        "message": "Your thumbnail is ready",
    }


GENERATION = register(JobKind(
    name="generation", run=run_generation_phase, finish=finish_generation, fail=fail_generation,
    retrying=note_retry, lost=_lost, checkpoint=store_thumbnail, phases=("thumbnail", "extras"),
    priority=PRIORITY_INTERACTIVE, per_user_limit=PER_USER_LIMIT, label="generation",
    retry=RetryPolicy(backoff=2.0, factor=2.0, max_backoff=60.0),
))


def template_ref_key(settings: Settings) -> bytes:
    """The key of this service's opaque template references (derived from its secret, so a
    reference cannot be traced back to a template without it)."""
    return hmac.new(settings.secret(), b"routix template_ref", hashlib.sha256).digest()


__all__ = ["GENERATION", "PER_USER_LIMIT", "discard_orphan_files", "fail_generation", "finish_generation",
           "note_retry", "run_generation", "run_generation_phase", "template_ref_key"]

