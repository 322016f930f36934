"""Streamable HTTP at ``/mcp`` inside the app: ``mount(app, services)``.

Every request to ``/mcp`` is authenticated first, like any API route
(``routix.api.deps.resolve_user``: ``Authorization: Bearer <API key or access token>``, or
``X-API-Key``); without a valid credential the answer is a 401 problem and no MCP message is
read. The tools then act as that user through :class:`~routix.mcp.service.ServiceBackend`,
with the routes' rate limits.

The server is **stateless** (no MCP session survives a request, so any API process can answer
any request) and answers JSON, not SSE streams. The SDK's session manager needs a task group
that lives as long as the app: ``mount`` wraps the app's lifespan so the manager runs inside it.
DNS-rebinding protection (a check of the ``Host`` header meant for cookie- or network-trusted
local servers) is off: every call must carry the user's credential, which a rebinding page
cannot read.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from mcp.server.transport_security import TransportSecuritySettings
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from routix.api.deps import credential_from, resolve_user
from routix.api.limits import GenerationAdmission, VideoAdmission, client_ip, limiter_of
from routix.api.problems import problem
from routix.credits.plans import DEFAULT_PLAN, plan_for
from routix.errors import RoutixError
from routix.mcp.server import build_server
from routix.mcp.service import Caller, ServiceBackend, caller

if TYPE_CHECKING:
    from fastapi import FastAPI
    from mcp.server.fastmcp import FastMCP
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

    from routix.services import Services

#: Where the MCP endpoint lives.
PATH = "/mcp"


def _authenticate(services: Services, request: Request) -> Caller:
    """The request's caller (Unauthorized from ``resolve_user`` without a valid credential)."""

    with services.db.session() as session:
        user = resolve_user(session, services, credential_from(request))
        user_id, tier = uuid.UUID(str(user.id)), user.subscription_tier
    limiter = limiter_of(request)
    return Caller(
        user_id=user_id, base_url=str(request.base_url).rstrip("/"),
        admit_generation=GenerationAdmission(limiter, str(user_id), client_ip(request)),
        admit_video=VideoAdmission(limiter, str(user_id), plan_for(tier).name == DEFAULT_PLAN),
    )


class _Endpoint:
    """The ASGI endpoint at ``/mcp``: authenticate, then hand the request to the SDK."""

    def __init__(self, services: Services, manager: StreamableHTTPSessionManager) -> None:
        self.services = services
        self.manager = manager

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:

        request = Request(scope, receive)
        try:
            who = await run_in_threadpool(_authenticate, self.services, request)
        except RoutixError as exc:
            response = problem(exc.status, exc.code, exc.message, instance=PATH,
                               headers={"WWW-Authenticate": "Bearer"} if exc.status == 401 else None)
            await response(scope, receive, send)
            return
        token = caller.set(who)  # the SDK's tasks for this request copy the context they start in
        try:
            await self.manager.handle_request(scope, receive, send)
        finally:
            caller.reset(token)


def mount(app: FastAPI, services: Services) -> None:
    """Serve the Routix MCP tools at ``/mcp`` of ``app`` (see the module docstring)."""
    server = build_server(
        ServiceBackend(services), stateless_http=True, json_response=True,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        max_request_body_size=services.settings.max_upload_bytes * 2,  # a base64 photo is 4/3 its size
    )
    endpoint = _Endpoint(services, _fresh_manager(server))
    # first, so that no page route of the app can shadow it
    app.router.routes.insert(0, Route(PATH, endpoint=endpoint, methods=["GET", "POST", "DELETE"]))
    lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def with_mcp(application: Any) -> AsyncIterator[Any]:
        endpoint.manager = _fresh_manager(server)  # a session manager runs once: one per app run
        async with endpoint.manager.run(), lifespan(application) as state:
            yield state

    app.router.lifespan_context = with_mcp


def _fresh_manager(server: FastMCP) -> StreamableHTTPSessionManager:
    """A new session manager for ``server`` (the SDK's ``run()`` may be entered once per manager,
    and an app's lifespan may run more than once, e.g. under tests)."""
    server._session_manager = None  # streamable_http_app() builds one when there is none
    server.streamable_http_app()
    return server.session_manager
