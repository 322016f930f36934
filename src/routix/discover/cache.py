"""The discover feed's short-lived cache: Redis when ``ROUTIX_REDIS_URL`` is set (shared by
every API process), else a dictionary in this process.

Pages live :data:`TTL_SECONDS` seconds; a feed's ``total`` (per filter set) lives
:data:`TOTAL_TTL_SECONDS` and survives invalidation. Invalidation is a generation counter: every key
carries the current value of the counter, and :meth:`DiscoverCache.invalidate` (called after a
publish, unpublish, hide or restore is committed) bumps it, so no stale page is answered after
that commit, in any process, without listing or deleting keys. Redis errors degrade to no
caching (the feed is answered from the database), never to an error.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from typing import Any

log = logging.getLogger(__name__)

#: seconds an answer stays cached
TTL_SECONDS = 15.0
#: seconds a feed's total stays cached (not invalidated by publishing: an infinite scroll needs
#: no exact total, and counting every public row is the feed's one expensive query)
TOTAL_TTL_SECONDS = 60.0
#: entries kept by the in-process cache before the oldest go
MAX_ENTRIES = 512
_PREFIX = "routix:discover:"


class DiscoverCache:
    """``get(key)`` / ``put(key, value)`` of JSON-able answers, and ``invalidate()``."""

    def __init__(self, redis_url: str | None = None, ttl: float = TTL_SECONDS) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, Any]] = {}
        self._totals: dict[str, tuple[float, int]] = {}
        self._generation = 0
        self._redis: Any = None
        if redis_url:
            import redis  # the Redis client loads only when Redis is configured

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)

    def _version(self) -> str:
        if self._redis is None:
            return str(self._generation)
        value = self._redis.get(_PREFIX + "generation")
        return value.decode() if value else "0"

    def get(self, key: str) -> Any | None:
        """The cached answer for ``key``, or None (missing, expired, or Redis unavailable)."""
        try:
            if self._redis is not None:
                raw = self._redis.get(f"{_PREFIX}{self._version()}:{key}")
                return json.loads(raw) if raw else None
            with self._lock:
                found = self._entries.get(f"{self._generation}:{key}")
                if found is None or found[0] < time.monotonic():
                    return None
                return found[1]
        except Exception:  # a cache that fails answers "not cached"
            log.warning("discover cache read failed", exc_info=True)
            return None

    def put(self, key: str, value: Any) -> None:
        """Cache ``value`` (JSON-able) for ``key`` for ``ttl`` seconds."""
        try:
            if self._redis is not None:
                self._redis.set(f"{_PREFIX}{self._version()}:{key}", json.dumps(value), px=int(self.ttl * 1000))
                return
            with self._lock:
                if len(self._entries) >= MAX_ENTRIES:
                    now = time.monotonic()
                    self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
                    while len(self._entries) >= MAX_ENTRIES:
                        self._entries.pop(next(iter(self._entries)))
                self._entries[f"{self._generation}:{key}"] = (time.monotonic() + self.ttl, value)
        except Exception:
            log.warning("discover cache write failed", exc_info=True)

    def get_total(self, key: str) -> int | None:
        """The cached total for ``key`` (kept :data:`TOTAL_TTL_SECONDS`, across invalidations)."""
        try:
            if self._redis is not None:
                raw = self._redis.get(f"{_PREFIX}total:{key}")
                return int(raw) if raw else None
            with self._lock:
                found = self._totals.get(key)
                return found[1] if found is not None and found[0] >= time.monotonic() else None
        except Exception:
            log.warning("discover cache read failed", exc_info=True)
            return None

    def put_total(self, key: str, total: int) -> None:
        """Cache the total for ``key`` for :data:`TOTAL_TTL_SECONDS`."""
        try:
            if self._redis is not None:
                self._redis.set(f"{_PREFIX}total:{key}", str(total), px=int(TOTAL_TTL_SECONDS * 1000))
                return
            with self._lock:
                if len(self._totals) >= MAX_ENTRIES:
                    self._totals.clear()
                self._totals[key] = (time.monotonic() + TOTAL_TTL_SECONDS, total)
        except Exception:
            log.warning("discover cache write failed", exc_info=True)

    def invalidate(self) -> None:
        """Forget every cached answer (in every process sharing the Redis)."""
        try:
            if self._redis is not None:
                self._redis.incr(_PREFIX + "generation")
                return
            with self._lock:
                self._generation += 1
                self._entries.clear()
        except Exception:
            log.warning("discover cache invalidation failed", exc_info=True)


_CACHES: weakref.WeakKeyDictionary[Any, DiscoverCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_for(services: Any) -> DiscoverCache:
    """The discover cache of a service container (one per container, made on first use)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(services)
        if cache is None:
            cache = _CACHES[services] = DiscoverCache(services.settings.redis_url)
        return cache


__all__ = ["MAX_ENTRIES", "TOTAL_TTL_SECONDS", "TTL_SECONDS", "DiscoverCache", "cache_for"]
