"""What every event bus shares: the wire format and the per-subscriber inbox.

Wire format: an event is JSON ``{"event": name, "data": {...}, "published_at": <epoch s>}``.
``published_at`` (UNIX time, seconds, float) is stamped by the bus when the publisher did not
set it, so a consumer can measure delivery latency (publish -> receive) across processes on one
machine. UUIDs, datetimes (ISO 8601), decimals and paths in ``data`` become strings; anything
else that JSON cannot hold makes ``encode_event`` raise ``TypeError``.

An ``Inbox`` is one subscriber's bounded ``asyncio.Queue`` on its event loop. Events are hints
(the database row is the truth), so when a slow subscriber's inbox is full the OLDEST event is
dropped to make room for the newest, and the publisher never waits.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from routix.events.ports import Event

#: Events held per subscriber before the oldest is dropped.
INBOX_SIZE = 256
#: Redis channel (and log name) prefix; the full channel is ``routix:events:<user_id>``.
CHANNEL_PREFIX = "routix:events:"


def _json_default(value: Any) -> Any:
    if isinstance(value, (uuid.UUID, Decimal, PurePath)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable in an event")


def encode_event(event: Event) -> str:
    """``event`` as compact JSON text with ``published_at`` stamped (if absent). Raises
    ``TypeError``/``ValueError`` when the event is not a dict with an ``event`` name or holds a
    value JSON cannot represent."""
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        raise ValueError("an event is a dict with an 'event' name and a 'data' dict")
    if "published_at" not in event:
        event = {**event, "published_at": time.time()}
    return json.dumps(event, default=_json_default, separators=(",", ":"))


def decode_event(raw: str | bytes) -> Event:
    """The event dict from ``encode_event`` text. Raises ``ValueError`` on malformed input."""
    event = json.loads(raw)
    if not isinstance(event, dict) or "event" not in event:
        raise ValueError("not an event")
    return event


def channel_for(user_id: Any) -> str:
    """The pub/sub channel of one user: ``routix:events:<user_id>``."""
    return f"{CHANNEL_PREFIX}{user_id}"


class Inbox:
    """One subscriber's bounded queue, bound to the event loop that created it.

    ``put`` runs on that loop; ``put_threadsafe`` may be called from any thread. ``dropped``
    counts events discarded because the subscriber fell ``maxsize`` events behind.
    """

    def __init__(self, maxsize: int = INBOX_SIZE) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize)
        self.dropped = 0

    def put(self, event: Event) -> None:
        """Enqueue on the inbox's loop; drop the oldest event when full."""
        while True:
            try:
                self.queue.put_nowait(event)
                return
            except asyncio.QueueFull:
                try:
                    self.queue.get_nowait()
                    self.dropped += 1
                except asyncio.QueueEmpty:  # pragma: no cover - only with a concurrent reader
                    pass

    def put_threadsafe(self, event: Event) -> bool:
        """Hand ``event`` to the inbox's loop from any thread. False when the loop is closed."""
        try:
            self.loop.call_soon_threadsafe(self.put, event)
            return True
        except RuntimeError:  # the loop was closed: the subscriber is gone
            return False

    async def get(self, timeout: float | None = None) -> Event | None:
        """The next event, or None after ``timeout`` seconds without one."""
        if timeout is None:
            return await self.queue.get()
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    def __aiter__(self) -> Inbox:
        return self

    async def __anext__(self) -> Event:
        return await self.queue.get()
