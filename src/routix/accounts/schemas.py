"""Request and response models of ``/api/v1/auth`` and ``/api/v1/account``."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import EmailStr, Field

from routix.api.schemas import RequestModel, ResponseModel


class RegisterBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)
    username: str | None = Field(default=None, min_length=1, max_length=100)


class LoginBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class RefreshBody(RequestModel):
    refresh_token: str = Field(min_length=10, max_length=4096)


class ApiKeyBody(RequestModel):
    name: str = Field(min_length=1, max_length=100)


class DeleteAccountBody(RequestModel):
    password: str = Field(min_length=1, max_length=256, description="your current password, to confirm")


class UserOut(ResponseModel):
    id: uuid.UUID
    email: str
    username: str
    credits: int
    subscription_tier: str
    is_admin: bool
    created_at: datetime


class AuthOut(ResponseModel):
    """A token pair: ``access_token`` (JWT, ``expires_in`` seconds) and a one-use ``refresh_token``."""

    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


class ApiKeyOut(ResponseModel):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="the key itself; shown once, store it now")


class SessionOut(ResponseModel):
    expires_in: int = Field(description="seconds until the session cookie (and its access token) expire")


__all__ = ["ApiKeyBody", "ApiKeyCreated", "ApiKeyOut", "AuthOut", "DeleteAccountBody", "LoginBody", "RefreshBody",
           "RegisterBody", "SessionOut", "UserOut"]
