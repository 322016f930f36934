"""Template analysis: an uploaded image -> design DNA, skeleton, searchable text, embedding.

:func:`analyse_record` is the pure part (blob in, column values out): ``analyse_dna(image,
ocr=settings.ocr)``, ``build_template(dna, ...)``, ``template_vector(template, get_embedder())``
and ``searchable_text(template)``. It runs as the ``template_analysis`` job kind
(``routix.library.jobs``) in the in-process workers, the Celery worker process and the CLI
import alike. Errors become a clear one-line ``analysis_error`` (:func:`error_message`); an
administrator retries with ``POST /api/v1/admin/templates/{id}/analyze`` (:func:`reset_for_retry`).

Nothing is published to users (template secrecy).
"""

from __future__ import annotations

import logging
from typing import Any

from routix.embed import get_embedder
from routix.errors import RoutixError
from routix.library.embedding import searchable_text, template_vector
from routix.library.search import invalidate
from routix.library.starter import flat_columns
from routix.library.views import preview_key
from routix.store.models import TemplateRecord

log = logging.getLogger("routix.library")


def analyse_record(services: Any, image_key: str, *, slug: str, name: str, category: str, tags: list[str],
                   description: str) -> dict[str, Any]:
    """The analysed column values for the image at ``image_key`` (no database access).

    Returns ``{"style_dna", "skeleton", "searchable_text", "embedding" (float32 (384,)),
    "has_face", "has_text", "has_logo", "energy_level"}``. Raises whatever the analysis raises.
    """
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


def drop_preview(services: Any, slug: str) -> None:
    """Delete the cached preview of template ``slug`` (rendered from its old skeleton); a
    failure is logged only (a stale preview is cosmetic)."""
    key = preview_key(slug)
    try:
        if services.blobs.exists(key):
            services.blobs.delete(key)
    except Exception:
        log.warning("could not drop preview %s", key, exc_info=True)


def invalidate_search(services: Any) -> None:
    """Tell the library search that templates changed (``routix.library.search.invalidate``)."""
    invalidate(services)


def reset_for_retry(row: TemplateRecord) -> None:
    """Put ``row`` back to ``pending_analysis`` (the caller adds its ``template_analysis`` job
    and commits). Analysed rows can be re-analysed too."""
    row.status = "pending_analysis"
    row.analysis_error = None
    row.analysis_started_at = None


__all__ = ["analyse_record", "drop_preview", "error_message", "invalidate_search", "reset_for_retry"]
