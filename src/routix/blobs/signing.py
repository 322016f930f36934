"""HMAC-SHA256 signed download links for the local blob store (served by ``GET /files/...``).

A link carries ``exp`` (unix seconds) and ``sig``; optionally ``filename`` (sent back as
``Content-Disposition``) and ``type`` (the ``Content-Type``). The signature covers the key,
``exp``, ``filename`` and ``type``, so none of them can be changed without invalidating it.

The HMAC key is derived from the service secret (``Settings.secret()``) with a fixed context
(``routix/files/v1``), so a download signature can never be replayed as a JWT signature or the
other way round. Signatures are compared in constant time (``hmac.compare_digest``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from routix.errors import Forbidden

CONTEXT = b"routix/files/v1"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class UrlSigner:
    """Signs and verifies download links. ``secret`` is the service secret (bytes);
    ``clock`` returns unix seconds (injectable for tests)."""

    def __init__(self, secret: bytes, *, clock=time.time) -> None:
        if not secret:
            raise ValueError("a signing secret is required")
        self._key = hmac.new(secret, CONTEXT, hashlib.sha256).digest()
        self.clock = clock

    def sign(self, key: str, exp: int, filename: str | None = None, content_type: str | None = None) -> str:
        """The base64url (unpadded) HMAC-SHA256 of ``[key, exp, filename, content_type]``."""
        message = json.dumps([key, int(exp), filename or "", content_type or ""], ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8")
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def params(self, key: str, ttl: int, filename: str | None = None,
               content_type: str | None = None) -> dict[str, str]:
        """Query parameters of a link to ``key`` valid for ``ttl`` seconds from now."""
        exp = int(self.clock()) + int(ttl)
        out = {"exp": str(exp)}
        if filename:
            out["filename"] = filename
        if content_type:
            out["type"] = content_type
        out["sig"] = self.sign(key, exp, filename, content_type)
        return out

    def verify(self, key: str, exp: str | int | None, sig: str | None, filename: str | None = None,
               content_type: str | None = None) -> int:
        """Check a link; return its ``exp``.

        Raises Forbidden with code ``invalid_signature`` when a parameter is missing, malformed
        or altered, and ``link_expired`` when the signature is good but ``exp`` has passed.
        The signature is checked first, so a forged link never learns whether it expired.
        """
        exp_text = str(exp) if exp is not None else ""
        if not sig or not exp_text.isdigit() or len(exp_text) > 12:
            raise Forbidden("this download link is not valid", code="invalid_signature")
        expected = self.sign(key, int(exp_text), filename, content_type)
        if not hmac.compare_digest(expected.encode("ascii"), sig.encode("utf-8", "replace")):
            raise Forbidden("this download link is not valid", code="invalid_signature")
        if int(exp_text) < self.clock():
            raise Forbidden("this download link has expired; ask the API for a fresh one", code="link_expired")
        return int(exp_text)
