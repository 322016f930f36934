"""Circuit breaker states with a fake clock; retries only on 429/5xx with exponential backoff."""

from __future__ import annotations

import threading
from datetime import UTC

import pytest

from fixtures.providers.mocks import FakeClock
from routix.providers import CircuitBreaker, ProviderUnavailable
from routix.providers.resilience import Breakers, CallFailed, Resilience


def fail(status=500, timeout=False):
    def call():
        raise CallFailed("boom", status=status, timeout=timeout)

    return call


def test_breaker_opens_after_consecutive_outages_and_probes_after_the_reset():
    clock = FakeClock()
    breaker = CircuitBreaker("gemini", fail_max=3, reset_timeout=10, clock=clock)
    for _ in range(2):
        with pytest.raises(CallFailed):
            breaker.call(fail())
    assert breaker.call(lambda: "ok") == "ok"  # a success resets the count
    for _ in range(3):
        with pytest.raises(CallFailed):
            breaker.call(fail(timeout=True, status=None))
    assert breaker.state == "open"
    with pytest.raises(ProviderUnavailable, match="circuit breaker open"):
        breaker.call(lambda: "never runs")

    clock.now += 10
    assert breaker.state == "half-open"
    with pytest.raises(CallFailed):  # the probe fails -> open again for another reset period
        breaker.call(fail(503))
    assert breaker.state == "open"
    clock.now += 10
    assert breaker.call(lambda: "ok") == "ok" and breaker.state == "closed"


def test_safety_blocks_and_4xx_do_not_count_as_outages():
    breaker = CircuitBreaker("openai", fail_max=1, clock=FakeClock())
    with pytest.raises(CallFailed):
        breaker.call(fail(400))
    with pytest.raises(ValueError):
        breaker.call(lambda: (_ for _ in ()).throw(ValueError("blocked")))
    assert breaker.state == "closed"
    with pytest.raises(CallFailed):
        breaker.call(fail(429))
    assert breaker.state == "open"


def test_half_open_lets_exactly_one_probe_through():
    clock = FakeClock()
    breaker = CircuitBreaker("gemini", fail_max=1, reset_timeout=5, clock=clock)
    with pytest.raises(CallFailed):
        breaker.call(fail())
    clock.now += 5
    inside, release = threading.Event(), threading.Event()
    results = []

    def slow_probe():
        inside.set()
        release.wait(5)
        return "probe"

    thread = threading.Thread(target=lambda: results.append(breaker.call(slow_probe)))
    thread.start()
    inside.wait(5)
    with pytest.raises(ProviderUnavailable):  # a second caller while the probe runs is refused
        breaker.call(lambda: "second")
    release.set()
    thread.join(5)
    assert results == ["probe"] and breaker.state == "closed"


def test_calls_are_not_serialised_by_the_breaker():
    breaker = CircuitBreaker("gemini", clock=FakeClock())
    both_inside = threading.Barrier(2, timeout=5)
    results = []

    def call():
        both_inside.wait()  # fails with BrokenBarrierError if the breaker ran calls one at a time
        return "ok"

    threads = [threading.Thread(target=lambda: results.append(breaker.call(call))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert results == ["ok", "ok"]


@pytest.mark.parametrize("status, timeout, tries", [
    (429, False, 4), (500, False, 4), (503, False, 4), (400, False, 1), (401, False, 1), (None, False, 1),
    (None, True, 1),
])
def test_only_429_and_5xx_are_retried_timeouts_are_not(status, timeout, tries):
    sleeps = []
    policy = Resilience(Breakers(fail_max=100, clock=FakeClock()), attempts=4, initial=1, max_wait=3, jitter=0.5,
                        sleep=sleeps.append)
    calls = []

    def attempt():
        calls.append(1)
        raise CallFailed("x", status=status, timeout=timeout)

    with pytest.raises(CallFailed):
        policy.call("gemini", attempt)
    assert len(calls) == tries and len(sleeps) == tries - 1
    for n, wait in enumerate(sleeps):  # exponential from 1 s, capped at 3 s, plus 0..0.5 s jitter
        assert min(1 * 2**n, 3) <= wait <= min(1 * 2**n + 0.5, 3)


def test_success_after_a_retry_returns_the_value():
    policy = Resilience(Breakers(clock=FakeClock()), attempts=3, sleep=lambda s: None)
    assert policy.call("gemini", answering(CallFailed("busy", status=429), "art")) == "art"


def answering(*answers):
    """An attempt function that raises or returns ``answers`` in turn."""
    queue = iter(answers)

    def attempt():
        value = next(queue)
        if isinstance(value, Exception):
            raise value
        return value

    return attempt


@pytest.mark.parametrize("headers, seconds", [
    ({"Retry-After": "3"}, 3.0),
    ({"retry-after": "2.5"}, 2.5),
    ({"Retry-After": "Sat, 21 Nov 2026 12:00:10 GMT"}, 10.0),
    ({"Retry-After": "Sat, 21 Nov 2026 11:59:00 GMT"}, 0.0),  # a date in the past: no wait
    ({"Retry-After": "soon"}, None),
    ({}, None),
    (None, None),
])
def test_retry_after_header_in_seconds_or_as_an_http_date(headers, seconds):
    from datetime import datetime

    from routix.providers.resilience import retry_after_seconds

    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(headers, now=now) == seconds


def test_retry_after_lengthens_the_wait_but_never_past_the_cap():
    sleeps = []
    policy = Resilience(Breakers(fail_max=100, clock=FakeClock()), attempts=3, initial=1, max_wait=10, jitter=0,
                        sleep=sleeps.append)
    attempt = answering(CallFailed("busy", status=429, retry_after=4), CallFailed("busy", status=503, retry_after=60),
                        "ok")
    assert policy.call("openai", attempt) == "ok"
    assert sleeps == [4.0, 10.0]
