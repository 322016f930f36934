"""RFC 7807 ``application/problem+json`` answers for every error.

``type`` is a stable URI per error code (``https://routix.dev/problems/<code>``), ``title`` a
short human summary, ``detail`` the specific message, ``status`` the HTTP status, ``code`` the
machine-readable code, ``instance`` the request path, ``request_id`` the request's id (also in
the ``X-Request-ID`` header; :mod:`routix.api.request_id`). Validation errors add ``errors``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from routix.api.request_id import HEADER as REQUEST_ID_HEADER
from routix.api.request_id import request_id_of
from routix.errors import RateLimited, RoutixError
from routix.kit.logs import current_request_id

PROBLEM_BASE = "https://routix.dev/problems/"
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("routix.api")


class ValidationIssue(BaseModel):
    """One invalid part of a request (input values are never echoed)."""

    loc: list[str] = Field(description="where: e.g. ['body', 'email'] or ['query', 'limit']")
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 7807 problem, the body of every error answer (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="https://routix.dev/problems/<code>")
    title: str = Field(description="the HTTP status phrase")
    status: int
    detail: str = Field(description="what went wrong, for people")
    code: str = Field(description="stable machine-readable code, e.g. not_authenticated, email_taken")
    instance: str | None = Field(default=None, description="the request path")
    errors: list[ValidationIssue] | None = Field(default=None, description="422 invalid_input only")
    request_id: str | None = Field(default=None, description="the request's id, as in the X-Request-ID header; "
                                   "quote it when reporting a problem")


#: What each documented error status means in general (a route may describe its own cases).
STATUS_DESCRIPTIONS = {
    400: "Bad request (`bad_request`: the body could not be parsed)",
    401: "Missing, invalid or expired credentials (`not_authenticated`, `invalid_token`, `invalid_api_key`)",
    403: "Not allowed (`forbidden`: administrators only)",
    404: "Not found (another user's resource answers the same)",
    409: "Conflicts with the current state",
    413: "The request body is too large (`payload_too_large`)",
    415: "Unsupported media type (`unsupported_media_type`)",
    422: "Invalid input (`invalid_input`, with `errors`)",
    429: "Too many requests (`rate_limited`); see `Retry-After`",
    503: "A backing service is unavailable, or the change could not be saved (`commit_failed`)",
}


def responses(extra: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses=`` entries for the problems it answers beyond those the OpenAPI
    document derives from its dependencies, e.g. ``responses({409: "`email_taken`"})``."""
    return {status: {"description": text} for status, text in extra.items()}

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_input",
    429: "rate_limited", 500: "internal_error", 503: "unavailable",
}


def problem(status: int, code: str, detail: str, *, instance: str | None = None,
            headers: dict[str, str] | None = None, request_id: str | None = None, **extra: Any) -> JSONResponse:
    """A problem+json response; ``request_id`` defaults to the current request's."""
    body = {
        "type": PROBLEM_BASE + code, "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    request_id = request_id or current_request_id()
    if request_id:
        body["request_id"] = request_id
        headers = {**(headers or {}), REQUEST_ID_HEADER: request_id}
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _clean_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors without echoing input values (they may hold secrets or huge payloads)."""
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem."""

    @app.exception_handler(RoutixError)
    async def _routix(request: Request, exc: RoutixError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        if exc.status == 401:
            headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
        return problem(exc.status, exc.code, exc.message, instance=request.url.path, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_errors(exc.errors())
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(p for p in first["loc"] if p not in ("body",)) or "request"
        return problem(422, "invalid_input", f"{where}: {first['msg']}", instance=request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(exc.status_code, code, detail, instance=request.url.path, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # runs outside the request-id middleware: the id comes from the scope
        log.exception("unhandled error on %s %s", request.method, request.url.path,
                      extra={"request_id": request_id_of(request.scope)})
        return problem(500, "internal_error", "Something went wrong on our side; the error was logged.",
                       instance=request.url.path, request_id=request_id_of(request.scope))
