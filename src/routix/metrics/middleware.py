"""The ASGI middleware that counts HTTP requests and their latency by route template.

The route template comes from the route Starlette matched (``scope["route"].path``, e.g.
``/api/v1/generation/{request_id}``), so ids never become label values; a path no route
matches is ``unmatched``. WebSocket and lifespan traffic pass through uncounted.

The same middleware writes the access log: one ``routix.access`` line per HTTP request with
``method``, ``path`` (never the query string, which may hold tokens), ``route``, ``status`` and
``duration_ms`` as fields (the request id comes from :mod:`routix.kit.logs`).
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from routix.metrics.recording import record_http

UNMATCHED = "unmatched"
access_log = logging.getLogger("routix.access")


def route_template(scope: Scope) -> str:
    """The matched route's path template, or ``unmatched``."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class MetricsMiddleware:
    """Record every HTTP request's method, route template, status and latency (seconds, until
    the response has been sent; a request that raised counts as 500) and write its access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            elapsed = time.perf_counter() - started
            method, route = scope.get("method", "GET"), route_template(scope)
            record_http(method, route, status, elapsed)
            access_log.info("%s %s %d %.1fms", method, scope.get("path"), status, elapsed * 1000,
                            extra={"method": method, "path": scope.get("path"), "route": route, "status": status,
                                   "duration_ms": round(elapsed * 1000, 1)})
