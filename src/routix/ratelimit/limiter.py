"""The rate limiter: route classes, their limits from settings, one storage for all of them.

Built from :class:`routix.config.Settings`: storage ``memory://`` (this process only) by
default, ``settings.redis_url`` when set (so every API process shares the counters); the
``moving-window`` (default) or ``fixed-window`` strategy of the ``limits`` library.

Route classes (:data:`CLASSES`) and what they count:

==============  ================================  ==========================================
class           limits (settings)                 key
==============  ================================  ==========================================
generation      rate_limit_generation (10/min)    the user (product rule: 10 generations/minute)
generation_ip   rate_limit_generation_ip          the client IP address
upload          rate_limit_upload (30/min)        the user
auth            rate_limit_auth (10/min)          client IP + email (login/register/refresh)
auth_ip         rate_limit_auth_ip (30/min)       the client IP address
auth_account    rate_limit_auth_account           the account's email, from every address: failed
                (10 per 15 min)                   sign-ins only (:meth:`Limiter.record` after a
                                                  failure, :meth:`Limiter.require_room` before)
video           rate_limit_video (5/hour)         the user, on the free plan only (videos started)
==============  ================================  ==========================================

The client IP address is :func:`routix.api.limits.client_ip`'s: the TCP peer, or the address a
trusted proxy forwarded (``ROUTIX_TRUSTED_PROXIES``).

Exceeding any limit raises :class:`routix.errors.RateLimited` whose ``retry_after`` is the
seconds until the window frees a slot (from the limiter's window stats, at least 1); the API
answers 429 problem ``rate_limited`` with a ``Retry-After`` header. If the storage (Redis) is
unreachable the limiter lets requests through and logs a warning: limits protect the service,
they must not take it down.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable

from limits import RateLimitItem, parse_many, storage, strategies

from routix.config import Settings
from routix.errors import RateLimited

log = logging.getLogger("routix.ratelimit")

#: route class -> the Settings field with its limits
CLASSES = {
    "generation": "rate_limit_generation",
    "generation_ip": "rate_limit_generation_ip",
    "upload": "rate_limit_upload",
    "auth": "rate_limit_auth",
    "auth_ip": "rate_limit_auth_ip",
    "auth_account": "rate_limit_auth_account",
    "video": "rate_limit_video",
}
MESSAGES = {
    "generation": "You are starting generations too quickly",
    "generation_ip": "Too many generations from your network",
    "upload": "You are uploading too quickly",
    "auth": "Too many sign-in attempts for this account",
    "auth_ip": "Too many sign-in attempts from your network",
    "auth_account": "Too many failed sign-ins to this account",
    "video": "You are starting videos too quickly",
}


class Limiter:
    """Limits per route class (see module docstring). ``enabled`` False: every check passes."""

    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limits
        self.prefix = settings.rate_limit_prefix
        self.items: dict[str, list[RateLimitItem]] = {
            name: parse_many(getattr(settings, field)) for name, field in CLASSES.items()
        }
        self.storage_uri = settings.redis_url or "memory://"
        self._storage: storage.Storage | None = None
        self._strategy: strategies.RateLimiter | None = None
        self._strategy_name = settings.rate_limit_strategy

    @property
    def strategy(self) -> strategies.RateLimiter:
        """The strategy over the storage, both created on first use. Raises TypeError for a
        storage URI of the ``limits`` asyncio storages (the limiter counts synchronously)."""
        if self._strategy is None:
            backend = storage.storage_from_string(self.storage_uri)
            if not isinstance(backend, storage.Storage):
                raise TypeError(f"rate limit storage {type(backend).__name__} is asynchronous; "
                                "the limiter needs a synchronous one")
            self._storage = backend
            cls = (strategies.MovingWindowRateLimiter if self._strategy_name == "moving-window"
                   else strategies.FixedWindowRateLimiter)
            self._strategy = cls(backend)
        return self._strategy

    def _checks(self, checks: Iterable[tuple[str, str]]) -> list[tuple[str, RateLimitItem, tuple[str, ...]]]:
        return [(name, item, (self.prefix, name, key)) for name, key in checks for item in self.items[name]]

    def hit(self, *checks: tuple[str, str]) -> None:
        """Count one request against every ``(class, key)`` in ``checks``, or raise RateLimited
        (counting nothing) when any of their limits has no room left."""
        self._run(checks, consume=True)

    def require_room(self, *checks: tuple[str, str]) -> None:
        """Raise RateLimited when any limit of ``checks`` is exhausted; counts nothing."""
        self._run(checks, consume=False)

    def record(self, *checks: tuple[str, str]) -> None:
        """Count one event against every ``(class, key)`` in ``checks`` and never refuse (a
        failure that already happened, e.g. a wrong password: it counts towards the next try's
        :meth:`require_room`). A full window stays full; nothing is raised."""
        if not self.enabled:
            return
        try:
            for _, item, ids in self._checks(checks):
                self.strategy.hit(item, *ids)
        except Exception:  # an unreachable limiter storage must not turn a 401 into a 500
            log.warning("rate limiter storage unavailable; event not counted", exc_info=True)

    def _run(self, checks: tuple[tuple[str, str], ...], *, consume: bool) -> None:
        if not self.enabled:
            return
        items = self._checks(checks)
        try:
            full = [(name, item, ids) for name, item, ids in items if not self.strategy.test(item, *ids)]
            if full:
                raise RateLimited(MESSAGES[full[0][0]] + "; try again shortly.",
                                  retry_after=self._retry_after(full))
            if consume:
                for _, item, ids in items:
                    self.strategy.hit(item, *ids)
        except RateLimited:
            raise
        except Exception:  # an unreachable limiter storage must not refuse requests
            log.warning("rate limiter storage unavailable; request allowed", exc_info=True)

    def _retry_after(self, full: list[tuple[str, RateLimitItem, tuple[str, ...]]]) -> int:
        now = time.time()
        waits = [self.strategy.get_window_stats(item, *ids).reset_time - now for _, item, ids in full]
        return max(1, math.ceil(max(waits)))

    def reset(self) -> None:
        """Forget every counter (tests, admin tools)."""
        if self._storage is not None:
            self._storage.reset()


__all__ = ["CLASSES", "Limiter"]
