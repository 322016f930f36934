"""FastAPI dependencies: the service container, a DB session per request, the current user.

Credentials: ``Authorization: Bearer <JWT access token>``, or an API key either as
``Authorization: Bearer rtx_...`` or ``X-API-Key: rtx_...``.
"""

from __future__ import annotations

from typing import Annotated, Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from routix.accounts.service import user_from_access_token, user_from_api_key
from routix.accounts.tokens import API_KEY_PREFIX
from routix.errors import Forbidden, Unauthorized
from routix.services import Services
from routix.store.models import User


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_session(services: Annotated[Services, Depends(get_services)]) -> Iterator[Session]:
    with services.db.session() as session:
        yield session


def credential_from(request: Request) -> str | None:
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


def current_user(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    services: Annotated[Services, Depends(get_services)],
) -> User:
    user = resolve_user(session, services, credential_from(request))
    request.state.user_id = str(user.id)
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise Forbidden("administrators only")
    return user


SessionDep = Annotated[Session, Depends(get_session)]
ServicesDep = Annotated[Services, Depends(get_services)]
UserDep = Annotated[User, Depends(current_user)]
AdminDep = Annotated[User, Depends(admin_user)]
