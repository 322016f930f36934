"""Circuit breakers shared by every process through Redis (when ``ROUTIX_REDIS_URL`` is set).

Same semantics as :class:`routix.providers.resilience.CircuitBreaker`: closed -> open after
``fail_max`` consecutive outages; open -> half-open after ``reset_timeout`` seconds; half-open
lets ONE probe through (across all processes), whose result closes or re-opens the breaker;
4xx answers and safety blocks are neutral. Nothing is locked during the guarded call: each
state change is one atomic Lua script on the server (the "lock only around state changes").

Keys (``prefix`` defaults to ``routix:breaker:``):

* ``{prefix}{provider}`` - hash ``failures`` (consecutive outages), ``opened_at`` (Unix
  seconds, present while open). It expires ``ttl`` seconds after the last outage, so a few old
  outages are forgotten (default ``max(600, 10 x reset_timeout)``); a success deletes it.
* ``{prefix}{provider}:probe`` - the half-open probe's claim, ``SET NX`` with ``probe_ttl``
  seconds (a process that dies while probing frees the claim after that).

Times are wall-clock seconds (``clock``, default ``time.time``) because monotonic clocks of
different hosts cannot be compared. If Redis cannot be reached the breaker lets calls through
(and logs), so a Redis outage never stops generations; the breakers are an optimisation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from routix.providers.errors import ProviderUnavailable
from routix.providers.resilience import GuardedCall

log = logging.getLogger("routix.providers")

DEFAULT_PREFIX = "routix:breaker:"

# KEYS: state, probe. ARGV: now, reset_timeout, probe_ttl_ms.
# Returns 0 closed (go), 1 this call is the half-open probe (go), -1 open (refuse).
_ENTER = """
local opened = redis.call('HGET', KEYS[1], 'opened_at')
if not opened then return 0 end
if tonumber(ARGV[1]) - tonumber(opened) < tonumber(ARGV[2]) then return -1 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return 1 end
return -1
"""

# KEYS: state, probe. ARGV: outcome, was_probe ('1'/'0'), now, fail_max, ttl_s.
_EXIT = """
if ARGV[2] == '1' then redis.call('DEL', KEYS[2]) end
if ARGV[1] == 'success' then
  redis.call('DEL', KEYS[1])
elseif ARGV[1] == 'outage' then
  local n = redis.call('HINCRBY', KEYS[1], 'failures', 1)
  if ARGV[2] == '1' or n >= tonumber(ARGV[4]) then redis.call('HSET', KEYS[1], 'opened_at', ARGV[3]) end
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
return 0
"""


class RedisCircuitBreaker(GuardedCall):
    """One provider's breaker whose state lives in Redis (see module docstring).

    ``client`` is a ``redis.Redis``; ``fail_max`` outages open it; ``reset_timeout``,
    ``ttl`` and ``probe_ttl`` are seconds; ``clock`` returns Unix seconds.
    """

    def __init__(self, name: str, client, *, fail_max: int = 5, reset_timeout: float = 60.0,
                 prefix: str = DEFAULT_PREFIX, ttl: float | None = None, probe_ttl: float = 120.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.name = name
        self.fail_max = fail_max
        self.reset_timeout = reset_timeout
        self.ttl = max(1, round(ttl if ttl is not None else max(600.0, 10 * reset_timeout)))
        self.probe_ttl_ms = max(1, round(probe_ttl * 1000))
        self._clock = clock
        self._client = client
        self._keys = [f"{prefix}{name}", f"{prefix}{name}:probe"]
        self._enter_script = client.register_script(_ENTER)
        self._exit_script = client.register_script(_EXIT)

    @property
    def state(self) -> str:
        """``"closed"``, ``"open"`` or ``"half-open"`` (open, and the reset timeout has passed)."""
        import redis

        try:
            opened = self._client.hget(self._keys[0], "opened_at")
        except redis.RedisError:
            return "closed"
        if opened is None:
            return "closed"
        return "half-open" if self._clock() - float(opened) >= self.reset_timeout else "open"

    @property
    def failures(self) -> int:
        """Consecutive outages recorded so far (0 when the key is gone)."""
        return int(self._client.hget(self._keys[0], "failures") or 0)

    def _enter(self) -> bool:
        """True when this call is the half-open probe; raises ProviderUnavailable when open."""
        import redis

        try:
            verdict = int(self._enter_script(keys=self._keys, args=[repr(self._clock()), self.reset_timeout,
                                                                    self.probe_ttl_ms]))
        except redis.RedisError as exc:
            log.warning("breaker %s: Redis unreachable, letting the call through (%s)", self.name, exc)
            return False
        if verdict < 0:
            raise ProviderUnavailable(self.name, "was unavailable", detail="circuit breaker open")
        return verdict == 1

    def _exit(self, outcome: str, probe: bool) -> None:
        """``outcome``: "success", "outage" or "neutral" (a 4xx or a safety block)."""
        import redis

        try:
            self._exit_script(keys=self._keys, args=[outcome, "1" if probe else "0", repr(self._clock()),
                                                     self.fail_max, self.ttl])
        except redis.RedisError as exc:
            log.warning("breaker %s: Redis unreachable, outcome %s not recorded (%s)", self.name, outcome, exc)


class RedisBreakers:
    """One :class:`RedisCircuitBreaker` per provider name over one Redis client (thread-safe);
    a drop-in for :class:`routix.providers.resilience.Breakers`."""

    def __init__(self, client, **options) -> None:
        self._client = client
        self._options = options
        self._lock = threading.Lock()
        self._breakers: dict[str, RedisCircuitBreaker] = {}

    @classmethod
    def from_url(cls, url: str, **options) -> RedisBreakers:
        """Breakers on the Redis at ``url`` (short socket timeouts: a slow Redis must not hold up
        provider calls)."""
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        return cls(client, **options)

    def __getitem__(self, provider: str) -> RedisCircuitBreaker:
        with self._lock:
            if provider not in self._breakers:
                self._breakers[provider] = RedisCircuitBreaker(provider, self._client, **self._options)
            return self._breakers[provider]
