"""``/api/v1/admin/templates``: the template library for administrators.

Upload (multipart, one or many images or a .zip) -> 202 with the new templates and the rejected
files; list/filter, detail (with design DNA and slot boxes), PATCH, DELETE, retry analysis,
semantic search, and a preview PNG of the skeleton filled with placeholders. Every route needs
an administrator (403 problem otherwise, 401 without credentials). Image links in the answers
are signed and short-lived.

``POST /api/v1/generation/{id}/feedback``: thumbs up/down on one of your completed generations.

A repeated vote replaces the previous one. Another user's generation answers 404, a generation
that is not completed 409. The vote feeds the (secret) template's performance score.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from routix.api.deps import AdminDep, ServicesDep, SessionDep, UserDep
from routix.api.limits import UploadLimit
from routix.api.problems import responses
from routix.kit.pagination import PageRequest, pagination
from routix.library import service as library
from routix.library.feedback import rate_generation
from routix.library.form import read_many_files_form
from routix.library.repository import TEMPLATES
from routix.library.schemas import (
    FeedbackBody,
    FeedbackOut,
    SearchOut,
    TemplateAdminOut,
    TemplateDetailOut,
    TemplateListOut,
    TemplatePatch,
    TemplateSearch,
    UploadOut,
)
from routix.library.starter import ensure_starter
from routix.library.upload import check_category, create_templates, make_meta
from routix.library.views import ensure_preview, template_admin, template_detail
from routix.templates import TemplateFilter

templates_router = APIRouter(prefix="/api/v1/admin/templates", tags=["admin: templates"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files", "category"], "additionalProperties": False,
            "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                          "description": "JPEG/PNG/WebP images, or a .zip of them"},
                "category": {"type": "string", "description": "one of routix.brief.CATEGORIES"},
                "tags": {"type": "string", "description": "comma-separated"},
                "description": {"type": "string"},
                "name": {"type": "string", "description": "only for a single image"},
            },
        }}},
    }
}


@templates_router.post("", status_code=202, response_model=UploadOut, openapi_extra=_UPLOAD_BODY,
                       responses=responses({
                           413: "body, file, archive or pixel count over the limits",
                           422: "unknown category, bad form field, no files",
                       }))
async def upload_templates(request: Request, admin: AdminDep, session: SessionDep, services: ServicesDep,
                           _: UploadLimit) -> dict[str, Any]:
    """Upload images (or a .zip) as library templates; each is analysed by a background job.

    Files that cannot be used (not an image, too large, duplicate, unsafe archive entry) are
    listed under ``rejected``; the others land as ``pending_analysis`` templates.
    """
    settings = services.settings
    form = await read_many_files_form(
        request.headers.get("content-type"), request.stream(),
        max_file_bytes=settings.max_request_bytes, max_body_bytes=settings.max_request_bytes,
    )
    fields = form.fields
    meta = make_meta(fields.get("category"), fields.get("tags"), fields.get("description"), fields.get("name"))
    result = await run_in_threadpool(create_templates, session, services, admin, form.files, meta, request=request)
    return {"templates": [template_admin(row, services) for row in result.templates], "rejected": result.rejected}


@templates_router.get("", response_model=TemplateListOut)
def list_templates(
    admin: AdminDep, session: SessionDep, services: ServicesDep,
    page: Annotated[PageRequest, Depends(pagination(TEMPLATES))],
    category: str | None = None, status: str | None = None, source: str | None = None,
    is_active: bool | None = None, q: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Library templates (starter and uploaded), filtered; featured and high priority first;
    ``next_cursor`` pages on (``?cursor=``)."""
    ensure_starter(services)  # one cheap SELECT when the starter rows are current
    found = library.list_templates(session, category=category, status=status, source=source,
                                   is_active=is_active, q=q, page=page)
    return {"items": [template_admin(row, services) for row in found.items], **found.fields()}


@templates_router.post("/search", response_model=SearchOut)
def search_templates(body: TemplateSearch, admin: AdminDep, session: SessionDep,
                     services: ServicesDep) -> dict[str, Any]:
    """Semantic search over the templates the pipeline can pick, with cosine ``similarity``."""
    category = check_category(body.category) if body.category else None
    filters = TemplateFilter(category=category, has_face=body.has_face, has_text=body.has_text,
                             energy_min=body.energy_min, energy_max=body.energy_max)
    hits = library.search_templates(session, services, body.query, filters, k=body.k, min_score=body.min_score)
    return {"results": [{"template": template_admin(row, services), "similarity": round(score, 4)}
                        for row, score in hits]}


@templates_router.get("/{template_id}", response_model=TemplateDetailOut)
def get_template(template_id: str, admin: AdminDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """One template with its design DNA and slot boxes (``[x, y, w, h]``, normalised 0..1)."""
    return template_detail(library.get_template(session, template_id), services)


@templates_router.get("/{template_id}/preview.png", response_class=Response, responses={
    200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
          "description": "the skeleton filled with placeholders"},
    **responses({404: "unknown template, or not analysed yet (`no_preview`)"}),
})
def template_preview(template_id: str, admin: AdminDep, session: SessionDep, services: ServicesDep) -> Response:
    """A PNG of the template's skeleton filled with placeholders (404 until it is analysed)."""
    row = library.get_template(session, template_id)
    data = services.blobs.get(ensure_preview(services, row))
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300",
                                                           "X-Content-Type-Options": "nosniff"})


@templates_router.patch("/{template_id}", response_model=TemplateDetailOut)
def update_template(template_id: str, body: TemplatePatch, request: Request, admin: AdminDep,
                    session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Edit a template; changing its text re-embeds it. Audited (``template.update``)."""
    changes = body.model_dump(exclude_unset=True)
    row = library.update_template(session, services, admin, template_id, changes, request=request)
    return template_detail(row, services)


@templates_router.delete("/{template_id}", status_code=204,
                         responses=responses({409: "starter templates cannot be deleted (`starter_template`)"}))
def delete_template(template_id: str, request: Request, admin: AdminDep, session: SessionDep,
                    services: ServicesDep) -> Response:
    """Delete an uploaded template and its images (starter templates: 409, deactivate them)."""
    library.delete_template(session, services, admin, template_id, request=request)
    return Response(status_code=204)


@templates_router.post("/{template_id}/analyze", status_code=202, response_model=TemplateAdminOut,
                       responses=responses({409: "no reference image (`not_analyzable`) or the analysis is "
                                                 "running (`analysis_running`)"}))
def analyze_template(template_id: str, request: Request, admin: AdminDep, session: SessionDep,
                     services: ServicesDep) -> dict[str, Any]:
    """Run the analysis again (after a failure, or to refresh it)."""
    row = library.retry_analysis(session, services, admin, template_id, request=request)
    return template_admin(row, services)


feedback_router = APIRouter(prefix="/api/v1/generation", tags=["generation"])


@feedback_router.post("/{generation_id}/feedback", response_model=FeedbackOut,
                      responses=responses({409: "the generation is not completed (`generation_not_completed`)"}))
def give_feedback(generation_id: str, body: FeedbackBody, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """Rate your completed generation ``up`` or ``down`` (optionally with a comment)."""
    feedback = rate_generation(session, user, generation_id, body.rating, body.comment or None)
    return {"generation_id": str(feedback.generation_id), "rating": body.rating}


#: every route of this module, mounted by the app
router = APIRouter()
router.include_router(templates_router)
router.include_router(feedback_router)
