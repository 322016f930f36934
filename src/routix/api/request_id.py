"""The request id: accepted from ``X-Request-ID`` (when valid) or made up, set for the request's
log lines, echoed on every answer and written into every problem body (``request_id``).

:class:`RequestIdMiddleware` is the outermost of the app's own middlewares. It stores the id in
the ASGI scope (``scope["routix.request_id"]``, read by :func:`request_id_of`, e.g. by the
handler of unexpected errors, which runs outside it) and in the context variable of
:mod:`routix.kit.logs`, so the access line the metrics middleware writes inside it carries the
id too.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from routix.kit.logs import accept_request_id, request_id_var

HEADER = "X-Request-ID"
SCOPE_KEY = "routix.request_id"
_HEADER_BYTES = HEADER.lower().encode()


def request_id_of(scope: Scope) -> str | None:
    """The request id the middleware gave this request (None outside it)."""
    value = scope.get(SCOPE_KEY)
    return value if isinstance(value, str) else None


class RequestIdMiddleware:
    """Pure ASGI middleware (see the module docstring); HTTP and WebSocket connections get an
    id, only HTTP answers carry the header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope.get("headers", []) if k == _HEADER_BYTES), None)
        request_id = accept_request_id(given.decode("latin-1") if given is not None else None)
        scope[SCOPE_KEY] = request_id
        token = request_id_var.set(request_id)
        if scope["type"] != "http":
            try:
                await self.app(scope, receive, send)
            finally:
                request_id_var.reset(token)
            return
        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == _HEADER_BYTES for k, _ in headers):
                    headers.append((_HEADER_BYTES, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


__all__ = ["HEADER", "RequestIdMiddleware", "request_id_of"]
