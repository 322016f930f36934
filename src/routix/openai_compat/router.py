"""``/v1``: the OpenAI-compatible images API (``POST /v1/images/generations``,
``POST /v1/images/edits``, ``GET /v1/models``).

Auth: a Routix API key (``rtx_...``) or access token as the Bearer token, exactly like the
rest of the API; credits and the generation rate limits apply as for
``POST /api/v1/generation/create``. Every error of this API is OpenAI's shape
``{"error": {"message", "type", "param", "code"}}`` (not problem+json), with the statuses the
OpenAI SDK turns into its exceptions: 400 BadRequestError (invalid input, including what Routix
answers 415 or 422), 401 AuthenticationError, 403 PermissionDeniedError, 404, 429
RateLimitError (rate limits, and insufficient credits as OpenAI's ``insufficient_quota``),
500/503/504 InternalServerError. Errors other than rate limits carry ``x-should-retry: false``:
a generation may have been started, so the SDK must not repeat the request by itself.

``stream=true`` answers server-sent events once the generation is accepted (errors before that
are ordinary answers): see :func:`routix.openai_compat.service.stream_events`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import generation_limit
from routix.assets import service as assets
from routix.errors import RateLimited, RoutixError
from routix.generations import versions
from routix.generations.params import MAX_FACES
from routix.openai_compat import service
from routix.openai_compat.schemas import ImageGenerationRequest, ImageOptions, ImagesResponse, ModelList, OpenAIError
from routix.services import Services
from routix.store.models import User

log = logging.getLogger("routix.api")

#: Form fields of an edit that carry the subject photo(s) (the SDK sends ``image[]`` for a list).
IMAGE_FIELDS = ("image", "image[]")
#: Smallest width and height of a subject photo, px (smaller ones hold no usable face or subject).
MIN_PHOTO_SIDE = 32
#: The form field naming a Routix version to edit by the prompt (instead of an uploaded image).
VERSION_FIELD = "routix_version"
#: Options a version edit cannot honour: it makes one image from the version's own design.
_NOT_FOR_VERSIONS = {"title": "set the title in the prompt: change the title to '...'",
                     "seed": "the edit keeps the version's art, or asks for new art in the prompt"}
#: Files OpenAI's edits take that Routix refuses, with the reason.
REFUSED_FILES = {
    "mask": "mask is not supported: Routix composes the whole thumbnail around your photo; send it without a mask.",
    "markup": "markup is not supported; send the photo as image.",
}


def error_response(exc: Exception) -> JSONResponse:
    """``exc`` as OpenAI's error answer (see the module docstring)."""
    status, kind, code, param = 500, "server_error", "internal_error", None
    headers: dict[str, str] = {}
    if isinstance(exc, RequestValidationError | ValidationError):
        status, kind, message, code, param = 400, "invalid_request_error", *_validation(exc)
    elif isinstance(exc, RoutixError):
        message, code, param = exc.message, exc.code, getattr(exc, "param", None)
        status = 400 if exc.status in (415, 422) else exc.status
        if exc.code == "insufficient_credits":
            status, kind, code = 429, "insufficient_quota", "insufficient_quota"
        elif isinstance(exc, RateLimited):
            kind, code = "requests", "rate_limit_exceeded"
            headers["Retry-After"] = str(exc.retry_after)
        elif status < 500:
            kind = "permission_error" if status == 403 else "invalid_request_error"
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
    elif isinstance(exc, StarletteHTTPException):
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        kind, code = ("invalid_request_error", "http_error") if status < 500 else ("server_error", "http_error")
    else:
        log.error("unhandled error on the OpenAI-compatible API", exc_info=exc)
        message = "Something went wrong on our side; the error was logged."
    if "Retry-After" not in headers:
        headers["x-should-retry"] = "false"
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation(exc: RequestValidationError | ValidationError) -> tuple[str, str, str | None]:
    """(message, code, param) of the first validation error."""
    errors = exc.errors()
    if not errors:
        return "Invalid request.", "invalid_value", None
    first = errors[0]
    names = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "header")]
    param = names[-1] if names else None
    kind = first.get("type", "")
    if kind == "extra_forbidden":
        return f"Unrecognized request argument supplied: {param}", "unknown_parameter", param
    if kind == "missing":
        return f"Missing required parameter: '{param}'.", "missing_required_parameter", param
    if kind.startswith("json") or param is None:
        return "We could not parse the JSON body of your request.", "invalid_json", None
    return f"Invalid value for '{param}': {first.get('msg', 'invalid')}.", "invalid_value", param


