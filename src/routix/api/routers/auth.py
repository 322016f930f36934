"""``/api/v1/auth``: register, log in, refresh (rotation), log out, me, API keys."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import EmailStr, Field

from ...accounts import service as accounts
from ...ratelimit.deps import auth_limit
from ..deps import ServicesDep, SessionDep, UserDep
from ..schemas import RequestModel, ResponseModel

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class RegisterBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)
    username: str | None = Field(default=None, min_length=1, max_length=100)


class LoginBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class RefreshBody(RequestModel):
    refresh_token: str = Field(min_length=10, max_length=4096)


class UserOut(ResponseModel):
    id: uuid.UUID
    email: str
    username: str
    credits: int
    subscription_tier: str
    is_admin: bool
    created_at: datetime


class AuthOut(ResponseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


class ApiKeyBody(RequestModel):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(ResponseModel):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="the key itself; shown once, store it now")


def _auth(pair: accounts.TokenPair, user) -> AuthOut:
    return AuthOut(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in,
        user=UserOut.model_validate(user),
    )


@router.post("/register", status_code=201, response_model=AuthOut, dependencies=[Depends(auth_limit)])
def register(body: RegisterBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    """Create an account and log it in."""
    user = accounts.register(session, body.email, body.password, body.username)
    return _auth(accounts.issue_pair(session, services.settings, user), user)


@router.post("/login", response_model=AuthOut, dependencies=[Depends(auth_limit)])
def login(body: LoginBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    user = accounts.authenticate(session, body.email, body.password)
    return _auth(accounts.issue_pair(session, services.settings, user), user)


@router.post("/refresh", response_model=AuthOut, dependencies=[Depends(auth_limit)])
def refresh(body: RefreshBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    """Exchange a refresh token for a new pair; the old refresh token stops working."""
    user, pair = accounts.rotate_refresh(session, services.settings, body.refresh_token)
    return _auth(pair, user)


@router.post("/logout", status_code=204)
def logout(body: RefreshBody, session: SessionDep, services: ServicesDep) -> None:
    accounts.revoke_refresh(session, services.settings, body.refresh_token)


@router.get("/me", response_model=UserOut)
def me(user: UserDep) -> UserOut:
    return UserOut.model_validate(user)


@router.get("/api-keys", response_model=list[ApiKeyOut])
def list_keys(user: UserDep, session: SessionDep) -> list[ApiKeyOut]:
    return [ApiKeyOut.model_validate(k) for k in accounts.list_api_keys(session, user)]


@router.post("/api-keys", status_code=201, response_model=ApiKeyCreated)
def create_key(body: ApiKeyBody, user: UserDep, session: SessionDep) -> ApiKeyCreated:
    """Create an API key for scripts. The key is in this answer only."""
    row, key = accounts.create_api_key(session, user, body.name)
    return ApiKeyCreated(**ApiKeyOut.model_validate(row).model_dump(), key=key)


@router.delete("/api-keys/{key_id}", status_code=204)
def revoke_key(key_id: uuid.UUID, user: UserDep, session: SessionDep, request: Request) -> None:
    accounts.revoke_api_key(session, user, key_id)
