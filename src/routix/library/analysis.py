"""Template analysis jobs: an uploaded image -> design DNA, skeleton, searchable text, embedding.

``run_analysis(services, template_id, worker_id)`` runs for job ids ``template:<uuid>`` (see
``routix.jobs.executor.run_job``) in the in-process workers, the Celery worker process and the
CLI import alike:

1. claim: ONE conditional UPDATE moves the row ``pending_analysis -> analyzing`` (or re-claims an
   ``analyzing`` row whose ``analysis_started_at`` is older than ``settings.lease_seconds``: its
   worker died), ``analysis_attempt + 1``, ``analysis_started_at = now``. Of racing workers
   exactly one matches; the others return ``skipped``. While it works, a heartbeat thread
   refreshes ``analysis_started_at`` every ``lease_seconds / 3`` so a slow analysis is not stolen;
2. load the image from the blob store, ``analyse_dna(image, ocr=settings.ocr)``,
   ``build_template(dna, ...)``, ``template_vector(template, get_embedder())`` and
   ``searchable_text(template)``;
3. store everything (``style_dna``, ``skeleton``, ``searchable_text``, ``embedding``, the flat
   ``has_face/has_text/has_logo/energy_level``), status ``analyzed``, ``analyzed_at`` - fenced on
   (status ``analyzing``, same attempt), so a worker that lost its claim writes nothing;
4. on any error: status ``failed`` with a clear ``analysis_error`` (no automatic retry; an admin
   retries with ``POST /api/v1/admin/templates/{id}/analyze`` -> :func:`reset_for_retry`);
5. ``routix.library.search.invalidate(services)`` so the next search sees the change.

Nothing is published to users (template secrecy).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from routix.errors import RoutixError
from routix.store.models import TemplateRecord, utcnow

log = logging.getLogger("routix.library")
T = TemplateRecord


def _uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def claim(services, template_id: uuid.UUID) -> int | None:
    """Claim the analysis of ``template_id``; return the new ``analysis_attempt`` or None when
    another worker holds it, it is already analysed/failed, or the row does not exist."""
    now = utcnow()
    stale = now - timedelta(seconds=services.settings.lease_seconds)
    claimable = or_(T.status == "pending_analysis",
                    and_(T.status == "analyzing", or_(T.analysis_started_at.is_(None), T.analysis_started_at < stale)))
    with services.db.session() as session:
        result = session.execute(
            update(T).where(T.id == template_id, claimable)
            .values(status="analyzing", analysis_attempt=T.analysis_attempt + 1, analysis_started_at=now,
                    analysis_error=None)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        return session.scalar(select(T.analysis_attempt).where(T.id == template_id))


def _fenced(template_id: uuid.UUID, attempt: int):
    return and_(T.id == template_id, T.status == "analyzing", T.analysis_attempt == attempt)


def _heartbeat(services, template_id: uuid.UUID, attempt: int):
    """A :class:`~routix.jobs.leases.Beat` keeping ``analysis_started_at`` fresh while the
    analysis runs (fenced: a worker that lost its claim touches nothing)."""
    from routix.jobs.leases import Beat

    def touch() -> None:
        with services.db.session() as session:
            session.execute(update(T).where(_fenced(template_id, attempt)).values(analysis_started_at=utcnow())
                            .execution_options(synchronize_session=False))

    return Beat(touch, max(0.2, services.settings.lease_seconds / 3), name="routix-template-heartbeat",
                what=f"template {template_id} heartbeat")


def analyse_record(services, image_key: str, *, slug: str, name: str, category: str, tags: list[str],
                   description: str) -> dict[str, Any]:
    """The analysed column values for the image at ``image_key`` (no database access).

    Returns ``{"style_dna", "skeleton", "searchable_text", "embedding" (float32 (384,)),
    "has_face", "has_text", "has_logo", "energy_level"}``. Raises whatever the analysis raises.
    """
    from routix.embed import get_embedder
    from routix.library.embedding import searchable_text, template_vector
    from routix.library.starter import flat_columns
    from routix.templates.skeleton import build_template
    from routix.vision import load_image
    from routix.vision.dna import analyse_dna

    settings = services.settings
    data = services.blobs.get(image_key)
    image = load_image(data, max_pixels=settings.max_upload_pixels, max_bytes=max(settings.max_upload_bytes, len(data)))
    dna = analyse_dna(image, ocr=settings.ocr)
    template = build_template(dna, slug=slug, name=name, category=category, tags=list(tags or []),
                              description=description or f"An uploaded {category} thumbnail layout.")
    return {
        "style_dna": dna.model_dump(mode="json"), "searchable_text": searchable_text(template),
        "embedding": template_vector(template, get_embedder()), **flat_columns(template),
    }


def error_message(exc: BaseException) -> str:
    """A clear one-line reason for a failed analysis (at most 1000 characters)."""
    if isinstance(exc, RoutixError):
        text = exc.message
    elif isinstance(exc, ValueError):  # pydantic ValidationError is a ValueError
        text = f"the analysis produced an invalid template: {str(exc).splitlines()[0]}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return f"Analysis failed: {text}"[:1000]


def run_analysis(services, template_id: str, worker_id: str) -> str:
    """Analyse template ``template_id`` (uuid text) as ``worker_id``. Returns ``completed``,
    ``failed``, ``lost`` (claim lost before writing) or ``skipped`` (nothing to do). Never raises
    for the analysis's own errors: those end up in ``analysis_error``."""
    tid = _uuid(template_id)
    if tid is None:
        return "skipped"
    attempt = claim(services, tid)
    if attempt is None:
        return "skipped"
    with services.db.session() as session:
        row = session.get(T, tid)
        if row is None:  # deleted since the claim
            return "skipped"
        inputs = dict(image_key=row.image_key, slug=row.slug, name=row.name, category=row.category,
                      tags=list(row.tags or []), description=row.description or "")
    values: dict[str, Any]
    try:
        if not inputs["image_key"]:
            raise RoutixError("the template has no reference image")
        with _heartbeat(services, tid, attempt):
            values = analyse_record(services, inputs.pop("image_key"), **inputs)
        values.update(status="analyzed", analyzed_at=utcnow(), analysis_error=None)
        outcome = "completed"
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        log.warning("template %s analysis failed (worker %s)", tid, worker_id, exc_info=True)
        values = {"status": "failed", "analysis_error": error_message(exc)}
        outcome = "failed"
    with services.db.session() as session:
        result = session.execute(update(T).where(_fenced(tid, attempt)).values(**values)
                                 .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            return "lost"
    if outcome == "completed":
        _drop_preview(services, inputs["slug"])
    invalidate_search(services)
    return outcome


def _drop_preview(services, slug: str) -> None:
    from routix.library.views import preview_key

    key = preview_key(slug)  # the cached preview of the old skeleton
    try:
        if services.blobs.exists(key):
            services.blobs.delete(key)
    except Exception:  # noqa: BLE001 - a stale preview is cosmetic
        log.warning("could not drop preview %s", key, exc_info=True)


def invalidate_search(services) -> None:
    """Tell the library search that templates changed (``routix.library.search.invalidate``)."""
    from routix.library.search import invalidate

    invalidate(services)


def reset_for_retry(row: TemplateRecord) -> None:
    """Put ``row`` back to ``pending_analysis`` (the caller commits, then dispatches
    ``template:<id>``). Analysed rows can be re-analysed too."""
    row.status = "pending_analysis"
    row.analysis_error = None
    row.analysis_started_at = None


__all__ = ["analyse_record", "claim", "error_message", "invalidate_search", "reset_for_retry", "run_analysis"]
