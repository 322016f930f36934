"""Accounts: register, log in, refresh with rotation, log out, passwords (change, reset), API
keys, admins.

Functions take a SQLAlchemy session and return rows; the API and CLI are thin shells over them
and commit the session themselves.

Sessions: a login opens a session, a refresh-token family. Its access tokens carry the family
(``fam``) and are honoured only while the family has a refresh token that is neither revoked nor
expired, so :func:`logout` (the presented access token's and refresh token's families) and
:func:`change_password` / :func:`reset_password` (every family of the user) end the sessions on
the very next request, on every API process (the families are rows in the database).

Passwords: new ones follow :mod:`routix.accounts.passwords` (12-128 characters, not a common
password). A reset link is a single-use token valid ``settings.password_reset_ttl`` seconds (30
minutes); only its SHA-256 is stored. No mail server is configured, so :func:`request_password_reset`
logs the link (logger ``routix.accounts``, WARNING) for an administrator to pass on.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.accounts import repository
from routix.accounts.passwords import check_new_password
from routix.accounts.tokens import (
    API_KEY_PREFIX,
    TokenClaims,
    decode_token,
    hash_api_key,
    hash_password,
    hash_reset_token,
    issue_token,
    new_api_key,
    new_reset_token,
    verify_password,
)
from routix.config import Settings
from routix.credits.plans import DEFAULT_PLAN, PLANS
from routix.credits.service import grant_signup
from routix.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from routix.kit.transaction import on_rollback
from routix.store.models import ApiKey, PasswordResetToken, RefreshToken, User, utcnow

log = logging.getLogger("routix.accounts")

#: Credits a new (free-plan) account starts with: the free plan's monthly grant, written to the
#: ledger as ``signup_bonus`` (see routix.credits.plans).
SIGNUP_CREDITS = PLANS[DEFAULT_PLAN].monthly_credits


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
    is taken, InvalidInput ``weak_password`` for a password :mod:`routix.accounts.passwords`
    refuses."""
    email = normalise_email(email)
    check_new_password(password)
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
    """A new access + refresh token of the session ``family`` (default: a new session); the
    refresh token's jti is recorded for rotation, the access token names the family."""
    secret = settings.secret()
    family = family or uuid.uuid4()
    access, _ = issue_token(secret, user.id, "access", settings.access_token_ttl, family=family)
    refresh, claims = issue_token(secret, user.id, "refresh", settings.refresh_token_ttl, family=family)
    repository.add_refresh_token(
        session, RefreshToken(id=claims.jti, user_id=user.id, family_id=family, expires_at=claims.expires_at)
    )
    return TokenPair(access, refresh, settings.access_token_ttl)


def rotate_refresh(session: Session, settings: Settings, token: str) -> tuple[User, TokenPair]:
    """Exchange a refresh token for a new pair. A token can be used once: reusing a spent
    token (a sign of theft) revokes every token of its family and raises Unauthorized
    ``token_reused``.

    Spending is one conditional UPDATE (:func:`repository.claim_refresh_token`), so of two
    requests that send the same token at the same moment exactly one gets a new pair; the
    other is a reuse. The revocation must outlive the caller's transaction, which rolls back
    (it answers 401): it is committed on a connection of its own, at once when nothing of the
    caller's transaction is in the way, else as soon as that transaction has rolled back (the
    losing UPDATE may hold SQLite's write lock until then)."""
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
    family = row.family_id
    if not repository.claim_refresh_token(session, claims.jti, utcnow()):  # a concurrent request spent it
        repository.revoke_token_family(session, family, utcnow())  # kept if the caller commits anyway
        on_rollback(session, lambda: _revoke_family_now(session, family))
        raise Unauthorized("the refresh token was already used; log in again", code="token_reused")
    return user, issue_pair(session, settings, user, family=family)


def _revoke_family_now(session: Session, family_id: uuid.UUID) -> None:
    """Revoke every token of ``family_id`` in a transaction of its own, committed at once: the
    caller's transaction rolls back (it answers 401), the revocation must stay."""
    with Session(bind=session.get_bind()) as own, own.begin():
        repository.revoke_token_family(own, family_id, utcnow())


def revoke_refresh(session: Session, settings: Settings, token: str) -> None:
    """Revoke the refresh token's whole family (ignores unknown tokens)."""
    try:
        claims = decode_token(settings.secret(), token, "refresh")
    except Unauthorized:
        return
    row = repository.get_refresh_token(session, claims.jti)
    if row is not None and row.user_id == claims.user_id:
        repository.revoke_token_family(session, row.family_id, utcnow())


