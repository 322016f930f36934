"""Accounts: register, log in, refresh with rotation, API keys, admins.

Functions take a SQLAlchemy session and return rows; the API and CLI are thin shells over them
and commit the session themselves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.accounts import repository
from routix.accounts.tokens import (
    decode_token,
    hash_api_key,
    hash_password,
    issue_token,
    new_api_key,
    verify_password,
)
from routix.config import Settings
from routix.credits.plans import DEFAULT_PLAN, PLANS
from routix.credits.service import grant_signup
from routix.errors import Conflict, InvalidInput, Unauthorized
from routix.store.models import ApiKey, RefreshToken, User, utcnow

#: Credits a new (free-plan) account starts with: the free plan's monthly grant, written to the
#: ledger as ``signup_bonus`` (see routix.credits.plans).
SIGNUP_CREDITS = PLANS[DEFAULT_PLAN].monthly_credits
MIN_PASSWORD = 8


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register(session: Session, email: str, password: str, username: str | None = None, *,
             is_admin: bool = False) -> User:
    """Create an account (flushed) with its signup credits written to the ledger
    (``signup_bonus``, counted as the first month's plan grant). Raises Conflict when the email
    is taken, InvalidInput for short passwords."""
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password needs at least {MIN_PASSWORD} characters", code="weak_password")
    if repository.email_taken(session, email):
        raise Conflict("an account with this email already exists", code="email_taken")
    user = User(
        email=email, username=(username or email.split("@")[0])[:100], password_hash=hash_password(password),
        credits=0, is_admin=is_admin,
    )
    try:
        repository.add_user(session, user)
    except IntegrityError:
        raise Conflict("an account with this email already exists", code="email_taken") from None
    grant_signup(session, user)
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The user with this email and password; Unauthorized (same message either way) otherwise."""
    user = repository.get_user_by_email(session, normalise_email(email))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthorized("wrong email or password", code="invalid_credentials")
    if not user.is_active:
        raise Unauthorized("this account is disabled", code="account_disabled")
    user.last_login = utcnow()
    return user


def issue_pair(session: Session, settings: Settings, user: User, *, family: uuid.UUID | None = None) -> TokenPair:
    """A new access + refresh token; the refresh token's jti is recorded for rotation."""
    secret = settings.secret()
    family = family or uuid.uuid4()
    access, _ = issue_token(secret, user.id, "access", settings.access_token_ttl)
    refresh, claims = issue_token(secret, user.id, "refresh", settings.refresh_token_ttl, family=family)
    repository.add_refresh_token(
        session, RefreshToken(id=claims.jti, user_id=user.id, family_id=family, expires_at=claims.expires_at)
    )
    return TokenPair(access, refresh, settings.access_token_ttl)


def rotate_refresh(session: Session, settings: Settings, token: str) -> tuple[User, TokenPair]:
    """Exchange a refresh token for a new pair. A token can be used once: reusing a spent
    token (a sign of theft) revokes every token of its family (committed at once, on a
    connection of its own) and raises Unauthorized ``token_reused``."""
    claims = decode_token(settings.secret(), token, "refresh")
    row = repository.get_refresh_token(session, claims.jti)
    if row is None or row.user_id != claims.user_id:
        raise Unauthorized("the refresh token is not recognised", code="invalid_token")
    if row.revoked_at is not None:
        _revoke_family_now(session, row.family_id)
        raise Unauthorized("the refresh token was already used; log in again", code="token_reused")
    user = repository.get_user(session, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account is not available", code="invalid_token")
    row.revoked_at = utcnow()
    return user, issue_pair(session, settings, user, family=row.family_id)


def _revoke_family_now(session: Session, family_id: uuid.UUID) -> None:
    """Revoke every token of ``family_id`` in a transaction of its own, committed at once: the
    caller's transaction rolls back (it answers 401), the revocation must stay."""
    with Session(bind=session.get_bind()) as own, own.begin():
        repository.revoke_token_family(own, family_id, utcnow())


def revoke_refresh(session: Session, settings: Settings, token: str) -> None:
    """Log out: revoke the refresh token's whole family (ignores unknown tokens)."""
    try:
        claims = decode_token(settings.secret(), token, "refresh")
    except Unauthorized:
        return
    row = repository.get_refresh_token(session, claims.jti)
    if row is not None:
        repository.revoke_token_family(session, row.family_id, utcnow())


def user_from_access_token(session: Session, settings: Settings, token: str) -> User:
    """The active user an access token names; Unauthorized for a bad or expired token or an
    unknown or disabled account."""
    claims = decode_token(settings.secret(), token, "access")
    user = repository.get_user(session, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account is not available", code="invalid_token")
    return user


def user_from_api_key(session: Session, key: str) -> User:
    """The active user an API key belongs to (its ``last_used_at`` is refreshed at most once a
    minute); Unauthorized for an unknown or revoked key or an unknown or disabled account."""
    row = repository.get_api_key_by_hash(session, hash_api_key(key))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("the API key is invalid or revoked", code="invalid_api_key")
    user = repository.get_user(session, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account is not available", code="invalid_api_key")
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
    return user


def create_api_key(session: Session, user: User, name: str) -> tuple[ApiKey, str]:
    """A new key for ``user``: (row, the key itself — shown once, never stored)."""
    key, prefix, digest = new_api_key()
    row = ApiKey(user_id=user.id, name=name.strip()[:100] or "API key", prefix=prefix, key_hash=digest)
    return repository.add_api_key(session, row), key


def list_api_keys(session: Session, user: User) -> list[ApiKey]:
    """The user's API keys (revoked ones too), newest first."""
    return repository.list_api_keys(session, user.id)


def revoke_api_key(session: Session, user: User, key_id: uuid.UUID) -> ApiKey:
    """Revoke one of the user's keys; another user's key id answers NotFound."""
    row = repository.get_owned_api_key(session, user.id, key_id)
    row.revoked_at = row.revoked_at or utcnow()
    return row


def create_admin(session: Session, email: str, password: str, username: str | None = None) -> User:
    """Create an admin, or promote an existing account with this email (password unchanged)."""
    user = repository.get_user_by_email(session, normalise_email(email))
    if user is not None:
        user.is_admin = True
        return user
    return register(session, email, password, username, is_admin=True)
