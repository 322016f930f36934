"""The scale-out event bus: Redis pub/sub, so events cross processes.

A Celery worker (or any process) publishes with the synchronous client to the channel
``routix:events:<user_id>``; the API process delivers to its WebSocket/SSE subscribers.

Per event loop the bus keeps one ``_Hub``: a single ``redis.asyncio`` pub/sub connection shared
by every subscriber on that loop, a reader task that fans messages out to the subscribers'
inboxes, and reference counts per channel (one ``SUBSCRIBE`` per user, however many sockets the
user has open). The hub closes its connection when its last subscriber leaves.

Registering and unregistering an inbox are synchronous (safe under cancellation); talking to
Redis happens in a background "reconcile" task that makes the connection's channel set match
the wanted set. ``subscribe`` returns once Redis confirmed the ``SUBSCRIBE`` (or after
``confirm_timeout`` seconds if Redis is unreachable: events are hints, the caller still gets the
current state from the database).
"""

from __future__ import annotations

import asyncio
import logging
import threading

import redis
import redis.asyncio as aioredis

from routix.events.fanout import (
    CHANNEL_PREFIX,
    INBOX_SIZE,
    Inbox,
    channel_for,
    decode_event,
    encode_event,
)
from routix.events.ports import Event

log = logging.getLogger("routix.events")

#: Seconds a publish may wait on Redis before it gives up (the worker must not stall).
PUBLISH_TIMEOUT = 2.0


class RedisBus:
    """``EventBus`` over Redis pub/sub. ``url`` is a redis:// URL (database number is ignored by
    pub/sub, which is server-wide; the channel prefix keeps Routix's events apart)."""

    def __init__(self, url: str, *, inbox_size: int = INBOX_SIZE, confirm_timeout: float = 5.0) -> None:
        self.url = url
        self.inbox_size = inbox_size
        self.confirm_timeout = confirm_timeout
        self._client = redis.Redis.from_url(
            url, socket_timeout=PUBLISH_TIMEOUT, socket_connect_timeout=PUBLISH_TIMEOUT,
        )
        self._hubs: dict[asyncio.AbstractEventLoop, _Hub] = {}
        self._lock = threading.Lock()

    def publish(self, user_id: str, event: Event) -> None:
        """Publish to ``routix:events:<user_id>``. Never raises: encoding or Redis errors are logged."""
        try:
            raw = encode_event(event)
        except (TypeError, ValueError) as exc:
            log.warning("dropped an event for user %s: %s", user_id, exc)
            return
        try:
            self._client.publish(channel_for(user_id), raw)
        except redis.RedisError as exc:
            log.warning("could not publish an event for user %s: %s", user_id, exc)

    def subscribe(self, user_id: str) -> RedisSubscription:
        """``async with bus.subscribe(uid) as inbox``: events published to ``uid`` by any process
        after ``__aenter__`` returned reach ``inbox``."""
        return RedisSubscription(self, channel_for(user_id))

    def ping(self) -> None:
        """Raise ``redis.RedisError`` when Redis does not answer."""
        self._client.ping()

    def close(self) -> None:
        """Close the publishing connection (hubs close themselves when their last subscriber leaves)."""
        self._client.close()

    def _hub(self) -> _Hub:
        loop = asyncio.get_running_loop()
        with self._lock:
            hub = self._hubs.get(loop)
            if hub is None or hub.closed:
                hub = self._hubs[loop] = _Hub(self)
            return hub

    def _forget(self, hub: _Hub) -> None:
        with self._lock:
            for loop, known in list(self._hubs.items()):
                if known is hub:
                    del self._hubs[loop]


class RedisSubscription:
    """Async context manager yielding an ``Inbox`` fed from one Redis channel."""

    def __init__(self, bus: RedisBus, channel: str) -> None:
        self.bus, self.channel = bus, channel
        self.hub: _Hub | None = None
        self.inbox: Inbox | None = None

    async def __aenter__(self) -> Inbox:
        self.inbox = Inbox(self.bus.inbox_size)
        self.hub = self.bus._hub()
        confirmed = self.hub.add(self.channel, self.inbox)
        try:
            await asyncio.wait_for(confirmed.wait(), self.bus.confirm_timeout)
        except TimeoutError:
            log.warning("Redis did not confirm the subscription to %s; continuing without it", self.channel)
        except BaseException:
            self.hub.remove(self.channel, self.inbox)
            raise
        return self.inbox

    async def __aexit__(self, *exc: object) -> None:
        if self.hub is not None and self.inbox is not None:
            self.hub.remove(self.channel, self.inbox)
        self.hub = self.inbox = None


