"""The FastAPI application: ``create_app(services)``; ``routix serve`` runs it with uvicorn.

On start it migrates the embedded database, starts the job queue (in-process workers plus the
lease reaper, which also resumes unfinished jobs) and on stop it drains them.

Every request body is capped at ``settings.max_request_bytes`` (:class:`BodyLimit`, counted as
the bytes arrive, whatever ``Content-Length`` says or whether it is sent at all), and every
``GET`` route also answers ``HEAD`` (:class:`HeadAsGet`); a NUL character in the query string is
refused (:class:`NulInQuery`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from routix import __version__
from routix.accounts import router as accounts_router
from routix.admin import router as admin_router
from routix.algorithms import router as algorithms_router
from routix.api import openapi, problems, security
from routix.api.request_id import RequestIdMiddleware
from routix.assets import router as assets_router
from routix.audit import router as audit_router
from routix.batches import router as batches_router
from routix.blobs import router as blobs_router
from routix.boards import router as boards_router
from routix.brand_kits import router as brand_kits_router
from routix.chat import router as chat_router
from routix.config import Settings
from routix.credits import router as credits_router
from routix.discover import router as discover_router
from routix.events import router as events_router
from routix.events.router import RedactQueryTokens
from routix.generations import router as generations_router
from routix.health import router as health_router
from routix.history import router as history_router
from routix.library import router as library_router
from routix.mcp.http import mount as mount_mcp
from routix.metrics import router as metrics_router
from routix.openai_compat import router as openai_router
from routix.presets import router as presets_router
from routix.reference_packs import router as reference_packs_router
from routix.services import Services
from routix.sharing import pages as sharing_pages
from routix.sharing import router as sharing_router
from routix.titles import router as titles_router
from routix.videos import router as videos_router
from routix.web import install as install_web

API_DESCRIPTION = """Routix: a sentence, a face and a title in; a finished thumbnail, layered PSD and variants out.

Authenticate with `Authorization: Bearer <access token>` (from `/api/v1/auth/login`) or an API key
(`Authorization: Bearer rtx_...` or `X-API-Key: rtx_...`).
Errors are RFC 7807 `application/problem+json` (schema `Problem`).
A 2xx answer means the request's changes are committed.
"""


class BodyTooLarge(HTTPException):
    """The body passed the limit while it was read: 413 ``payload_too_large``. An HTTPException,
    so that FastAPI's body parsing lets it through to the problem handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit / (1024 * 1024):g} MB")


class BodyLimit:
    """Pure ASGI middleware: refuse request bodies larger than ``limit`` bytes with a 413
    problem. A declared ``Content-Length`` over the limit (or not a number) is refused before
    anything is read; otherwise the bytes are counted as they arrive (a chunked body has no
    length), and the read that passes the limit raises :class:`BodyTooLarge`, so at most
    ``limit`` bytes plus one chunk are ever held. If the app swallowed that error and has not
    answered yet, the 413 is sent here."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, send)
            return
        received = 0
        too_large = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    too_large = True
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send)
            return
        if too_large and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        response = problems.problem(413, "payload_too_large", str(BodyTooLarge(self.limit).detail),
                                    instance=scope.get("path"))
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


class NulInQuery:
    """Pure ASGI middleware: a query string with a NUL character (``%00``) answers 422
    ``invalid_input`` before any route runs (PostgreSQL cannot store or compare NUL in text, so
    a search filter holding one failed with a 500 there; request bodies are checked by
    :class:`routix.api.schemas.RequestModel`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and b"%00" in bytes(scope.get("query_string", b"")):
            response = problems.problem(422, "invalid_input", "the query string may not contain NUL characters",
                                        instance=scope.get("path"))
            await response(scope, _no_body, send)
            return
        await self.app(scope, receive, send)


class _HeadAnswered(Exception):
    """Stops a streaming app once the answer to a HEAD request is complete."""


class HeadAsGet:
    """Pure ASGI middleware: answer ``HEAD`` as the ``GET`` of the same URL would be answered
    (status and headers, ``Content-Length`` included) without the body (RFC 9110 9.3.2). FastAPI
    routes declare ``GET`` only, so ``HEAD`` answered 405 before. The app sees ``GET``; the first
    body message ends the answer, and a streaming app (SSE, a zip export) is stopped there
    instead of producing a body nobody reads. The route the ``GET`` matched is copied back into the
    ``HEAD`` request's scope, so the metrics count a ``HEAD`` under its route template."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def send_head(message: Message) -> None:
            nonlocal finished
            if finished:
                raise _HeadAnswered
            if message["type"] != "http.response.body":
                await send(message)
                return
            finished = True
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            if message.get("more_body", False):
                raise _HeadAnswered

        inner = {**scope, "method": "GET"}
        try:
            await self.app(inner, receive, send_head)
        except _HeadAnswered:
            return
        finally:
            if "route" in inner:  # the matched route, for the middlewares outside (metrics by route)
                scope["route"] = inner["route"]


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
    app.add_middleware(HeadAsGet)
    app.add_middleware(NulInQuery)
    app.add_middleware(BodyLimit, limit=services.settings.max_request_bytes)
    security.install(app, services.settings)
    problems.install(app)
    for router in _routers():
        app.include_router(router)
    openapi.install(app)
    metrics_router.install(app)
    install_web(app)
    mount_mcp(app, services)
    app.add_middleware(RequestIdMiddleware)  # outermost: every answer and log line has the id
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
        videos_router.router, batches_router.router,
        sharing_router.router, discover_router.router, history_router.router, boards_router.router,
        sharing_pages.router, presets_router.router, titles_router.router, brand_kits_router.router,
        reference_packs_router.router, openai_router.router,
    )
