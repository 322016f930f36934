"""Port: the progress/event bus (in-memory by default, Redis pub/sub across processes).

An event is ``{"event": "generation:progress", "data": {...}}`` (names from the
WebSocket protocol, :mod:`routix.events.router`). Events are addressed to a user: only that user's sockets receive them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

Event = dict[str, Any]


class EventBus(Protocol):
    def publish(self, user_id: str, event: Event) -> None:
        """Deliver ``event`` to every current subscriber of ``user_id``. Thread-safe, never blocks
        for long, never raises on delivery problems (events are hints; the DB row is the truth)."""

    def subscribe(self, user_id: str) -> Subscription:
        """A subscription; use as ``async with bus.subscribe(uid) as events: async for e in events``."""

    def ping(self) -> None: ...

    def close(self) -> None: ...


class Subscription(Protocol):
    async def __aenter__(self) -> AsyncIterator[Event]: ...

    async def __aexit__(self, *exc: object) -> None: ...
