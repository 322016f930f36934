"""Retries with backoff, and one circuit breaker per provider.

* **Retries** (tenacity): only on HTTP 429 and 5xx, exponential backoff with jitter
  (``wait_exponential_jitter``: initial x 2^n plus 0..jitter seconds, capped). The SDKs' own
  retries are switched off so every attempt is counted once. Timeouts are not retried: a call
  that already waited ``provider_timeout`` seconds goes to the next step of the chain instead.
  A ``Retry-After`` header on a 429/503 answer (seconds or an HTTP date, RFC 9110 §10.2.3)
  lengthens the wait to what the provider asked for, still capped at ``max_wait``.
  The ``sleep`` function is injectable so tests never wait.
* **Circuit breaker** (own class, below; the Redis-backed twin shared by all processes is in
  ``shared_breakers.py``): after ``fail_max`` consecutive outages (429, 5xx,
  timeout, connection error) the provider is skipped for ``reset_timeout`` seconds; then one
  probe call is let through, and its result closes or re-opens the breaker. Safety blocks and
  other 4xx answers are not outages and leave the breaker as it is.

Why not a library breaker: ``pybreaker`` (the maintained one) holds its lock during the guarded
call, so concurrent generations would queue behind each other for the whole 10-60 s image call
(danielfm/pybreaker#3, #55; the PRs removing the lock were closed); ``circuitbreaker`` keeps
no lock at all (fabfuel/circuitbreaker#61); ``purgatory`` is asyncio-only. The class below locks
only its state changes and takes an injectable clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, TypeVar

import tenacity

from routix.config import get_settings
from routix.providers.errors import ProviderUnavailable

T = TypeVar("T")


class CallFailed(Exception):
    """A provider call failed without a usable answer. ``status`` is the HTTP status (None for
    connection errors and unusable bodies); ``timeout`` is True when the call timed out;
    ``retry_after`` is the provider's ``Retry-After`` in seconds, when it sent one."""

    def __init__(self, message: str, *, status: int | None = None, timeout: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.timeout = timeout
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """429 (rate limited) and 5xx (server trouble) are worth another try."""
        return self.status == 429 or (self.status is not None and 500 <= self.status < 600)

    @property
    def outage(self) -> bool:
        """Counts against the breaker: retryable statuses, timeouts, connection errors."""
        return self.retryable or self.timeout or self.status is None

    @property
    def reason(self) -> str:
        """Verb phrase for the fallback sentence."""
        if self.status == 200:
            return "returned no usable answer"
        if self.timeout:
            return "timed out"
        if self.status is not None and 400 <= self.status < 500 and self.status != 429:
            return "rejected the request"
        return "was unavailable"


def retry_after_seconds(headers: Mapping[str, str] | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date, RFC 9110
    §10.2.3), or None when absent or unparsable. Negative waits become 0."""
    if not headers:
        return None
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def response_headers(exc: BaseException) -> Mapping[str, str] | None:
    """The HTTP response headers an SDK exception carries (``exc.response.headers``), if any."""
    response: Any = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    return headers if hasattr(headers, "items") else None


def unusable(message: str) -> CallFailed:
    """A 200 answer without a usable image or text: not retried, not an outage."""
    return CallFailed(message, status=200)


class GuardedCall:
    """What every breaker shares: ``call`` runs ``fn`` between ``_enter`` (raise
    ProviderUnavailable when open; True when this call is the half-open probe) and
    ``_exit(outcome, probe)`` with outcome "success", "outage" (CallFailed.outage) or "neutral"."""

    def _enter(self) -> bool:
        raise NotImplementedError

    def _exit(self, outcome: str, probe: bool) -> None:
        raise NotImplementedError

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` unless the breaker is open (then raise ProviderUnavailable)."""
        probe = self._enter()
        try:
            result = fn()
        except CallFailed as exc:
            self._exit("outage" if exc.outage else "neutral", probe)
            raise
        except BaseException:
            self._exit("neutral", probe)
            raise
        self._exit("success", probe)
        return result


class CircuitBreaker(GuardedCall):
    """Closed -> open after ``fail_max`` consecutive outages; open -> half-open after
    ``reset_timeout`` seconds (``clock`` seconds, monotonic); half-open lets one probe through.
    In this process only; see :mod:`routix.providers.shared_breakers` for breakers in Redis."""

    def __init__(self, name: str, *, fail_max: int = 5, reset_timeout: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.fail_max = fail_max
        self.reset_timeout = reset_timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        """``"closed"``, ``"open"`` or ``"half-open"`` (open, and the reset timeout has passed)."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._clock() - self._opened_at >= self.reset_timeout else "open"

    def _enter(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return False
            if self._probing or self._clock() - self._opened_at < self.reset_timeout:
                raise ProviderUnavailable(self.name, "was unavailable", detail="circuit breaker open")
            self._probing = True
            return True

    def _exit(self, outcome: str, probe: bool = False) -> None:
        """``outcome``: "success", "outage" or "neutral" (a 4xx or a safety block)."""
        with self._lock:
            was_probe, self._probing = self._probing, False
            if outcome == "success":
                self._failures, self._opened_at = 0, None
            elif outcome == "outage":
                self._failures += 1
                if was_probe or self._failures >= self.fail_max:
                    self._opened_at = self._clock()


class Breakers:
    """One breaker per provider name, created on first use (thread-safe)."""

    def __init__(self, *, fail_max: int = 5, reset_timeout: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._fail_max, self._reset_timeout, self._clock = fail_max, reset_timeout, clock
        self._lock = threading.Lock()
        self._breakers: dict[str, CircuitBreaker] = {}

    def __getitem__(self, provider: str) -> CircuitBreaker:
        with self._lock:
            if provider not in self._breakers:
                self._breakers[provider] = CircuitBreaker(
                    provider, fail_max=self._fail_max, reset_timeout=self._reset_timeout, clock=self._clock
                )
            return self._breakers[provider]


class BreakerSet(Protocol):
    """Breakers by provider name: :class:`Breakers` (this process) or
    :class:`routix.providers.shared_breakers.RedisBreakers` (shared through Redis)."""

    def __getitem__(self, provider: str) -> GuardedCall: ...


class Resilience:
    """Retry policy + breakers. ``sleep`` (seconds -> None) is what tenacity waits with."""

    def __init__(self, breakers: BreakerSet, *, attempts: int = 3, initial: float = 1.0, max_wait: float = 20.0,
                 jitter: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.breakers = breakers
        self.attempts = attempts
        self.initial, self.max_wait, self.jitter = initial, max_wait, jitter
        self.sleep = sleep

    @classmethod
    def from_settings(cls, settings, breakers: BreakerSet, sleep: Callable[[float], None] = time.sleep) -> Resilience:
        """From a :class:`~routix.providers.settings.ProviderSettings`."""
        return cls(breakers, attempts=settings.retry_attempts, initial=settings.retry_initial,
                   max_wait=settings.retry_max, jitter=settings.retry_jitter, sleep=sleep)

    def call(self, provider: str, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` through ``provider``'s breaker, retrying 429/5xx ``CallFailed``.

        Raises the last ``CallFailed`` when the tries are used up, ``ProviderUnavailable``
        when the breaker is open, and anything else ``attempt`` raises (e.g. ContentBlocked)
        at once.
        """
        breaker = self.breakers[provider]
        backoff = tenacity.wait_exponential_jitter(initial=self.initial, max=self.max_wait, jitter=self.jitter)

        def wait(state: tenacity.RetryCallState) -> float:
            """Exponential backoff, or the provider's Retry-After when longer (capped)."""
            exc = state.outcome.exception() if state.outcome is not None else None
            asked = getattr(exc, "retry_after", None)
            return min(self.max_wait, max(backoff(state), asked or 0.0))

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=wait,
            retry=tenacity.retry_if_exception(lambda e: isinstance(e, CallFailed) and e.retryable),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(breaker.call, attempt)


def default_breakers(settings) -> BreakerSet:
    """The process-wide breakers (created once, with the first settings seen): shared through
    Redis when ``ROUTIX_REDIS_URL`` is set and ``settings.breaker_shared`` (see
    :mod:`routix.providers.shared_breakers`), else :class:`Breakers` in this process."""
    global _BREAKERS
    with _BREAKERS_LOCK:
        if _BREAKERS is None:

            options = {"fail_max": settings.breaker_fail_max, "reset_timeout": settings.breaker_reset}
            url = get_settings().redis_url
            if url and settings.breaker_shared:
                from routix.providers.shared_breakers import RedisBreakers

                _BREAKERS = RedisBreakers.from_url(url, prefix=settings.breaker_prefix, **options)
            else:
                _BREAKERS = Breakers(**options)
        return _BREAKERS


_BREAKERS: BreakerSet | None = None
_BREAKERS_LOCK = threading.Lock()
