"""Batch routes: ``/api/v1/batches`` (create from JSON or an uploaded sheet, read, status,
rows, start/pause/resume/cancel/retry-failed, estimate, events, export, share, comments) and
``/api/v1/batch-templates``.

Another user's batch answers 404; a batch shared with you is readable (status, rows, events,
exports, comments) but every change answers 404 like an unknown id. See docs/batches.md.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from routix.api.deps import ServicesDep, SessionDep, UserDep, api_key_scheme, bearer_scheme
from routix.api.problems import responses
from routix.batches import control, export, repository, service, sharing
from routix.batches.form import read_batch_form
from routix.batches.repository import BATCHES, ROWS
from routix.batches.schemas import (
    ActionOut,
    BatchCreate,
    BatchListOut,
    BatchOut,
    BatchResume,
    BatchSettings,
    BatchStart,
    BatchStatus,
    CommentIn,
    CommentOut,
    Estimate,
    ExportOut,
    ResultsExport,
    RowListOut,
    RowOut,
    RowPatch,
    ShareIn,
    ShareOut,
    SheetPreview,
    Status,
    TemplateIn,
    TemplateOut,
)
from routix.batches.sheets import read_sheet, suggest_mapping
from routix.batches.stream import batch_events_response
from routix.batches.views import rows_view, status_view
from routix.errors import InvalidInput
from routix.kit.pagination import PageRequest, pagination
from routix.store.models import User
from routix.store.models_batches import Batch

router = APIRouter(tags=["batches"])
NOT_YOURS = {404: "no such batch, or not yours"}


def batch_view(session: Any, services: Any, user: User, batch: Batch, owner: bool, *,
               rows: bool = True) -> dict[str, Any]:
    view = status_view(session, batch)
    view.update(settings=batch.settings, source=batch.source, owner=owner, created_at=batch.created_at,
                estimate=service.estimate(session, user, batch) if owner else None)
    view["rows"] = rows_view(session, repository.all_rows(session, batch.id), services) if rows else []
    return view


def _json_field(fields: dict[str, str], name: str, default: Any) -> Any:
    raw = fields.get(name)
    if not raw:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise InvalidInput(f"form field {name!r} is not JSON", code="invalid_form") from None


_UPLOAD = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["sheet"], "additionalProperties": False, "properties": {
        "sheet": {"type": "string", "format": "binary", "description": "CSV or XLSX, first row = headers"},
        "images": {"type": "string", "format": "binary", "description": "a .zip of the images the sheet names"},
        "name": {"type": "string"}, "mapping": {"type": "string", "description": "JSON {field: column}"},
        "settings": {"type": "string", "description": "JSON BatchSettings"},
        "template_id": {"type": "string", "format": "uuid"}, "cost_cap": {"type": "string"},
        "start": {"type": "string", "enum": ["true", "false"]},
    }}}}}}


@router.post("/api/v1/batches/sheet", response_model=SheetPreview, openapi_extra=_UPLOAD,
             responses=responses({413: "sheet over the limit", 422: "unreadable sheet (`invalid_sheet`)"}))
async def preview_sheet(request: Request, user: UserDep, services: ServicesDep) -> dict[str, Any]:
    """The column-mapping step: the sheet's columns, its first 5 rows and a suggested mapping."""
    form = await read_batch_form(request.headers.get("content-type"), request.stream(),
                                 max_body_bytes=services.settings.max_request_bytes)
    name, data = form.files["sheet"]
    sheet = await run_in_threadpool(read_sheet, data, name)
    return {"columns": sheet.columns, "sample": sheet.rows[:5], "rows": len(sheet.rows),
            "mapping": suggest_mapping(sheet.columns)}


@router.post("/api/v1/batches/upload", status_code=201, response_model=BatchOut, openapi_extra=_UPLOAD,
             responses=responses({404: "a template or brand kit that is not yours", 413: "upload over the limits",
                                  422: "unreadable sheet or zip, bad mapping or settings"}))
