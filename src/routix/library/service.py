"""Administrators' library operations: list/filter, read, edit, deactivate, delete, retry, search.

Every change writes one audit row (``template.update`` / ``template.delete`` /
``template.analyze``) in the caller's transaction and, once the caller has committed, calls
``routix.library.search.invalidate(services)`` so searches see it (an after-commit callback,
:mod:`routix.kit.transaction`). Only :func:`retry_analysis` commits itself: the analysis job is
dispatched after its commit. Unknown ids (or non-uuid
text) -> NotFound. Starter templates cannot be deleted (Conflict 409, code
``starter_template``): deactivate them instead.

Editing ``name``/``category``/``tags``/``description`` of an analysed template re-embeds it: the
stored skeleton gets the new values and ``searchable_text``/``embedding`` are recomputed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.audit import service as audit
from routix.embed import get_embedder
from routix.errors import Conflict, InvalidInput
from routix.jobs.enqueue import commit_then_dispatch, enqueue, unfinished
from routix.kit.pagination import Page, PageRequest
from routix.kit.transaction import after_commit
from routix.library import repository
from routix.library.analysis import invalidate_search, reset_for_retry
from routix.library.embedding import searchable_text, template_vector
from routix.library.jobs import TEMPLATE_ANALYSIS
from routix.library.search import library_index
from routix.library.upload import (
    MAX_DESCRIPTION,
    MAX_NAME,
    check_category,
    parse_tags,
    release_blobs,
)
from routix.library.views import preview_key
from routix.store.models import TEMPLATE_STATUSES, TemplateRecord, User
from routix.templates import Template

#: Fields an administrator may change with PATCH.
EDITABLE = ("name", "category", "tags", "description", "is_active", "is_featured", "priority")
#: Changing one of these re-embeds an analysed template.
TEXT_FIELDS = ("name", "category", "tags", "description")
SOURCES = ("starter", "upload")


def get_template(session: Session, template_id: uuid.UUID | str) -> TemplateRecord:
    """The template row ``template_id``; NotFound when missing or not a uuid."""
    return repository.get_template(session, template_id)


def list_templates(session: Session, *, category: str | None = None, status: str | None = None,
                   source: str | None = None, is_active: bool | None = None, q: str | None = None,
                   page: PageRequest | None = None) -> Page[TemplateRecord]:
    """One page of the templates matching every given filter, featured first, then by priority
    (high first), newest, id; with their total count. ``q`` matches name, tags or description
    (case-insensitive substring). InvalidInput for an unknown category, status or source;
    InvalidCursor (422) for a cursor of another list."""
    if category is not None:
        category = check_category(category)
    if status is not None and status not in TEMPLATE_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(TEMPLATE_STATUSES)}", code="invalid_status")
    if source is not None and source not in SOURCES:
        raise InvalidInput(f"source must be one of {', '.join(SOURCES)}", code="invalid_source")
    filters = repository.TemplateListFilter(category=category, status=status, source=source, is_active=is_active, q=q)
    return repository.list_templates(session, filters, page or PageRequest())


def _clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            raise InvalidInput(f"{key!r} cannot be changed", code="invalid_field")
        if key == "name":
            value = (value or "").strip()
            if not value or len(value) > MAX_NAME:
                raise InvalidInput(f"name must be 1 to {MAX_NAME} characters", code="invalid_name")
        elif key == "category":
            value = check_category(value)
        elif key == "tags":
            value = parse_tags(value)
        elif key == "description":
            value = (value or "").strip()
            if len(value) > MAX_DESCRIPTION:
                raise InvalidInput(f"description is longer than {MAX_DESCRIPTION} characters",
                                   code="invalid_description")
        elif value is None:
            raise InvalidInput(f"{key} cannot be null", code="invalid_field")
        out[key] = value
    return out


def update_template(session: Session, services, admin: User, template_id, changes: dict[str, Any], *,
                    request=None) -> TemplateRecord:
    """Apply ``changes`` (subset of EDITABLE) to a template, re-embed when its text changed,
    audit ``template.update`` with before/after; the search index is invalidated once the caller
    has committed."""
    row = get_template(session, template_id)
    changes = _clean_changes(changes)
    before = audit.snapshot(row, EDITABLE)
    for key, value in changes.items():
        setattr(row, key, value)
    if row.skeleton and any(before[k] != audit.jsonable(getattr(row, k)) for k in TEXT_FIELDS):
        reembed(row)
    audit.record(session, admin, "template.update", "template", row.id, before=before,
                 after=audit.snapshot(row, EDITABLE), request=request)
    session.flush()
    after_commit(session, lambda: invalidate_search(services))
    return row


def reembed(row: TemplateRecord) -> None:
    """Rebuild ``row.skeleton`` with its current name/category/tags/description and recompute
    ``searchable_text`` and ``embedding`` (MiniLM, routix.embed.get_embedder())."""

    data = dict(row.skeleton or {})
    data.update(name=row.name, category=row.category, tags=list(row.tags or []),
                description=row.description or data.get("description") or f"An uploaded {row.category} layout.")
    template = Template.model_validate(data)
    row.skeleton = template.model_dump(mode="json", by_alias=True)
    row.searchable_text = searchable_text(template)
    row.embedding = template_vector(template, get_embedder())


def delete_template(session: Session, services, admin: User, template_id, *, request=None) -> None:
    """Delete an uploaded template; once the caller has committed, its blobs go too (image,
    thumbnail, preview; the image and thumbnail stay when another row shares the sha256).
    Starter rows -> Conflict."""
    row = get_template(session, template_id)
    if row.source == "starter":
        raise Conflict("starter templates cannot be deleted; deactivate them instead", code="starter_template")
    before = audit.snapshot(row, ("slug", "name", "category", "tags", "file_name", "sha256", "status", "is_active"))
    audit.record(session, admin, "template.delete", "template", row.id, before=before, after=None, request=request)
    repository.delete_template(session, row)

    def release() -> None:
        release_blobs(session, services, row)
        if services.blobs.exists(preview_key(row.slug)):
            services.blobs.delete(preview_key(row.slug))
        invalidate_search(services)

    after_commit(session, release)


def retry_analysis(session: Session, services, admin: User, template_id, *, request=None) -> TemplateRecord:
    """Reset a template's analysis to ``pending_analysis``, commit with its ``template_analysis``
    job (the one still waiting, else a new one) and dispatch it. Starter rows (no reference
    image) -> Conflict ``not_analyzable``; a running analysis -> Conflict ``analysis_running``."""
    row = get_template(session, template_id)
    if not row.image_key:
        raise Conflict("this template has no reference image to analyse", code="not_analyzable")
    if row.status == "analyzing":
        raise Conflict("the analysis is running", code="analysis_running")
    before = audit.snapshot(row, ("status", "analysis_error", "analysis_attempt"))
    reset_for_retry(row)
    audit.record(session, admin, "template.analyze", "template", row.id, before=before,
                 after=audit.snapshot(row, ("status", "analysis_error", "analysis_attempt")), request=request)
    job = unfinished(session, TEMPLATE_ANALYSIS, row.id) or enqueue(session, TEMPLATE_ANALYSIS, row.id)
    commit_then_dispatch(session, services, job)
    return row


def search_templates(session: Session, services, query: str, filters=None, *, k: int = 10,
                     min_score: float | None = None) -> list[tuple[TemplateRecord, float]]:
    """``[(row, cosine similarity)]``: the library index's best matches for ``query``, best
    first (only templates the pipeline can pick: active and analysed, plus starters)."""

    matches = library_index(services).search(query, filters, k=k, min_score=min_score)
    rows = repository.templates_by_slug(session, [m.template.id for m in matches])
    return [(rows[m.template.id], float(m.score)) for m in matches if m.template.id in rows]


__all__ = ["EDITABLE", "delete_template", "get_template", "list_templates", "reembed", "retry_analysis",
           "search_templates", "update_template"]
