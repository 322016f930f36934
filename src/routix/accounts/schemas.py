"""Request and response models of ``/api/v1/auth`` and ``/api/v1/account``."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import EmailStr, Field

from routix.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from routix.api.schemas import RequestModel, ResponseModel

NEW_PASSWORD = (f"{MIN_LENGTH} to {MAX_LENGTH} characters (runs of spaces count as one), not one of the "
                "10,000 most common passwords (`weak_password`)")


class RegisterBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH, description=NEW_PASSWORD)
    username: str | None = Field(default=None, min_length=1, max_length=100)


class LoginBody(RequestModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class RefreshBody(RequestModel):
    refresh_token: str = Field(min_length=10, max_length=4096)


class LogoutBody(RequestModel):
    refresh_token: str | None = Field(default=None, min_length=10, max_length=4096,
                                      description="the session's refresh token (optional with a bearer access token)")


class PasswordChangeBody(RequestModel):
    current_password: str = Field(min_length=1, max_length=256, description="your current password")
    new_password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH, description=NEW_PASSWORD)


class PasswordResetRequestBody(RequestModel):
    email: EmailStr


class PasswordResetBody(RequestModel):
    token: str = Field(min_length=10, max_length=200, description="the token from the reset link")
    new_password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH, description=NEW_PASSWORD)


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


class AcceptedOut(ResponseModel):
    detail: str


__all__ = ["AcceptedOut", "ApiKeyBody", "ApiKeyCreated", "ApiKeyOut", "AuthOut", "DeleteAccountBody", "LoginBody",
           "LogoutBody", "PasswordChangeBody", "PasswordResetBody", "PasswordResetRequestBody", "RefreshBody",
           "RegisterBody", "SessionOut", "UserOut"]