class OpenAIRoute(APIRoute):
    """A route whose every error (its dependencies' too) is answered in OpenAI's shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001 - every error becomes an OpenAI error
                return error_response(exc)

        return guarded


router = APIRouter(prefix="/v1", tags=["openai"], route_class=OpenAIRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": OpenAIError, "description": text} for status, text in {
        400: "invalid request: unknown or invalid parameter, size, model, image; a refused mask",
        401: "missing or invalid API key or access token",
        403: "not allowed",
        404: "not found",
        409: "conflicts with the current state",
        413: "the request or an image is too large",
        415: "answered as 400",
        422: "answered as 400",
        429: "rate limited (`rate_limit_exceeded`, see Retry-After) or too few credits (`insufficient_quota`)",
        500: "the generation failed",
        503: "no worker runs generations, or the change could not be saved",
        504: "the generation did not finish in time; it goes on (the message names it)",
    }.items()
}

#: Answers of the image routes: the ImagesResponse, or with ``stream=true`` server-sent events.
_IMAGE_ANSWERS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    200: {"description": "the images (JSON), or with stream=true server-sent events: with partial_images, "
                         "`image_generation.partial_image` per stage image (the painted backdrop, then the "
                         "composition before the title), then `image_generation.completed` per image (edits: "
                         "`image_edit.*`), `error` on failure",
          "content": {"text/event-stream": {"itemSchema": {
              "type": "object",
              "properties": {
                  "event": {"type": "string"},
                  "data": {"type": "string", "contentMediaType": "application/json"},
                  "id": {"type": "string"},
                  "retry": {"type": "integer", "minimum": 0},
              },
          }}}},
}

#: The multipart body of an edit, for the OpenAPI document.
_EDIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["prompt"], "additionalProperties": False,
            "properties": {
                "image": {"type": "string", "format": "binary",
                          "description": "the face/subject photo (JPEG, PNG, WebP); or routix_version"},
                VERSION_FIELD: {"type": "string", "format": "uuid", "description": (
                    "Routix: instead of image, a version id (`routix_version` of an earlier answer): the prompt "
                    "is applied to it as an edit instruction (free when the art is reused)")},
                "image[]": {"type": "array", "maxItems": MAX_FACES,
                            "items": {"type": "string", "format": "binary"}, "description": "several photos"},
                **ImageOptions.model_json_schema()["properties"],
            },
        }}},
    }
}


@router.get("/models", response_model=ModelList, responses=_ERRORS)
def list_models(user: UserDep, session: SessionDep) -> dict[str, Any]:
    """The active algorithms ("Routix Versions") as OpenAI models, ``routix-<name>``."""
    return {"object": "list", "data": service.list_models(session)}


@router.post("/images/generations", response_model=ImagesResponse, responses=_IMAGE_ANSWERS,
             dependencies=[Depends(generation_limit)])
def create_image(body: ImageGenerationRequest, request: Request, user: UserDep, session: SessionDep,
                 services: ServicesDep) -> Any:
    """Make a thumbnail from a prompt and wait for it (OpenAI's ``images.generate``): ``n`` 1 is
    the thumbnail, more adds variants; ``size`` picks the 16:9 or 1:1 output."""
    output = service.output_for(body)
    row = service.submit(session, services, user, body)
    if body.stream:
        return _stream(service.stream_events(services, row.id, body, output, "image_generation"))
    done = service.wait_for(services, row.id)
    return service.images_response(services, done, body, output, str(request.base_url))


@router.post("/images/edits", response_model=ImagesResponse, responses=_IMAGE_ANSWERS, openapi_extra=_EDIT_BODY,
             dependencies=[Depends(generation_limit)])
async def edit_image(request: Request, user: UserDep, session: SessionDep, services: ServicesDep) -> Any:
    """Make a thumbnail around a face/subject photo (OpenAI's ``images.edit``, multipart):
    ``image`` (or ``image[]``, up to 4) is stored as your face asset(s); ``mask`` is refused.
    Without an image, ``routix_version`` names a version of yours and the ``prompt`` is applied
    to it as an edit instruction (a new version, like ``POST /api/v1/generation/{id}/edit``;
    ``n`` must be 1; an unclear instruction answers 400 with the question to answer)."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise service.BadParam("Send the edit as multipart/form-data with the photo in 'image'.", param=None,
                               code="invalid_content_type")
    photos, fields = await _read_form(request)
    version = fields.pop(VERSION_FIELD, None)
    options = ImageOptions.model_validate(fields)
    output = service.output_for(options)
    if version is not None:
        return await run_in_threadpool(_edit_version, session, services, user, options, output, version,
                                       str(request.base_url))
    return await run_in_threadpool(_edit, session, services, user, options, output, photos, str(request.base_url))


async def _read_form(request: Request) -> tuple[list[tuple[bytes, str | None]], dict[str, str]]:
    """The photos (bytes, file name) and the text fields of an edit. Raises BadParam for a
    refused or unknown file, a repeated field, no photo or too many."""
    photos: list[tuple[bytes, str | None]] = []
    fields: dict[str, str] = {}
    async with request.form(max_files=MAX_FACES + 2, max_fields=40) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if name in REFUSED_FILES:
                    raise service.BadParam(REFUSED_FILES[name], param=name, code="unsupported_parameter")
                if name not in IMAGE_FIELDS:
                    raise service.BadParam(f"Unrecognized file field: {name}", param=name, code="unknown_parameter")
                photos.append((await value.read(), value.filename))
            elif name in fields:
                raise service.BadParam(f"The field '{name}' is given twice.", param=name)
            elif name in IMAGE_FIELDS:
                raise service.BadParam("'image' must be a file.", param="image")
            else:
                fields[name] = value
    if photos and VERSION_FIELD in fields:
        raise service.BadParam(f"Send either 'image' (a photo to build a thumbnail around) or '{VERSION_FIELD}' (a "
                               "version to edit by the prompt), not both.", param=VERSION_FIELD)
    if not photos and VERSION_FIELD not in fields:
        raise service.BadParam(f"Missing required parameter: 'image' (or '{VERSION_FIELD}' to edit a version).",
                               param="image", code="missing_required_parameter")
    if len(photos) > MAX_FACES:
        raise service.BadParam(f"At most {MAX_FACES} images.", param="image")
    return photos, fields


def _edit(session: Any, services: Services, user: User, options: ImageOptions, output: service.Output,
          photos: list[tuple[bytes, str | None]], base_url: str) -> Any:
    faces = []
    for data, name in photos:
        asset = assets.create_asset(session, services, user, data, name, "face")
        if min(asset.width or 0, asset.height or 0) < MIN_PHOTO_SIDE:
            raise service.BadParam(f"The image is too small ({asset.width}x{asset.height} px); send a photo of at "
                                   f"least {MIN_PHOTO_SIDE}x{MIN_PHOTO_SIDE} px.", param="image")
        faces.append(asset.id)
    row = service.submit(session, services, user, options, faces)
    if options.stream:
        return _stream(service.stream_events(services, row.id, options, output, "image_edit"))
    done = service.wait_for(services, row.id)
    return service.images_response(services, done, options, output, base_url)


def _edit_version(session: Any, services: Services, user: User, options: ImageOptions, output: service.Output,
                  version: str, base_url: str) -> Any:
    """Apply ``options.prompt`` to the user's version ``version`` as an edit instruction."""
    try:
        version_id = uuid.UUID(version.strip())
    except ValueError:
        raise service.BadParam(f"'{VERSION_FIELD}' must be a version id (a UUID).", param=VERSION_FIELD) from None
    if options.n != 1:
        raise service.BadParam("An edit of a version makes one image: n must be 1 (ask for variants with "
                               "POST /api/v1/generation/{id}/variant).", param="n")
    for name, why in _NOT_FOR_VERSIONS.items():
        if getattr(options, name) is not None:
            raise service.BadParam(f"'{name}' does not apply to an edit of a version: {why}.", param=name)
    row, _ = versions.submit_edit(session, services, user, version_id, instruction=options.prompt)
    if options.stream:
        return _stream(service.stream_events(services, row.id, options, output, "image_edit"))
    done = service.wait_for(services, row.id)
    return service.images_response(services, done, options, output, base_url)


def _stream(events: Iterator[str]) -> StreamingResponse:
    """``stream=true``: the events as ``text/event-stream`` (the generation is already accepted
    and committed; the stream only waits for it)."""
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
