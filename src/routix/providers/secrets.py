"""Provider keys at rest: Fernet (AES-128-CBC + HMAC-SHA256) keyed from the service secret.

The admin's algorithm config stores keys as tokens from :func:`encrypt_key`; the service
decrypts them with :func:`decrypt_key` only to build a client. The Fernet key is derived from
``routix.config.get_settings().secret()`` with HKDF-SHA256 (RFC 5869), so rotating
``ROUTIX_SECRET_KEY`` makes stored keys unreadable (re-enter them). Plain keys are never
logged nor returned: show :func:`key_hint` instead.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

from routix.config import get_settings
from routix.errors import RoutixError

_INFO = b"routix/provider-keys/v1"


class KeyUnreadable(RoutixError):
    """A stored provider key cannot be decrypted (tampered, or the service secret changed)."""

    code = "provider_key_unreadable"
    status = 500


def _fernet(secret: bytes | None) -> Fernet:
    if secret is None:

        secret = get_settings().secret()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_key(plain: str | SecretStr, *, secret: bytes | None = None) -> str:
    """Encrypt a provider key -> URL-safe token (str). ``secret`` defaults to the service secret."""
    value = plain.get_secret_value() if isinstance(plain, SecretStr) else plain
    return _fernet(secret).encrypt(value.strip().encode()).decode()


def decrypt_key(token: str, *, secret: bytes | None = None) -> SecretStr:
    """Decrypt a token from :func:`encrypt_key`. Raises KeyUnreadable."""
    try:
        return SecretStr(_fernet(secret).decrypt(token.encode()).decode())
    except (InvalidToken, ValueError):
        raise KeyUnreadable(
            "a stored provider key cannot be decrypted; enter it again in the algorithm settings"
        ) from None


def key_hint(plain: str | SecretStr | None) -> str:
    """What an admin screen may show of a key: ``"…wxyz"`` (last 4) for long keys, else ``"****"``."""
    if plain is None:
        return ""
    value = plain.get_secret_value() if isinstance(plain, SecretStr) else plain
    return f"…{value[-4:]}" if len(value) >= 16 else "****"
