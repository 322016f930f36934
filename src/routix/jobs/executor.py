"""``run_job(services, job_id, worker_id)``: run one generation job under a lease.

The same function runs in the in-process worker threads and in Celery workers:

1. claim the row's lease (``attempt + 1``); a final, unknown or someone else's job is a no-op;
   more than ``settings.max_attempts`` attempts -> failed (``too_many_attempts``);
2. with a heartbeat renewing the lease: load the face/logo assets, run
   ``routix.generate.generate`` with the embedded ports, writing progress to the row (+ events)
   and every output to ``generations/<id>/<name>`` (a retry overwrites: one set of files);
3. in ONE transaction: the fenced completion UPDATE and ``chat.hooks.on_generation_finished``;
   after commit publish ``generation:completed`` and a ``chat:message`` per new message.

Errors: a RoutixError (bad input, unknown template, blocked content ...) fails the job with
its code and message, not retried; an unexpected exception releases the lease and dispatches
the job again until ``max_attempts``; a lost lease stops quietly (another worker owns the job).
"""

from __future__ import annotations

import logging
import time
import uuid
from decimal import Decimal
from typing import Any

from routix.errors import InvalidInput, NotFound, RoutixError
from routix.jobs import leases
from routix.jobs.leases import Heartbeat, Lease, LeaseLost
from routix.jobs.reporting import BlobSink, ProgressWriter, publish
from routix.store.models import GenerationRequest

log = logging.getLogger("routix.jobs")

#: Job ids of the form ``template:<uuid>`` analyse a library template instead of generating.
TEMPLATE_JOB_PREFIX = "template:"


def run_job(services, job_id: uuid.UUID | str, worker_id: str) -> str:
    """Run job ``job_id`` as ``worker_id``. Returns the outcome: ``completed``, ``failed``,
    ``retry`` (released for another attempt), ``lost`` (lease lost) or ``skipped`` (nothing to do).
    Never raises for a job's own errors; those end up on the row."""
    settings = services.settings
    if str(job_id).startswith(TEMPLATE_JOB_PREFIX):  # template analysis (issue 5) shares the queue
        from routix.library.analysis import run_analysis

        return run_analysis(services, str(job_id)[len(TEMPLATE_JOB_PREFIX):], worker_id)
    job_id = uuid.UUID(str(job_id))
    lease = leases.claim(services.db, job_id, worker_id, settings.lease_seconds)
    if lease is None:
        return "skipped"
    if lease.attempt > settings.max_attempts:
        return _fail(services, lease, "too_many_attempts",
                     f"The generation failed {settings.max_attempts} times; please try again.")
    with Heartbeat(services.db, lease, settings.lease_seconds):
        try:
            return _execute(services, lease)
        except LeaseLost:
            log.info("job %s: lease lost by %s, stopping", job_id, worker_id)
            discard_orphan_files(services, job_id)
            return "lost"
        except RoutixError as exc:
            return _fail(services, lease, exc.code, exc.message)
        except Exception as exc:  # noqa: BLE001 - unexpected: retry until max_attempts
            log.exception("job %s attempt %s failed unexpectedly", job_id, lease.attempt)
            if lease.attempt >= settings.max_attempts:
                return _fail(services, lease, "internal_error",
                             f"The generation failed after {lease.attempt} attempts ({type(exc).__name__}).")
            if leases.release(services.db, lease, message="Something went wrong; retrying",
                              error=f"{type(exc).__name__}: {exc}"[:2000]):
                from routix.generations.service import dispatch

                dispatch(services, job_id)
            return "retry"


def discard_orphan_files(services, job_id: uuid.UUID) -> bool:
    """Delete the files a job wrote when its generation row no longer exists (its user was
    deleted mid-run, so nothing will ever point at them). Returns True when it deleted."""
    with services.db.session() as session:
        if session.get(GenerationRequest, job_id) is not None:
            return False
    services.blobs.delete_prefix(BlobSink.prefix(job_id))
    return True


def choose_ports(services, name: str, user_id: str):
    """THE one place that turns a row's algorithm name into ports: (planner, algorithm,
    usage recorder, designer). Provider-backed algorithms ("v1", "pro") fall back along their
    chain to Lightning when a provider has no key or fails, and the recorder says so; they also
    get an LLM designer on the planner's provider (Lightning keeps the template's design).
    Every provider call's tokens, latency and cost land in the recorder (stored on the row as
    ``usage``)."""
    from routix.algorithms.config import algorithm_runtime
    from routix.generations.budget import DbBudget
    from routix.providers import (
        UsageRecorder,
        build_algorithm,
        build_designer,
        build_planner,
    )

    recorder = UsageRecorder()
    budget = DbBudget(services)
    settings, keys = algorithm_runtime(services, name)  # the admin's config: model, chain, API key
    planner = build_planner("auto", recorder=recorder, budget=budget, user_id=user_id, keys=keys)
    algorithm = build_algorithm(name, recorder=recorder, budget=budget, user_id=user_id, settings=settings, keys=keys)
    designer = build_designer(name, recorder=recorder, budget=budget, user_id=user_id, settings=settings, keys=keys)
    return planner, algorithm, recorder, designer


