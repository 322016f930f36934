"""AI image-to-video providers with mocked HTTP (respx): submit, poll, download, errors mapped,
retries and the breaker, timeouts, and the fallback to the local animator."""

from __future__ import annotations

import io
import json

import httpx
import pytest
import respx
from PIL import Image

from routix.providers.errors import ContentBlocked, ProviderUnavailable
from routix.providers.resilience import Breakers, Resilience
from routix.providers.video import (
    RunwayVideo,
    StabilityVideo,
    build_video_provider,
    make_with_fallback,
)

RUNWAY = "https://api.dev.runwayml.com/v1"
STABILITY = "https://api.stability.ai/v2beta/image-to-video"
MP4 = b"\x00\x00\x00\x18ftypmp42 remote video"


def _still(size=(1280, 720)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, "PNG")
    return buffer.getvalue()


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _resilience(fail_max: int = 5) -> Resilience:
    return Resilience(Breakers(fail_max=fail_max, reset_timeout=60), attempts=3, initial=0.0, max_wait=0.0,
                      jitter=0.0, sleep=lambda s: None)


def _runway(key: str | None = "rw-key", **options) -> tuple[RunwayVideo, Clock]:
    clock = Clock()
    provider = RunwayVideo(key, resilience=options.pop("resilience", _resilience()), client=httpx.Client(),
                           poll_interval=5, timeout=options.pop("timeout", 60), clock=clock, sleep=clock.sleep)
    return provider, clock


def test_runway_submits_the_still_polls_and_downloads():
    provider, clock = _runway()
    with respx.mock(assert_all_called=True) as http:
        submit = http.post(f"{RUNWAY}/image_to_video").respond(200, json={"id": "task-1"})
        http.get(f"{RUNWAY}/tasks/task-1").mock(side_effect=[
            httpx.Response(200, json={"id": "task-1", "status": "PENDING"}),
            httpx.Response(200, json={"id": "task-1", "status": "RUNNING"}),
            httpx.Response(200, json={"id": "task-1", "status": "SUCCEEDED", "output": ["https://cdn.runway/v.mp4"]}),
        ])
        http.get("https://cdn.runway/v.mp4").respond(200, content=MP4)
        video = provider.animate(_still((1080, 1920)), prompt="slow parallax", duration=6, size=(1080, 1920))
    assert video == MP4
    sent = submit.calls[0].request
    body = json.loads(sent.content)
    assert sent.headers["Authorization"] == "Bearer rw-key" and sent.headers["X-Runway-Version"] == "2024-11-06"
    assert body["ratio"] == "720:1280" and body["duration"] == 5 and body["promptText"] == "slow parallax"
    assert body["promptImage"].startswith("data:image/png;base64,")
    assert clock.slept == [5, 5]


def test_runway_retries_a_503_then_succeeds():
    provider, _ = _runway()
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").mock(side_effect=[
            httpx.Response(503, text="busy"), httpx.Response(200, json={"id": "t"})])
        http.get(f"{RUNWAY}/tasks/t").respond(200, json={"status": "SUCCEEDED", "output": ["https://cdn/v.mp4"]})
        http.get("https://cdn/v.mp4").respond(200, content=MP4)
        assert provider.animate(_still(), prompt="p", duration=10, size=(1280, 720)) == MP4


@pytest.mark.parametrize(("answer", "reason"), [
    (httpx.Response(401, json={"error": "bad key"}), "Runway rejected the key"),
    (httpx.Response(500, text="down"), "Runway was unavailable"),
    (httpx.Response(400, json={"error": "bad ratio"}), "Runway rejected the request"),
])
def test_runway_errors_are_mapped(answer, reason):
    provider, _ = _runway()
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").mock(return_value=answer)
        with pytest.raises(ProviderUnavailable) as caught:
            provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))
    assert str(caught.value).startswith(reason)


