"""Security headers on every response, and CORS for the configured origins.

:func:`install` adds two middlewares to the app:

* :class:`SecurityHeaders` (pure ASGI, so streaming, SSE and file responses pass untouched):
  ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy:
  no-referrer``, ``Permissions-Policy`` (:data:`PERMISSIONS_POLICY`: no camera, microphone,
  location, payment, USB and the like for any page; the studio needs none of them), and
  ``Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`` for responses that
  carry no CSP of their own (the studio pages set theirs in :mod:`routix.web.pages`; it is left
  alone). ``Cache-Control: no-store`` on every ``/api/`` answer that sets no caching of its own:
  tokens, keys and personal data must not stay in a browser's or a proxy's cache (ASVS 8.2.1).
  ``Strict-Transport-Security`` only when the request came over https or ``settings.public_url``
  is https (HSTS over plain http is ignored by browsers and would pin local development).
* Starlette's ``CORSMiddleware`` with ``settings.cors_origins`` (``ROUTIX_CORS_ORIGINS``, a JSON
  list), only when that list is not empty: by default the studio is same-origin and no
  cross-origin request is allowed. Credentials are not allowed cross-origin (the API takes
  bearer tokens and API keys; the session cookie is SameSite=Strict).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from routix.config import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()")
BASE_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                (b"referrer-policy", b"no-referrer"), (b"permissions-policy", PERMISSIONS_POLICY.encode()))
NO_STORE = (b"cache-control", b"no-store")
CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CORS_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-API-Key", "Accept"]
CORS_EXPOSE = ["Retry-After", "Content-Disposition", "Location"]


class SecurityHeaders:
    """ASGI middleware adding the headers in the module docstring (never replacing one the
    response already set)."""

    def __init__(self, app: ASGIApp, *, hsts_always: bool = False) -> None:
        self.app = app
        self.hsts_always = hsts_always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.hsts_always or scope.get("scheme") == "https"
        api = str(scope.get("path", "")).startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [*BASE_HEADERS, (b"content-security-policy", API_CSP.encode())]
                if api:
                    extra.append(NO_STORE)
                if https:
                    extra.append((b"strict-transport-security", HSTS.encode()))
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, settings: Settings) -> None:
    """Add CORS (when ``settings.cors_origins``) and the security headers to ``app``; the
    headers middleware is outermost, so every answer (413s, CORS preflights) gets them."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS, expose_headers=CORS_EXPOSE, allow_credentials=False, max_age=600,
        )
    app.add_middleware(SecurityHeaders, hsts_always=(settings.public_url or "").lower().startswith("https://"))


__all__ = ["API_CSP", "PERMISSIONS_POLICY", "SecurityHeaders", "install"]