def logout(session: Session, settings: Settings, *, refresh_token: str | None = None,
           access_token: str | None = None) -> None:
    """Log out: end the session of ``refresh_token`` and the session of ``access_token`` (their
    refresh-token families; usually the same one). The access token stops working on the next
    request. Unknown, invalid or expired tokens and API keys are ignored."""
    if refresh_token:
        revoke_refresh(session, settings, refresh_token)
    if access_token and not access_token.startswith(API_KEY_PREFIX):
        try:
            claims = decode_token(settings.secret(), access_token, "access")
        except Unauthorized:
            return
        if claims.family is not None:
            repository.revoke_token_family(session, claims.family, utcnow())


def _check_session_open(session: Session, claims: TokenClaims) -> None:
    """Raise Unauthorized (``session_ended``) unless the access token's session (its
    refresh-token family) is still open."""
    if claims.family is None or not repository.family_active(session, claims.user_id, claims.family, utcnow()):
        raise Unauthorized("this session has ended; log in again", code="session_ended")


def user_from_access_token(session: Session, settings: Settings, token: str) -> User:
    """The active user an access token names; Unauthorized for a bad or expired token, an
    unknown or disabled account, or a session that was logged out or revoked
    (``session_ended``)."""
    claims = decode_token(settings.secret(), token, "access")
    user = repository.get_user(session, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account is not available", code="invalid_token")
    _check_session_open(session, claims)
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Revoke every refresh token of ``user``: all their sessions end (their access tokens are
    refused from the next request on). API keys are not sessions and stay."""
    repository.revoke_user_tokens(session, user.id, utcnow())


def change_password(session: Session, settings: Settings, user: User, current: str, new: str) -> TokenPair:
    """Set ``user``'s password to ``new`` after checking ``current``; every session of the user
    ends and a new one starts (the returned pair). Raises Forbidden ``wrong_password`` when
    ``current`` is not the password, InvalidInput ``weak_password`` for a refused ``new``."""
    if not verify_password(user.password_hash, current):
        raise Forbidden("the current password is not right", code="wrong_password")
    check_new_password(new)
    user.password_hash = hash_password(new)
    end_all_sessions(session, user)
    repository.expire_reset_tokens(session, user.id, utcnow())
    return issue_pair(session, settings, user)


def request_password_reset(session: Session, settings: Settings, email: str) -> None:
    """Start a password reset for ``email``: when an active account has it, store a new reset
    token (replacing older unused ones) and deliver the link. Says nothing either way (no
    account enumeration). Delivery: no mail server is configured, so the link is logged
    (``routix.accounts``, WARNING) for an administrator to pass on."""
    user = repository.get_user_by_email(session, normalise_email(email))
    if user is None or not user.is_active:
        return
    now = utcnow()
    repository.expire_reset_tokens(session, user.id, now)
    token, digest = new_reset_token()
    repository.add_reset_token(session, PasswordResetToken(
        user_id=user.id, token_hash=digest, expires_at=now + timedelta(seconds=settings.password_reset_ttl),
    ))
    link = f"{(settings.public_url or '').rstrip('/')}/reset-password?token={token}"
    log.warning(
        "password reset requested for %s; no mail server is configured, pass this on to the user: %s "
        "(valid %d minutes, once; POST /api/v1/auth/password/reset with {\"token\": ..., \"new_password\": ...})",
        user.email, link, settings.password_reset_ttl // 60,
    )


def reset_password(session: Session, token: str, new: str) -> User:
    """Set a new password with a reset token: the token is spent (one conditional UPDATE, so it
    works once), every session of the user ends. Raises InvalidInput ``weak_password`` for a
    refused ``new`` (the token stays usable) and ``invalid_reset_token`` for an unknown, used or
    expired token or a disabled account."""
    check_new_password(new)
    digest = hash_reset_token(token)
    user_id = repository.reset_token_owner(session, digest)
    user = repository.get_user(session, user_id) if user_id is not None else None
    if user is None or not user.is_active or not repository.claim_reset_token(session, digest, utcnow()):
        raise InvalidInput("this reset link is invalid, expired or already used; ask for a new one",
                           code="invalid_reset_token")
    user.password_hash = hash_password(new)
    end_all_sessions(session, user)
    repository.expire_reset_tokens(session, user.id, utcnow())
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
