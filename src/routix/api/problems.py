"""RFC 7807 ``application/problem+json`` answers for every error.

``type`` is a stable URI per error code (``https://routix.dev/problems/<code>``), ``title`` a
short human summary, ``detail`` the specific message, ``status`` the HTTP status, ``code`` the
machine-readable code, ``instance`` the request path. Validation errors add ``errors``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from routix.errors import RateLimited, RoutixError

PROBLEM_BASE = "https://routix.dev/problems/"
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("routix.api")

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_input",
    429: "rate_limited", 500: "internal_error", 503: "unavailable",
}


def problem(status: int, code: str, detail: str, *, instance: str | None = None, headers: dict | None = None,
            **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {
        "type": PROBLEM_BASE + code, "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _clean_errors(errors: list[dict]) -> list[dict]:
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
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "internal_error", "Something went wrong on our side; the error was logged.",
                       instance=request.url.path)
