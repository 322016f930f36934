"""The event buses: in-memory fan-out from threads, Redis pub/sub across processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from routix.config import Settings
from routix.events.factory import open_bus
from routix.events.fanout import channel_for
from routix.events.memory import MemoryBus

REDIS_URL = os.environ.get("ROUTIX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def event(n: int, **extra) -> dict:
    return {"event": "generation:progress", "data": {"request_id": "r", "progress": n, **extra}}


def run(main):
    """``asyncio.run(main)`` in a thread of its own: a library used by another test (Playwright's
    sync API) can leave an event loop running on the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main).result(timeout=120)


async def drain(inbox, count: int | None = None, timeout: float = 5.0) -> list[dict]:
    """``count`` events (``timeout`` s for each), or, without ``count``, events until none
    arrives: ``timeout`` s for the first, 0.3 s for each next."""
    out = []
    while count is None or len(out) < count:
        item = await inbox.get(timeout=timeout if count is not None or not out else 0.3)
        if item is None:
            break
        out.append(item)
    return out


def test_memory_bus_delivers_from_many_threads_in_order_and_per_user():
    bus = MemoryBus(inbox_size=1024)  # the loop is blocked while the threads run: hold them all

    async def main():
        async with bus.subscribe("alice") as alice, bus.subscribe("bob") as bob:
            assert bus.subscriber_count("alice") == 1 and bus.subscriber_count() == 2

            def worker(t: int) -> None:
                for i in range(100):
                    bus.publish("alice", event(i, thread=t))
                bus.publish("carol", event(0))  # nobody listens: a no-op

            threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            got = await drain(alice)
            assert await bob.get(timeout=0.2) is None
        assert bus.subscriber_count() == 0
        return got

    got = run(main())
    assert len(got) == 400
    for t in range(4):
        assert [e["data"]["progress"] for e in got if e["data"]["thread"] == t] == list(range(100))
    assert all(isinstance(e["published_at"], float) for e in got)


def test_memory_bus_drops_oldest_when_a_subscriber_falls_behind():
    bus = MemoryBus(inbox_size=8)

    async def main():
        async with bus.subscribe("u") as inbox:
            thread = threading.Thread(target=lambda: [bus.publish("u", event(i)) for i in range(20)])
            thread.start()
            thread.join()
            await asyncio.sleep(0.05)  # let the loop run the scheduled deliveries
            return [e["data"]["progress"] for e in await drain(inbox)], inbox.dropped

    progress, dropped = run(main())
    assert progress == list(range(12, 20)) and dropped == 12


def test_memory_bus_survives_bad_events_and_dead_subscribers():
    bus = MemoryBus()

    async def main():
        async with bus.subscribe("u") as inbox:
            bus.publish("u", {"event": "x", "data": {"bad": object()}})  # not JSON: dropped, no raise
            bus.publish("u", {"data": {}})  # no name: dropped
            stamped = event(1, when=uuid.UUID(int=7))
            stamped["published_at"] = 123.0
            bus.publish("u", stamped)
            got = await drain(inbox)
        return got

    got = run(main())
    assert len(got) == 1 and got[0]["published_at"] == 123.0
    assert got[0]["data"]["when"] == str(uuid.UUID(int=7))

    # a subscriber whose event loop has gone (never left its subscription) is forgotten
    async def enter_and_vanish():
        await bus.subscribe("ghost").__aenter__()

    run(enter_and_vanish())  # asyncio.run closes the loop afterwards
    assert bus.subscriber_count("ghost") == 1
    bus.publish("ghost", event(1))
    assert bus.subscriber_count("ghost") == 0


def test_open_bus_picks_the_backend(tmp_path):
    assert type(open_bus(Settings(data_dir=tmp_path))).__name__ == "MemoryBus"
    bus = open_bus(Settings(data_dir=tmp_path, redis_url=REDIS_URL))
    assert type(bus).__name__ == "RedisBus"
    bus.close()


# ------------------------------------------------------------------------------- Redis
@pytest.fixture
def redis_bus():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    from routix.events.redis_bus import RedisBus

    bus = RedisBus(REDIS_URL)
    yield bus
    bus.close()


PUBLISHER = """
import sys
from routix.events.redis_bus import RedisBus
bus = RedisBus(sys.argv[1])
for i in range(50):
    bus.publish(sys.argv[2], {"event": "generation:progress", "data": {"request_id": "r", "progress": i}})
bus.publish(sys.argv[3], {"event": "chat:message", "data": {"secret": True}})
bus.close()
"""


@pytest.mark.redis
def test_redis_bus_carries_events_from_another_process(redis_bus):
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())

    async def main():
        async with redis_bus.subscribe(alice) as inbox, redis_bus.subscribe(bob) as bob_inbox:
            await asyncio.to_thread(
                subprocess.run, [sys.executable, "-c", PUBLISHER, REDIS_URL, alice, "someone-else"], check=True,
                timeout=60,
            )
            return await drain(inbox, count=50), await bob_inbox.get(timeout=0.3)

    got, bob_got = run(main())
    assert [e["data"]["progress"] for e in got] == list(range(50))
    assert bob_got is None


def _numsub(channel: str) -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return dict(client.pubsub_numsub(channel))[channel.encode()]
    finally:
        client.close()


@pytest.mark.redis
def test_redis_bus_shares_one_connection_and_lets_go_when_cancelled(redis_bus):
    user = str(uuid.uuid4())
    channel = channel_for(user)

    async def main():
        async with redis_bus.subscribe(user) as first, redis_bus.subscribe(user) as second:
            assert _numsub(channel) == 1  # one Redis subscription for both local subscribers
            await asyncio.to_thread(redis_bus.publish, user, event(1))
            assert (await first.get(timeout=5))["data"] == (await second.get(timeout=5))["data"]

        # a consumer cancelled while it waits inside its subscription still unsubscribes
        entered = asyncio.Event()

        async def consumer():
            async with redis_bus.subscribe(user) as inbox:
                entered.set()
                await inbox.get()

        task = asyncio.create_task(consumer())
        await entered.wait()
        assert _numsub(channel) == 1
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        for _ in range(100):  # the hub closes its connection in the background
            if _numsub(channel) == 0 and not redis_bus._hubs:
                break
            await asyncio.sleep(0.02)
        return _numsub(channel), len(redis_bus._hubs)

    assert run(main()) == (0, 0)


@pytest.mark.redis
def test_redis_bus_resubscribes_when_its_connection_is_dropped(redis_bus):
    import redis

    user = str(uuid.uuid4())

    async def main():
        async with redis_bus.subscribe(user) as inbox:
            hub = redis_bus._hubs[asyncio.get_running_loop()]
            host, port = hub.pubsub.connection._writer.get_extra_info("sockname")[:2]
            killer = redis.Redis.from_url(REDIS_URL)
            try:  # drop this bus's pub/sub connection, as a Redis restart or a network cut would
                assert killer.client_kill_filter(addr=f"{host}:{port}") == 1
            finally:
                killer.close()
            for attempt in range(50):  # events are hints: the ones sent while reconnecting may be lost
                await asyncio.to_thread(redis_bus.publish, user, event(attempt))
                if (got := await inbox.get(timeout=0.2)) is not None:
                    return got
        return None

    assert run(main()) is not None
