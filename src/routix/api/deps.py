"""FastAPI dependencies: the service container, a DB session per request, the current user.

Credentials: ``Authorization: Bearer <JWT access token>``, or an API key either as
``Authorization: Bearer rtx_...`` or ``X-API-Key: rtx_...``. The two security objects below
only read those headers (they never refuse a request themselves) and put both schemes in the
OpenAPI document; a missing or bad credential is answered by :func:`resolve_user` with the 401
problem.

Transactions: :func:`get_session` is a ``scope="function"`` dependency, so its exit code (the
commit, then the transaction's after-commit callbacks) runs when the route function has
returned and before the response is sent. A client that got a 2xx can rely on the write (a
revoked API key is refused on the very next request), and a commit that fails answers a 503
problem ``commit_failed`` instead of a 2xx. Routes and services never commit the request's
session; a route that hands work to the job queue commits through the jobs helper first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from routix.accounts.service import user_from_access_token, user_from_api_key
from routix.accounts.tokens import API_KEY_PREFIX
from routix.errors import Forbidden, Unauthorized, Unavailable
from routix.services import Services
from routix.store.models import User

log = logging.getLogger("routix.api")

#: ``Authorization: Bearer <access token | API key>`` (OpenAPI scheme ``bearer``).
bearer_scheme = HTTPBearer(
    scheme_name="bearer", bearerFormat="JWT access token or rtx_ API key", auto_error=False,
    description="An access token from `/api/v1/auth/login` (or `/register`, `/refresh`), or an API key "
                "(`rtx_...`) from `/api/v1/auth/api-keys`.",
)
#: ``X-API-Key: rtx_...`` (OpenAPI scheme ``apiKey``).
api_key_scheme = APIKeyHeader(
    name="X-API-Key", scheme_name="apiKey", auto_error=False,
    description="An API key (`rtx_...`) from `/api/v1/auth/api-keys`.",
)


def get_services(request: Request) -> Services:
    """The app's service container."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """The request's session: committed after the route returns and before the response is
    sent (see the module docstring), rolled back when the route raises. Raises Unavailable
    (503, ``commit_failed``) when the commit fails."""
    body_done = False
    try:
        with services.db.session() as session:
            yield session
            body_done = True
    except Exception as exc:
        if not body_done:
            raise
        log.exception("the request's transaction could not be committed")
        raise Unavailable("the change could not be saved and nothing was changed; try again",
                          code="commit_failed") from exc


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def credential_from(request: Request) -> str | None:
    """The request's credential: a bearer token (JWT or API key) or the ``X-API-Key`` header."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def resolve_user(session: Session, services: Services, credential: str | None) -> User:
    """The user a credential (JWT access token or API key) belongs to; Unauthorized otherwise."""
    if not credential:
        raise Unauthorized("log in first: send 'Authorization: Bearer <token>'", code="not_authenticated")
    if credential.startswith(API_KEY_PREFIX):
        return user_from_api_key(session, credential)
    return user_from_access_token(session, services.settings, credential)


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
ApiKeyHeaderValue = Annotated[str | None, Depends(api_key_scheme)]


def current_user(request: Request, session: SessionDep, services: ServicesDep,
                 bearer: BearerCredentials, api_key: ApiKeyHeaderValue) -> User:
    """The authenticated user (401 problem without a valid credential)."""
    token = bearer.credentials.strip() if bearer is not None else ""
    user = resolve_user(session, services, token or api_key or None)
    request.state.user_id = str(user.id)
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    """The authenticated user if an administrator (403 problem otherwise)."""
    if not user.is_admin:
        raise Forbidden("administrators only")
    return user


UserDep = Annotated[User, Depends(current_user)]
AdminDep = Annotated[User, Depends(admin_user)]
