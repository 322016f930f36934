"""The embedded event bus: in-process fan-out from worker threads to asyncio subscribers.

``publish`` is called from worker threads (the inline job queue) and from the event loop
(chat); subscribers are WebSocket/SSE handlers on the app's event loop. Each subscriber owns a
bounded ``Inbox``; ``publish`` hands the event to the subscriber's loop with
``loop.call_soon_threadsafe`` and returns at once (it never blocks on a slow consumer).
Only subscribers in this process receive events; use ``RedisBus`` across processes.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict

from routix.events.fanout import INBOX_SIZE, Inbox, decode_event, encode_event
from routix.events.ports import Event

log = logging.getLogger("routix.events")


class MemoryBus:
    """In-process ``EventBus``. Thread-safe; events of one user reach only that user's inboxes."""

    def __init__(self, inbox_size: int = INBOX_SIZE) -> None:
        self.inbox_size = inbox_size
        self._lock = threading.Lock()
        self._inboxes: dict[str, set[Inbox]] = defaultdict(set)
        self.closed = False

    def publish(self, user_id: str, event: Event) -> None:
        """Deliver ``event`` to the current subscribers of ``user_id``. Never raises: an event that
        cannot be encoded is logged and dropped (the database row stays the truth)."""
        key = str(user_id)
        with self._lock:
            inboxes = list(self._inboxes.get(key, ()))
        if not inboxes:
            return
        try:
            # one JSON round trip: the same values (UUID -> str, ...) as over Redis, and no
            # subscriber can see another's mutation of the publisher's dict
            delivered = decode_event(encode_event(event))
        except (TypeError, ValueError) as exc:
            log.warning("dropped an event for user %s: %s", key, exc)
            return
        for inbox in inboxes:
            if not inbox.put_threadsafe(delivered):
                self._remove(key, inbox)

    def subscribe(self, user_id: str) -> MemorySubscription:
        """``async with bus.subscribe(uid) as inbox: event = await inbox.get()``. The subscription
        is live when ``__aenter__`` returns: every later ``publish`` for ``uid`` reaches it."""
        return MemorySubscription(self, str(user_id))

    def subscriber_count(self, user_id: str | None = None) -> int:
        """Live subscriptions (of one user, or of all users)."""
        with self._lock:
            if user_id is not None:
                return len(self._inboxes.get(str(user_id), ()))
            return sum(len(s) for s in self._inboxes.values())

    def ping(self) -> None:
        """Always healthy while open."""
        if self.closed:
            raise RuntimeError("the event bus is closed")

    def close(self) -> None:
        self.closed = True

    # internals ---------------------------------------------------------------------------
    def _add(self, user_id: str, inbox: Inbox) -> None:
        with self._lock:
            self._inboxes[user_id].add(inbox)

    def _remove(self, user_id: str, inbox: Inbox) -> None:
        with self._lock:
            inboxes = self._inboxes.get(user_id)
            if inboxes is not None:
                inboxes.discard(inbox)
                if not inboxes:
                    del self._inboxes[user_id]


class MemorySubscription:
    """An async context manager that yields an ``Inbox`` registered on the bus."""

    def __init__(self, bus: MemoryBus, user_id: str) -> None:
        self.bus, self.user_id = bus, user_id
        self.inbox: Inbox | None = None

    async def __aenter__(self) -> Inbox:
        self.inbox = Inbox(self.bus.inbox_size)
        self.bus._add(self.user_id, self.inbox)
        return self.inbox

    async def __aexit__(self, *exc: object) -> None:
        if self.inbox is not None:
            self.bus._remove(self.user_id, self.inbox)
            self.inbox = None
