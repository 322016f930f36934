"""The ``routix_session`` cookie: how the server knows who asks for an admin page.

The studio keeps its tokens in ``localStorage`` and calls the JSON API with
``Authorization: Bearer``. Admin pages, however, must be refused on the server to anyone who
is not an administrator, and a browser sends no header on a plain navigation. So after every
login, registration and token refresh the studio's JS calls ``POST /api/v1/auth/session`` with
its bearer access token, and the server answers with a cookie:

- name ``routix_session``; value: the access token itself (a signed JWT of type ``access``, so
  the cookie dies with the token and needs no server-side state);
- ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (never sent on cross-site requests),
  ``Path=/``, ``Secure`` when the request came over https;
- ``Max-Age`` = the token's remaining lifetime in seconds.

The cookie is read ONLY by the GET admin page routes (``web.admin_pages``) and the admin chart
SVGs — never by the JSON API, which keeps requiring the Authorization header. There is thus no
state-changing request a cross-site page could forge with it (no CSRF surface).
``DELETE /api/v1/auth/session`` clears it (logout).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, Response
from sqlalchemy.orm import Session

from routix.accounts.service import user_from_access_token
from routix.accounts.tokens import decode_token
from routix.config import Settings
from routix.errors import Unauthorized
from routix.store.models import User

COOKIE_NAME = "routix_session"


def cookie_lifetime(settings: Settings, token: str, *, now: datetime | None = None) -> int:
    """Whole seconds until ``token`` (an access JWT) expires; Unauthorized when invalid/expired."""
    claims = decode_token(settings.secret(), token, "access")
    remaining = int((claims.expires_at - (now or datetime.now(UTC))).total_seconds())
    if remaining <= 0:
        raise Unauthorized("the token has expired; log in again or refresh it", code="token_expired")
    return remaining


def set_session_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    """Attach the ``routix_session`` cookie holding ``token`` for ``max_age`` seconds."""
    response.set_cookie(
        COOKIE_NAME, token, max_age=max_age, path="/", httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Expire the ``routix_session`` cookie (same attributes, so browsers match it)."""
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


def cookie_user(request: Request, session: Session, settings: Settings) -> User | None:
    """The active user whose valid access token is in the request's cookie, else None
    (no cookie, forged, expired, wrong token type, deleted or disabled account)."""
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        return user_from_access_token(session, settings, token)
    except Unauthorized:
        return None


__all__ = ["COOKIE_NAME", "clear_session_cookie", "cookie_lifetime", "cookie_user", "set_session_cookie"]
