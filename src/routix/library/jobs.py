"""The ``template_analysis`` job kind: analyse one uploaded library template.

A run (``routix.jobs.runner`` holds the lease and a heartbeat):

1. start, fenced by the job's lease: the template row goes ``pending_analysis``/``analyzing`` ->
   ``analyzing`` with ``analysis_attempt + 1`` and ``analysis_started_at = now`` (what admins
   see); a row that was deleted or already analysed/failed meanwhile makes the job a no-op;
2. :func:`routix.library.analysis.analyse_record` on the reference image (no database access);
3. :func:`finish_analysis`, in the runner's completion transaction: the analysed columns, status
   ``analyzed``, ``analyzed_at``; after the commit the stale preview is dropped and the library
   search invalidated.

Any error of the analysis fails the job without a retry (``analysis_failed``):
:func:`fail_analysis` records status ``failed`` and ``analysis_error``; an administrator retries
(``routix.library.service.retry_analysis`` adds a new job). A crashed worker's job is retried
(the lease expires). Batch priority: uploads wait behind interactive generations.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from routix.errors import RoutixError
from routix.jobs.context import AfterCommit, Failure, Interrupted, JobContext, LeaseLost
from routix.jobs.registry import PRIORITY_BATCH, JobKind, RetryPolicy, register
from routix.library import repository
from routix.library.analysis import analyse_record, drop_preview, error_message, invalidate_search
from routix.store.models import utcnow

log = logging.getLogger("routix.library")
#: Template states an analysis may start from (``analyzing``: a crashed attempt's row).
STARTABLE = ("pending_analysis", "analyzing")


def run_analysis(ctx: JobContext) -> dict[str, Any] | None:
    """The job's work: ``{"values": <analysed columns>, "slug": ...}`` for
    :func:`finish_analysis`, or None when there is nothing to analyse. Raises RoutixError
    (``analysis_failed``, with the one-line reason) when the analysis fails."""
    tid = uuid.UUID(ctx.subject_id)
    with ctx.transaction() as session:
        if not repository.start_analysis(session, tid, STARTABLE, now=utcnow()):
            return None
        row = repository.analysis_source(session, tid)
    try:
        if not row.image_key:
            raise RoutixError("the template has no reference image")
        values = analyse_record(ctx.services, row.image_key, slug=row.slug, name=row.name, category=row.category,
                                tags=list(row.tags or []), description=row.description or "")
    except (LeaseLost, Interrupted):
        raise
    except Exception as exc:
        log.warning("template %s analysis failed (job %s)", tid, ctx.job_id, exc_info=True)
        raise RoutixError(error_message(exc), code="analysis_failed") from exc
    return {"values": values, "slug": row.slug}


def finish_analysis(session: Session, ctx: JobContext, result: dict[str, Any] | None) -> AfterCommit | None:
    """Inside the completion transaction: store the analysis (status ``analyzed``). Returns the
    after-commit step (drop the stale preview, invalidate the search)."""
    if result is None:
        return None
    repository.store_analysis(session, uuid.UUID(ctx.subject_id), result["values"], now=utcnow())
    return _after(ctx.services, result["slug"])


def fail_analysis(session: Session, ctx: JobContext, failure: Failure) -> AfterCommit | None:
    """Inside the failure (or cancellation) transaction: status ``failed`` with the reason."""
    reason = failure.message if failure.code == "analysis_failed" else f"Analysis failed: {failure.message}"
    repository.fail_analysis(session, uuid.UUID(ctx.subject_id), STARTABLE, reason[:1000])
    return _after(ctx.services, None)


def _after(services: Any, slug: str | None) -> Callable[[], None]:
    def step() -> None:
        if slug is not None:
            drop_preview(services, slug)
        invalidate_search(services)

    return step


TEMPLATE_ANALYSIS = register(JobKind(
    name="template_analysis", run=run_analysis, finish=finish_analysis, fail=fail_analysis,
    priority=PRIORITY_BATCH, label="template analysis", retry=RetryPolicy(backoff=5.0),
))

__all__ = ["STARTABLE", "TEMPLATE_ANALYSIS", "fail_analysis", "finish_analysis", "run_analysis"]
