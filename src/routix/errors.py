"""One exception family with stable codes.

The CLI prints ``error: <message>`` and exits non-zero; the API (later) maps ``code`` to an
RFC 7807 problem ``type``.
"""

from __future__ import annotations


class RoutixError(Exception):
    """Base of every error Routix raises on purpose. ``code`` is stable and machine-readable."""

    code = "routix_error"
    status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(RoutixError):
    """The caller's input is wrong (bad prompt, bad option, bad design JSON)."""

    code = "invalid_input"
    status = 422


class InvalidImage(InvalidInput):
    """An uploaded/loaded image is unusable: not an image, truncated, too large, animated ..."""

    code = "invalid_image"


class NotFound(RoutixError):
    code = "not_found"
    status = 404


class RenderError(RoutixError):
    code = "render_failed"


class ProviderError(RoutixError):
    """A generation algorithm or provider failed."""

    code = "provider_failed"
    status = 502


class Unauthorized(RoutixError):
    """Missing, forged, expired or wrong-type credentials."""

    code = "unauthorized"
    status = 401


class Forbidden(RoutixError):
    code = "forbidden"
    status = 403


class Conflict(RoutixError):
    """The request conflicts with existing state (email taken, idempotency key reused differently)."""

    code = "conflict"
    status = 409


class PayloadTooLarge(InvalidInput):
    code = "payload_too_large"
    status = 413


class UnsupportedMediaType(InvalidInput):
    code = "unsupported_media_type"
    status = 415


class RateLimited(RoutixError):
    """Too many requests; ``retry_after`` seconds until the next one is allowed."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int = 60, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Unavailable(RoutixError):
    """A backing service (database, queue, storage, Redis) is unavailable."""

    code = "unavailable"
    status = 503