class _Hub:
    """One pub/sub connection and reader task per (bus, event loop). Loop-confined: only the
    loop that created it calls its methods."""

    def __init__(self, bus: RedisBus) -> None:
        self.bus = bus
        self.loop = asyncio.get_running_loop()
        self.client = aioredis.Redis.from_url(bus.url, health_check_interval=30, socket_keepalive=True)
        self.pubsub = self.client.pubsub()
        self.local: dict[str, set[Inbox]] = {}
        self.confirmed: dict[str, asyncio.Event] = {}
        self.active: set[str] = set()
        self.reader: asyncio.Task | None = None
        self.lock = asyncio.Lock()
        self.tasks: set[asyncio.Task] = set()
        self.closed = False

    # synchronous bookkeeping (never interrupted by cancellation) ------------------------
    def add(self, channel: str, inbox: Inbox) -> asyncio.Event:
        """Register ``inbox``; the returned event is set when Redis confirmed the channel."""
        self.local.setdefault(channel, set()).add(inbox)
        confirmed = self.confirmed.setdefault(channel, asyncio.Event())
        self._schedule()
        return confirmed

    def remove(self, channel: str, inbox: Inbox) -> None:
        inboxes = self.local.get(channel)
        if inboxes is None:
            return
        inboxes.discard(inbox)
        if not inboxes:
            del self.local[channel]
            self._schedule()

    def _schedule(self) -> None:
        task = self.loop.create_task(self._reconcile())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # talking to Redis ---------------------------------------------------------------------
    async def _reconcile(self) -> None:
        """Make the connection's channels match ``local``; close the hub when nobody is left."""
        async with self.lock:
            delay = 0.2
            while not self.closed:
                wanted = set(self.local)
                subscribe, unsubscribe = wanted - self.active, self.active - wanted
                if not subscribe and not unsubscribe:
                    break
                for channel in unsubscribe:
                    self.confirmed.pop(channel, None)
                try:
                    if subscribe:
                        await self.pubsub.subscribe(*subscribe)
                        self.active |= subscribe
                        if self.reader is None:
                            self.reader = self.loop.create_task(self._read())
                    if unsubscribe and wanted:
                        await self.pubsub.unsubscribe(*unsubscribe)
                    self.active -= unsubscribe
                    delay = 0.2
                except (redis.RedisError, OSError) as exc:
                    log.warning("Redis pub/sub (re)subscribe failed: %s; retrying in %.1f s", exc, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)
            if not self.local and not self.closed:
                await self._shutdown()

    async def _shutdown(self) -> None:
        self.closed = True
        self.bus._forget(self)
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        for closing in (self.pubsub.aclose, self.client.aclose):
            try:
                await closing()
            except (redis.RedisError, OSError) as exc:  # pragma: no cover - best effort
                log.debug("closing the pub/sub connection: %s", exc)

    async def _read(self) -> None:
        """Fan every message out to the inboxes of its channel (runs until cancelled)."""
        delay = 0.2
        while True:
            try:
                message = await self.pubsub.get_message(timeout=10.0)
                delay = 0.2
            except (redis.RedisError, OSError) as exc:
                log.warning("Redis pub/sub read failed: %s; reconnecting in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if message is not None:
                self._dispatch(message)

    def _dispatch(self, message: dict) -> None:
        channel = message.get("channel")
        channel = channel.decode() if isinstance(channel, bytes) else str(channel)
        kind = message.get("type")
        if kind == "subscribe":
            confirmed = self.confirmed.get(channel)
            if confirmed is not None:
                confirmed.set()
        elif kind == "message" and channel.startswith(CHANNEL_PREFIX):
            try:
                event = decode_event(message["data"])
            except ValueError as exc:
                log.warning("ignored a malformed event on %s: %s", channel, exc)
                return
            for inbox in list(self.local.get(channel, ())):
                inbox.put(event)