def test_runway_safety_failure_is_content_blocked_and_a_failed_task_is_unavailable():
    provider, _ = _runway()
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").respond(200, json={"id": "t"})
        http.get(f"{RUNWAY}/tasks/t").respond(200, json={"status": "FAILED", "failureCode": "SAFETY.INPUT.IMAGE"})
        with pytest.raises(ContentBlocked):
            provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").respond(200, json={"id": "t"})
        http.get(f"{RUNWAY}/tasks/t").respond(200, json={"status": "FAILED", "failure": "internal"})
        with pytest.raises(ProviderUnavailable, match="Runway failed: internal"):
            provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))


def test_a_task_that_never_finishes_times_out():
    provider, clock = _runway(timeout=20)
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").respond(200, json={"id": "t"})
        http.get(f"{RUNWAY}/tasks/t").respond(200, json={"status": "RUNNING"})
        with pytest.raises(ProviderUnavailable, match="Runway timed out"):
            provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))
    assert clock.now == 20


def test_the_breaker_opens_after_repeated_outages():
    provider, _ = _runway(resilience=_resilience(fail_max=2))
    with respx.mock() as http:
        route = http.post(f"{RUNWAY}/image_to_video").respond(502, text="bad gateway")
        for _ in range(2):
            with pytest.raises(ProviderUnavailable):
                provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))
        calls = route.call_count
        with pytest.raises(ProviderUnavailable, match="circuit breaker open"):
            provider.animate(_still(), prompt="p", duration=5, size=(1280, 720))
        assert route.call_count == calls, "an open breaker makes no call"


def test_stability_posts_a_resized_still_and_polls_until_200():
    clock = Clock()
    provider = StabilityVideo("st-key", resilience=_resilience(), client=httpx.Client(), poll_interval=10,
                              timeout=120, clock=clock, sleep=clock.sleep)
    with respx.mock(assert_all_called=True) as http:
        submit = http.post(STABILITY).respond(200, json={"id": "gen-9"})
        http.get(f"{STABILITY}/result/gen-9").mock(side_effect=[
            httpx.Response(202, json={"id": "gen-9", "status": "in-progress"}), httpx.Response(200, content=MP4)])
        assert provider.animate(_still((1080, 1920)), prompt="p", duration=4, size=(1080, 1920)) == MP4
    request = submit.calls[0].request
    assert request.headers["Authorization"] == "Bearer st-key"
    assert b"motion_bucket_id" in request.content and b"image/png" in request.content
    assert clock.slept == [10]


def test_fallback_to_the_local_animator_is_recorded():
    local_calls = []

    def local() -> bytes:
        local_calls.append(1)
        return b"local mp4"

    provider, _ = _runway(key=None)  # not configured
    video, source = make_with_fallback(provider, _still, local, prompt="p", duration=5, size=(1280, 720))
    assert video == b"local mp4" and source.provider == "local"
    assert source.fallback == "Runway is not configured"
    assert source.message == "Made with the local animator because Runway is not configured."

    provider, _ = _runway()
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").respond(503, text="busy")
        video, source = make_with_fallback(provider, _still, local, prompt="p", duration=5, size=(1280, 720))
    assert video == b"local mp4" and source.fallback == "Runway was unavailable"

    assert make_with_fallback(None, _still, local, prompt="p", duration=5, size=(1280, 720))[1].message == \
        "Made by the local animator."
    with respx.mock() as http:
        http.post(f"{RUNWAY}/image_to_video").respond(200, json={"id": "t"})
        http.get(f"{RUNWAY}/tasks/t").respond(200, json={"status": "FAILED", "failureCode": "SAFETY.OUTPUT"})
        with pytest.raises(ContentBlocked):
            make_with_fallback(provider, _still, local, prompt="p", duration=5, size=(1280, 720))
    assert len(local_calls) == 3


def test_build_video_provider():
    assert build_video_provider("", None, resilience=_resilience()) is None
    assert isinstance(build_video_provider("stability", "k", resilience=_resilience()), StabilityVideo)
    with pytest.raises(ValueError, match="unknown video provider"):
        build_video_provider("sora", "k", resilience=_resilience())
