"""``open_bus(settings)``: Redis pub/sub when ``ROUTIX_REDIS_URL`` is set, else in-memory."""

from __future__ import annotations

from routix.config import Settings
from routix.events.ports import EventBus


def open_bus(settings: Settings) -> EventBus:
    """The event bus for ``settings``: ``RedisBus(settings.redis_url)`` or ``MemoryBus()``.

    The memory bus only reaches subscribers in the same process, which is right for the
    embedded default (the workers are threads of the API process). With Celery workers in other
    processes, set ``ROUTIX_REDIS_URL``.
    """
    if settings.redis_url:
        from routix.events.redis_bus import RedisBus

        return RedisBus(settings.redis_url)
    from routix.events.memory import MemoryBus

    return MemoryBus()