async def upload(request: Request, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """A draft batch from a sheet (+ zip of images) and its column mapping; each row is
    validated on its own (bad rows keep their ``errors``). ``start=true`` starts the valid rows."""
    form = await read_batch_form(request.headers.get("content-type"), request.stream(),
                                 max_body_bytes=services.settings.max_request_bytes)
    fields = form.fields
    mapping = _json_field(fields, "mapping", None)
    settings_raw = _json_field(fields, "settings", {})
    template = service.get_template(session, user, fields["template_id"]) if fields.get("template_id") else None
    if template is not None:
        settings_raw = settings_raw or template.settings
        mapping = mapping or template.mapping
    try:
        settings = BatchSettings.model_validate(settings_raw)
    except ValidationError as exc:
        raise InvalidInput(f"settings: {exc.errors()[0]['msg']}", code="invalid_settings") from None
    sheet_name, sheet_data = form.files["sheet"]
    sheet = await run_in_threadpool(read_sheet, sheet_data, sheet_name)
    if mapping is None:
        mapping = suggest_mapping(sheet.columns)
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise InvalidInput("mapping must be a JSON object {field: column}", code="invalid_mapping")
    cost_cap = _int_field(fields.get("cost_cap"))
    images = form.files.get("images")
    batch = await run_in_threadpool(
        service.create_from_sheet, session, services, user, sheet, mapping, name=fields.get("name") or sheet_name,
        settings=settings, zip_data=images[1] if images else None, cost_cap=cost_cap)
    if fields.get("start", "").lower() == "true":
        control.start(session, services, batch)
    return batch_view(session, services, user, batch, True)


def _int_field(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput("cost_cap must be a whole number of credits", code="invalid_form") from None
    if value < 0:
        raise InvalidInput("cost_cap cannot be negative", code="invalid_form")
    return value


@router.post("/api/v1/batches", status_code=201, response_model=BatchOut,
             responses=responses({404: "an asset, template or brand kit that is not yours", 409: "nothing to start",
                                  422: "bad settings (`unknown_algorithm`, `feature_unavailable`)"}))
def create(body: BatchCreate, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """A batch from JSON rows (asset ids). Each row is validated on its own; with
    ``start: true`` the valid rows start at once (``start_at``: not before then)."""
    batch = service.create_from_json(session, services, user, body)
    if body.start:
        control.start(session, services, batch, start_at=body.start_at)
    return batch_view(session, services, user, batch, True)


@router.get("/api/v1/batches", response_model=BatchListOut)
def list_batches(user: UserDep, session: SessionDep,
                 page: Annotated[PageRequest, Depends(pagination(BATCHES))]) -> dict[str, Any]:
    """Your batches, newest first."""
    found = service.list_batches(session, user, page)
    return {"items": [status_view(session, b) for b in found.items], **found.fields()}


@router.get("/api/v1/batches/shared", response_model=list[BatchStatus])
def shared(user: UserDep, session: SessionDep) -> list[dict[str, Any]]:
    """Batches other users shared with you (read-only)."""
    return [status_view(session, b) for b in sharing.shared_with(session, user)]


@router.get("/api/v1/batches/{batch_id}", response_model=BatchOut, responses=responses(NOT_YOURS))
def read(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
         rows: bool = Query(default=True, description="include every row")) -> dict[str, Any]:
    """The batch: status, settings, estimate (owner only) and its rows with signed links."""
    batch, owner = service.get_batch(session, user, batch_id)
    return batch_view(session, services, user, batch, owner, rows=rows)


@router.get("/api/v1/batches/{batch_id}/status", response_model=BatchStatus, responses=responses(NOT_YOURS))
def status(batch_id: uuid.UUID, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """Counts per status, credits spent and the ETA (fast at any size)."""
    batch, _ = service.get_batch(session, user, batch_id)
    return status_view(session, batch)


@router.get("/api/v1/batches/{batch_id}/rows", response_model=RowListOut, responses=responses(NOT_YOURS))
def rows(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
         page: Annotated[PageRequest, Depends(pagination(ROWS))], status: Status | None = None) -> dict[str, Any]:
    """The batch's rows in sheet order (optionally of one ``status``)."""
    batch, _ = service.get_batch(session, user, batch_id)
    found = repository.list_rows(session, batch.id, page, status)
    return {"items": rows_view(session, found.items, services), **found.fields()}


@router.patch("/api/v1/batches/{batch_id}/rows/{row_id}", response_model=RowOut,
              responses=responses({**NOT_YOURS, 409: "the batch started (`batch_not_draft`)",
                                   422: "`invalid_winner`"}))
def edit_row(batch_id: uuid.UUID, row_id: uuid.UUID, body: RowPatch, user: UserDep, session: SessionDep,
             services: ServicesDep) -> dict[str, Any]:
    """Fix a row before the start (validated again), or pick the winning variant of a completed row."""
    row = service.edit_row(session, user, batch_id, row_id, body.prompt, body.title, body.winner)
    return rows_view(session, [row], services)[0]


@router.get("/api/v1/batches/{batch_id}/estimate", response_model=Estimate, responses=responses(NOT_YOURS))
def estimate(batch_id: uuid.UUID, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """Credits and provider dollars of the rows still to run, and your balance."""
    return service.estimate(session, user, service.get_owned_batch(session, user, batch_id))


_ACTIONS = responses({**NOT_YOURS, 409: "not possible in the batch's state"})


@router.post("/api/v1/batches/{batch_id}/start", response_model=ActionOut, responses=_ACTIONS)
def start(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
          body: BatchStart | None = None) -> dict[str, Any]:
    """Start the valid rows (optionally with a cost cap and a start time)."""
    batch = service.get_owned_batch(session, user, batch_id)
    body = body or BatchStart()
    count = control.start(session, services, batch, cost_cap=body.cost_cap, start_at=body.start_at)
    return {"status": batch.status, "rows": count}


@router.post("/api/v1/batches/{batch_id}/pause", response_model=ActionOut, responses=_ACTIONS)
def pause(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Pause: rows not started wait; rows running finish."""
    batch = service.get_owned_batch(session, user, batch_id)
    return {"rows": control.pause(session, services, batch), "status": batch.status}


@router.post("/api/v1/batches/{batch_id}/resume", response_model=ActionOut, responses=_ACTIONS)
def resume(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
           body: BatchResume | None = None) -> dict[str, Any]:
    """Resume a paused batch (optionally with a new cost cap, e.g. after it paused at the old one)."""
    batch = service.get_owned_batch(session, user, batch_id)
    cap = body.cost_cap if body is not None else None
    return {"rows": control.resume(session, services, batch, cost_cap=cap), "status": batch.status}


@router.post("/api/v1/batches/{batch_id}/cancel", response_model=ActionOut, responses=_ACTIONS)
def cancel(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Cancel: rows not started are cancelled (never charged), running rows stop and are refunded."""
    batch = service.get_owned_batch(session, user, batch_id)
    return {"rows": control.cancel(session, services, batch), "status": batch.status}


@router.post("/api/v1/batches/{batch_id}/retry-failed", response_model=ActionOut, responses=_ACTIONS)
def retry_failed(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Run the failed rows again."""
    batch = service.get_owned_batch(session, user, batch_id)
    return {"rows": control.retry_failed(session, services, batch), "status": batch.status}


_FILE_ANSWER: dict[int | str, dict[str, Any]] = {200: {"description": "the export", "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object", "properties": {"rows": {"type": "array"}}}},
    "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}
_EVENTS_ITEM = {"type": "object", "properties": {
    "event": {"type": "string", "enum": ["batch:progress"]},
    "data": {"type": "string", "contentMediaType": "application/json"},
    "id": {"type": "string"}, "retry": {"type": "integer", "minimum": 0}}}
_EVENTS_ANSWER: dict[int | str, dict[str, Any]] = {200: {
    "description": "server-sent `batch:progress` events; the stream ends when the batch is completed or cancelled",
    "content": {"text/event-stream": {"itemSchema": _EVENTS_ITEM}}}}


@router.get("/api/v1/batches/{batch_id}/events", responses={**_EVENTS_ANSWER, **responses(NOT_YOURS)},
            response_class=Response, dependencies=[Depends(bearer_scheme), Depends(api_key_scheme)])
async def events(batch_id: uuid.UUID, request: Request,
                 access_token: str | None = Query(default=None, description="for EventSource")) -> Response:
    """``batch:progress`` events as server-sent events: the current state first, then every
    change; the stream ends when the batch is completed or cancelled."""
    return await batch_events_response(request, batch_id, access_token)


@router.post("/api/v1/batches/{batch_id}/export", response_model=ExportOut, responses=responses(NOT_YOURS))
def write_export(batch_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Signed links to the CSV, the JSON and the zip of images (see docs/batches.md)."""
    batch, _ = service.get_batch(session, user, batch_id)
    return export.write_exports(session, services, batch)


@router.get("/api/v1/batches/{batch_id}/export.{fmt}", response_class=Response, responses={
    **_FILE_ANSWER, **responses({**NOT_YOURS, 422: "format is csv, json or zip"})})
def download_export(batch_id: uuid.UUID, fmt: str, user: UserDep, session: SessionDep,
                    services: ServicesDep) -> Response:
    """The export itself: ``export.csv``, ``export.json`` or ``export.zip``."""
    batch, _ = service.get_batch(session, user, batch_id)
    if fmt == "zip":
        return Response(export.to_zip(session, services, batch), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="batch-{batch.id}.zip"'})
    items = export.entries(session, services, batch)
    if fmt == "csv":
        return Response(export.to_csv(items), media_type="text/csv; charset=utf-8")
    if fmt == "json":
        return Response(export.to_json(batch, items), media_type="application/json")
    raise InvalidInput("the export format is csv, json or zip", code="invalid_format")


@router.post("/api/v1/exports", response_class=Response, responses={
    **_FILE_ANSWER, **responses({404: "a generation that is not yours"})})
def export_results(body: ResultsExport, user: UserDep, session: SessionDep, services: ServicesDep) -> Response:
    """Export a chosen set of your results outside batches (the batch export's columns)."""
    ids = list(dict.fromkeys(body.generation_ids))
    items, archive = export.results_export(session, services, user.id, ids)
    if body.format == "zip":
        return Response(archive, media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="routix-results.zip"'})
    if body.format == "csv":
        return Response(export.to_csv(items), media_type="text/csv; charset=utf-8")
    return Response(json.dumps({"rows": items}, indent=2), media_type="application/json")


@router.post("/api/v1/batches/{batch_id}/shares", response_model=ShareOut, responses=responses(NOT_YOURS))
def share(batch_id: uuid.UUID, body: ShareIn, request: Request, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """Share the batch read-only with the account of an e-mail address (the answer is the same
    whether or not there is one)."""
    sharing.share(session, user, service.get_owned_batch(session, user, batch_id), body.email, request)
    return {"shared": True}


@router.get("/api/v1/batches/{batch_id}/comments", response_model=list[CommentOut], responses=responses(NOT_YOURS))
def comments(batch_id: uuid.UUID, user: UserDep, session: SessionDep) -> list[dict[str, Any]]:
    """Comments on the batch's rows, oldest first."""
    batch, _ = service.get_batch(session, user, batch_id)
    return sharing.comments(session, batch)


@router.post("/api/v1/batches/{batch_id}/rows/{row_id}/comments", status_code=201, response_model=CommentOut,
             responses=responses(NOT_YOURS))
def add_comment(batch_id: uuid.UUID, row_id: uuid.UUID, body: CommentIn, request: Request, user: UserDep,
                session: SessionDep) -> dict[str, Any]:
    """Comment on a row (the owner and the users it is shared with)."""
    batch, _ = service.get_batch(session, user, batch_id)
    return sharing.comment(session, user, batch, row_id, body.body, request)


@router.post("/api/v1/batch-templates", status_code=201, response_model=TemplateOut,
             responses=responses({404: "a brand kit that is not yours", 409: "`template_exists`",
                                  422: "bad settings or mapping"}))
def save_template(body: TemplateIn, user: UserDep, session: SessionDep) -> Any:
    """Save settings + column mapping for the next sheet."""
    return service.save_template(session, user, body)


@router.get("/api/v1/batch-templates", response_model=list[TemplateOut])
def list_templates(user: UserDep, session: SessionDep) -> Any:
    """Your saved batch templates by name."""
    return service.list_templates(session, user)


@router.delete("/api/v1/batch-templates/{template_id}", status_code=204,
               responses=responses({404: "no such template"}))
def delete_template(template_id: uuid.UUID, user: UserDep, session: SessionDep) -> None:
    service.delete_template(session, user, template_id)