def _execute(services, lease: Lease) -> str:
    from routix.assets.service import load_asset_image
    from routix.generate import MemoryAssets, generate
    from routix.generate.pipeline import GenerationRequest as PipelineRequest
    from routix.generations.service import template_for_preference
    from routix.library.search import library_index

    settings = services.settings
    with services.db.session() as session:
        row = session.get(GenerationRequest, lease.job_id)
        user_id = str(row.user_id)
        faces = [load_asset_image(session, services, row.user_id, a) for a in row.face_asset_ids or []]
        logo = load_asset_image(session, services, row.user_id, row.logo_asset_id) if row.logo_asset_id else None
        template_id = template_for_preference(session, row.user_id, row.template_preference)
        request = PipelineRequest(
            prompt=row.prompt, faces=faces, logo=logo, title=row.custom_text, template_id=template_id,
            seed=row.seed, variants=row.variants,
        )
        planner, algorithm, usage, designer = choose_ports(services, row.algorithm, user_id)
    index = library_index(services)
    _check_template(index, template_id)
    started = time.perf_counter()
    progress = ProgressWriter(services, lease, user_id)
    message = "Starting" if lease.attempt == 1 else f"Starting again (attempt {lease.attempt})"
    progress.write("analyzing", 1, message)
    if lease.attempt > 1:  # files of a crashed attempt that this one may not write again
        services.blobs.delete_prefix(BlobSink.prefix(lease.job_id))
    sink = BlobSink(services.blobs, lease)
    assets = MemoryAssets()
    result = generate(
        request, planner=planner, index=index, algorithm=algorithm, assets=assets, sink=sink,
        progress=progress, ocr=settings.ocr, png=True, designer=designer,
    )
    values = _result_values(result, sink.keys, [*usage.fallbacks, *result.notes], time.perf_counter() - started)
    values["usage"] = usage.to_dict()
    values["cost_incurred"] = Decimal(str(round(usage.cost_usd, 4)))
    return _complete(services, lease, user_id, values)


def _check_template(index, template_id: str | None) -> None:
    """Refuse a preferred template that left the library, without naming it (template secrecy:
    the index's own NotFound message carries the id)."""
    if template_id is None:
        return
    try:
        index.get(template_id)
    except NotFound:
        raise InvalidInput("the layout of that earlier generation is no longer available",
                           code="unknown_template_ref") from None


def _result_values(result, keys: dict[str, str], notes: list[str], seconds: float) -> dict[str, Any]:
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


def _complete(services, lease: Lease, user_id: str, values: dict[str, Any]) -> str:
    from routix.generations.views import completed_event

    with services.db.session() as session:
        if not leases.complete(session, lease, values):
            raise LeaseLost(f"lease on job {lease.job_id} lost before completion")
        row, events = _finish(session, services, lease)
        events.insert(0, completed_event(row, services))
    for event in events:
        publish(services, user_id, event)
    return "completed"


def _fail(services, lease: Lease, code: str, message: str) -> str:
    from routix.generations.views import failed_event

    with services.db.session() as session:
        if not leases.fail(session, lease, code=code, message=message):
            return "lost"
        row, events = _finish(session, services, lease)
        events.insert(0, failed_event(row))
        user_id = str(row.user_id)
    for event in events:
        publish(services, user_id, event)
    return "failed"


def _finish(session, services, lease: Lease) -> tuple[GenerationRequest, list[dict]]:
    """Inside the final transaction: reload the row, settle its credits, count the template's
    use and let the chat post its messages; returns
    the row and the ``chat:message`` events to publish after commit."""
    from routix.chat.hooks import on_generation_finished
    from routix.chat.views import message_event
    from routix.credits.service import settle
    from routix.library.stats import record_generation

    row = session.get(GenerationRequest, lease.job_id, populate_existing=True)
    settle(session, row)  # charge (completed) or refund (failed) the reserved credits, once
    record_generation(session, row)  # the chosen template's usage_count / success_rate
    messages = on_generation_finished(session, row)
    session.flush()
    return row, [message_event(session, services, message) for message in messages]
