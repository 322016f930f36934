"""The FastAPI application: ``create_app(services)``; ``routix serve`` runs it with uvicorn.

On start it migrates the embedded database, starts the job queue (in-process workers plus the
lease reaper, which also resumes unfinished jobs) and on stop it drains them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response
from starlette.types import ASGIApp

from routix import __version__
from routix.accounts import router as accounts_router
from routix.admin import router as admin_router
from routix.algorithms import router as algorithms_router
from routix.api import openapi, problems, security
from routix.assets import router as assets_router
from routix.audit import router as audit_router
from routix.blobs import router as blobs_router
from routix.chat import router as chat_router
from routix.config import Settings
from routix.credits import router as credits_router
from routix.events import router as events_router
from routix.events.router import RedactQueryTokens
from routix.generations import router as generations_router
from routix.health import router as health_router
from routix.library import router as library_router
from routix.services import Services
from routix.web import install as install_web

API_DESCRIPTION = """Routix: a sentence, a face and a title in; a finished thumbnail, layered PSD and variants out.

Authenticate with `Authorization: Bearer <access token>` (from `/api/v1/auth/login`) or an API key
(`Authorization: Bearer rtx_...` or `X-API-Key: rtx_...`).
Errors are RFC 7807 `application/problem+json` (schema `Problem`).
A 2xx answer means the request's changes are committed.
"""


class BodyLimit(BaseHTTPMiddleware):
    """Refuse requests whose declared body exceeds ``max_request_bytes`` with a 413 problem."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        super().__init__(app)
        self.limit = limit

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return problems.problem(
                413, "payload_too_large", f"the request body is larger than {self.limit // (1024 * 1024)} MB",
                instance=request.url.path,
            )
        return await call_next(request)


def create_app(services: Services | None = None, *, settings: Settings | None = None,
               start_workers: bool = True, migrate: bool | None = None) -> FastAPI:
    """The app over ``services`` (default: built from ``settings`` or the environment).

    ``migrate`` defaults to True on the embedded SQLite database; ``start_workers=False`` leaves
    jobs to separate ``routix worker`` processes (or to a test).
    """
    services = services or Services(settings)
    migrate = services.settings.is_embedded_db if migrate is None else migrate

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            services.migrate()
        if start_workers:
            services.queue.start()
        try:
            yield
        finally:
            services.close()

    _redact_tokens_in_access_logs()
    app = FastAPI(title="Routix", version=__version__, description=API_DESCRIPTION, lifespan=lifespan)
    app.state.services = services
    app.add_middleware(BodyLimit, limit=services.settings.max_request_bytes)
    security.install(app, services.settings)
    problems.install(app)
    for router in _routers():
        app.include_router(router)
    openapi.install(app)
    install_web(app)
    return app


def _redact_tokens_in_access_logs() -> None:
    """uvicorn logs full query strings; WebSocket and SSE clients may carry tokens there."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactQueryTokens) for f in logger.filters):
            logger.addFilter(RedactQueryTokens())


def _routers() -> tuple[APIRouter, ...]:
    """Every domain's router, in the order the OpenAPI document lists them."""
    return (
        health_router.router, accounts_router.router, assets_router.router, blobs_router.router,
        generations_router.router, credits_router.router, events_router.router, chat_router.router,
        library_router.router, algorithms_router.router, audit_router.router, admin_router.router,
    )
