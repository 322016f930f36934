"""Password hashes (argon2id), JWT access/refresh tokens (HS256) and API keys.

Access tokens live ``access_token_ttl`` seconds (30 min), refresh tokens ``refresh_token_ttl``
(7 days). Each token names its type in the ``typ`` claim so one kind can never stand in for
the other. Both carry their session's refresh-token family (``fam``): an access token works
only while its family has a refresh token that is neither revoked nor expired, so logging out
(or changing the password) ends it at once. API keys look like ``rtx_<43 url-safe chars>`` and
password reset tokens are 43 url-safe characters; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from routix.errors import Unauthorized

ISSUER = "routix"
ALGORITHM = "HS256"
API_KEY_PREFIX = "rtx_"
_hasher = PasswordHasher()
#: A valid hash of a random password, verified against when the email is unknown so that
#: login takes the same time whether or not an account exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; constant work even when ``password_hash`` is None."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    type: str  # "access" | "refresh"
    jti: uuid.UUID
    family: uuid.UUID | None
    expires_at: datetime


def issue_token(secret: bytes, user_id: uuid.UUID, kind: str, ttl: int, *, jti: uuid.UUID | None = None,
                family: uuid.UUID | None = None) -> tuple[str, TokenClaims]:
    """A signed JWT of ``kind`` ("access"/"refresh") valid for ``ttl`` seconds, and its claims."""
    now = datetime.now(UTC)
    claims = TokenClaims(user_id, kind, jti or uuid.uuid4(), family, now + timedelta(seconds=ttl))
    payload = {
        "iss": ISSUER, "sub": str(user_id), "typ": kind, "jti": str(claims.jti), "iat": now,
        "exp": claims.expires_at,
    }
    if family:
        payload["fam"] = str(family)
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


def decode_token(secret: bytes, token: str, kind: str) -> TokenClaims:
    """Verify signature, issuer, expiry and type. Raises Unauthorized with a clear reason."""
    try:
        payload = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "typ", "jti", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("the token has expired; log in again or refresh it", code="token_expired") from None
    except jwt.PyJWTError:
        raise Unauthorized("the token is invalid", code="invalid_token") from None
    if payload.get("typ") != kind:
        raise Unauthorized(f"expected an {kind} token", code="invalid_token")
    try:
        return TokenClaims(
            uuid.UUID(payload["sub"]), kind, uuid.UUID(payload["jti"]),
            uuid.UUID(payload["fam"]) if payload.get("fam") else None,
            datetime.fromtimestamp(payload["exp"], UTC),
        )
    except (ValueError, TypeError):
        raise Unauthorized("the token is invalid", code="invalid_token") from None


def new_api_key() -> tuple[str, str, str]:
    """A fresh API key: (the key, shown once; its display prefix; its SHA-256 hex)."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return key, key[:10], hash_api_key(key)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_reset_token() -> tuple[str, str]:
    """A fresh password reset token: (the token, sent to the user once; its SHA-256 hex)."""
    token = secrets.token_urlsafe(32)
    return token, hash_reset_token(token)


def hash_reset_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
