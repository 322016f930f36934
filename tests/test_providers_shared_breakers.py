"""Circuit breakers shared through Redis: the same semantics as the in-process breaker, with the
state visible to every process. Real local Redis (db 15), a random key prefix per test."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest
import respx

from fixtures.providers import mocks
from routix.providers import ContentBlocked, ProviderUnavailable
from routix.providers.resilience import Breakers, CallFailed
from routix.providers.shared_breakers import RedisBreakers, RedisCircuitBreaker

REDIS_URL = os.environ.get("ROUTIX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.redis


class Clock:
    """Unix seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def world():
    """(make_breakers, clock, client, prefix): every make_breakers() is another "process"
    (its own Redis client) sharing one key prefix; keys are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    prefix = f"test:breaker:{uuid.uuid4().hex}:"
    clock = Clock()

    def make(**options) -> RedisBreakers:
        values = {"fail_max": 3, "reset_timeout": 30.0, "prefix": prefix, "clock": clock}
        values.update(options)
        return RedisBreakers(redis.Redis.from_url(REDIS_URL), **values)

    yield make, clock, client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def outage():
    raise CallFailed("Gemini answered 503", status=503)


def ok():
    return "art"


def raising(exc: BaseException):
    def fn():
        raise exc
    return fn


def test_outages_from_two_processes_add_up_and_open_the_breaker_for_both(world):
    make, _, client, prefix = world
    a, b = make()["gemini"], make()["gemini"]
    for breaker in (a, b, a):
        with pytest.raises(CallFailed):
            breaker.call(outage)
    assert a.state == b.state == "open" and a.failures == 3
    called = []
    with pytest.raises(ProviderUnavailable, match="Gemini was unavailable: circuit breaker open"):
        b.call(lambda: called.append(1))
    assert called == []
    assert 0 < client.ttl(f"{prefix}gemini") <= 600  # the state expires
    assert make()["openai"].state == "closed"  # one breaker per provider


def test_a_success_resets_the_count_and_neutral_answers_do_not_count(world):
    make, *_ = world
    breaker = make()["gemini"]
    for _ in range(2):
        with pytest.raises(CallFailed):
            breaker.call(outage)
    assert breaker.call(ok) == "art" and breaker.failures == 0 and breaker.state == "closed"
    for _ in range(5):
        with pytest.raises(CallFailed):
            breaker.call(raising(CallFailed("bad request", status=400)))
        with pytest.raises(ContentBlocked):
            breaker.call(raising(ContentBlocked("blocked")))
    assert breaker.state == "closed" and breaker.failures == 0


def test_half_open_lets_one_probe_through_across_processes(world):
    make, clock, client, prefix = world
    a, b = make()["gemini"], make()["gemini"]
    for _ in range(3):
        with pytest.raises(CallFailed):
            a.call(outage)
    clock.now += 30.0
    assert b.state == "half-open"

    def probe():  # while a's probe is in flight, b is refused
        with pytest.raises(ProviderUnavailable):
            b.call(ok)
        assert 0 < client.pttl(f"{prefix}gemini:probe") <= 120_000
        raise CallFailed("still down", status=500)

    with pytest.raises(CallFailed, match="still down"):
        a.call(probe)
    assert a.state == "open"  # a failed probe re-opens at once (opened_at restamped)
    with pytest.raises(ProviderUnavailable):
        b.call(ok)

    clock.now += 30.0
    assert b.call(ok) == "art"  # the next probe succeeds and closes it for everyone
    assert a.state == b.state == "closed" and client.exists(f"{prefix}gemini", f"{prefix}gemini:probe") == 0


def test_a_neutral_probe_frees_the_claim_without_closing(world):
    make, clock, *_ = world
    breaker = make()["gemini"]
    for _ in range(3):
        with pytest.raises(CallFailed):
            breaker.call(outage)
    clock.now += 30.0
    with pytest.raises(ContentBlocked):
        breaker.call(raising(ContentBlocked("blocked")))
    assert breaker.state == "half-open"
    assert breaker.call(ok) == "art" and breaker.state == "closed"


def test_an_unreachable_redis_lets_calls_through():
    import redis

    dead = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    breaker = RedisCircuitBreaker("gemini", dead, fail_max=1)
    with pytest.raises(CallFailed):
        breaker.call(outage)
    assert breaker.call(ok) == "art" and breaker.state == "closed"


def test_default_breakers_are_shared_when_redis_is_configured(monkeypatch):
    from routix.config import get_settings
    from routix.providers import resilience

    monkeypatch.setattr(resilience, "_BREAKERS", None)
    monkeypatch.setenv("ROUTIX_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    try:
        assert isinstance(resilience.default_breakers(mocks.settings()), RedisBreakers)
        monkeypatch.setattr(resilience, "_BREAKERS", None)
        assert isinstance(resilience.default_breakers(mocks.settings(breaker_shared=False)), Breakers)
        monkeypatch.setattr(resilience, "_BREAKERS", None)
        monkeypatch.delenv("ROUTIX_REDIS_URL")
        get_settings.cache_clear()
        assert isinstance(resilience.default_breakers(mocks.settings()), Breakers)
    finally:
        get_settings.cache_clear()


def test_the_chain_skips_a_provider_another_process_opened(world):
    make, *_ = world
    opener, other = make(fail_max=2), make(fail_max=2)
    h = mocks.Harness(retry_attempts=2)
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as http:
        route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(
            return_value=httpx.Response(500, json=mocks.body("gemini_error_500")))
        h.breakers = opener
        design, assets = mocks.design()
        h.algorithm("v1").fill_background(design, mocks.brief(), seed=7, assets=assets)  # 2 outages: open
        assert route.call_count == 2 and opener["gemini"].state == "open"
        h.breakers = other  # another worker process: skips Gemini without a call
        out = h.algorithm("v1").fill_background(design, mocks.brief(), seed=7, assets=assets)
    assert route.call_count == 2 and h.recorder.calls == []
    assert h.recorder.fallbacks == ["made with Lightning because Gemini was unavailable"]
    assert out.layer("background").fill.type == "procedural"
