"""``/api/v1/auth/session``: turn a bearer access token into the admin pages' HttpOnly cookie.

``POST`` (``Authorization: Bearer <access JWT>``, no body) -> 200 ``{"expires_in": seconds}``
and ``Set-Cookie: routix_session=...; HttpOnly; SameSite=Strict; Path=/; Max-Age=<remaining
lifetime>`` (``Secure`` over https). API keys are refused (422 ``invalid_input``): a cookie must
expire with a short-lived token. ``DELETE`` -> 204 and the cookie cleared (needs no credentials:
clearing a cookie gives nothing away). See ``routix.web.session`` for why the cookie exists and
where it is honoured (only the GET admin pages).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...accounts.tokens import API_KEY_PREFIX
from ...errors import InvalidInput, Unauthorized
from ...web.session import clear_session_cookie, cookie_lifetime, set_session_cookie
from ..deps import ServicesDep, SessionDep, credential_from, resolve_user
from ..schemas import ResponseModel

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class SessionOut(ResponseModel):
    expires_in: int


@router.post("/session", response_model=SessionOut)
def create_session(request: Request, response: Response, session: SessionDep, services: ServicesDep) -> SessionOut:
    """Set the ``routix_session`` cookie from the request's bearer access token."""
    credential = credential_from(request)
    if credential and credential.startswith(API_KEY_PREFIX):
        raise InvalidInput("a browser session needs an access token, not an API key")
    if not credential:
        raise Unauthorized("log in first: send 'Authorization: Bearer <token>'", code="not_authenticated")
    resolve_user(session, services, credential)  # the account exists and is active
    max_age = cookie_lifetime(services.settings, credential)
    set_session_cookie(response, request, credential, max_age)
    response.headers["Cache-Control"] = "no-store"
    return SessionOut(expires_in=max_age)


@router.delete("/session", status_code=204)
def delete_session(request: Request) -> Response:
    """Clear the ``routix_session`` cookie."""
    response = Response(status_code=204)
    clear_session_cookie(response, request)
    return response
