"""Rate limits per route class (generation, upload, auth), in memory or in Redis.

:class:`~routix.ratelimit.limiter.Limiter` holds the limits; :mod:`routix.api.limits` has
one FastAPI dependency per route class. Settings: ``ROUTIX_RATE_LIMITS`` (on/off),
``ROUTIX_RATE_LIMIT_STRATEGY``, ``ROUTIX_RATE_LIMIT_GENERATION`` ("10/minute") etc.
"""

from routix.ratelimit.limiter import CLASSES, Limiter

__all__ = ["CLASSES", "Limiter"]
