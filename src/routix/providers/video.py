"""AI image-to-video providers behind one port, with the local animator as default and fallback.

A :class:`VideoProvider` turns a still (PNG bytes: the thumbnail rendered at the clip's size)
into an MP4: it submits a task, polls it every ``poll_interval`` seconds until it is done or
``timeout`` seconds have passed, and downloads the result. Every HTTP request goes through
:class:`routix.providers.resilience.Resilience` (retries on 429/5xx with backoff and
``Retry-After``, one circuit breaker per provider). Errors are mapped to the provider family:

* HTTP 401/403, no key                 -> ProviderUnavailable ("rejected the key" / "is not configured")
* 429/5xx after the retries, timeouts  -> ProviderUnavailable ("was unavailable" / "timed out")
* a safety refusal                     -> ContentBlocked (never replaced silently)
* a failed task, an unusable answer    -> ProviderUnavailable ("failed" / "returned no usable video")

Adapters (HTTP APIs, keys in ``ROUTIX_RUNWAY_API_KEY`` / ``ROUTIX_STABILITY_API_KEY``):

* **Runway** (``runway``): ``POST https://api.dev.runwayml.com/v1/image_to_video`` (JSON
  ``model, promptImage`` as a data URI, ``promptText, ratio, duration`` 5 or 10 s; headers
  ``Authorization: Bearer``, ``X-Runway-Version: 2024-11-06``) -> ``{"id"}``; then
  ``GET /v1/tasks/{id}`` -> ``{"status": PENDING|THROTTLED|RUNNING|SUCCEEDED|FAILED|CANCELLED,
  "output": [url], "failure", "failureCode"}``; the MP4 is downloaded from ``output[0]``.
* **Stability** (``stability``): ``POST https://api.stability.ai/v2beta/image-to-video``
  (multipart ``image`` (1024x576, 576x1024 or 768x768), ``seed, cfg_scale, motion_bucket_id``)
  -> ``{"id"}``; then ``GET /v2beta/image-to-video/result/{id}`` with ``Accept: video/*``:
  202 while in progress, 200 with the MP4 bytes.

:func:`make_with_fallback` runs the configured provider and falls back to the local animator
when it is not configured or fails (a safety refusal is not replaced); the returned
:class:`VideoSource` records who made the MP4 and, after a fallback, why.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import httpx
from PIL import Image

from routix.providers.errors import ContentBlocked, ProviderUnavailable, blocked_message, display
from routix.providers.resilience import CallFailed, Resilience, retry_after_seconds

#: Seconds between two looks at a running task, and the most a task may take.
POLL_INTERVAL = 5.0
TIMEOUT = 300.0
#: Per-request HTTP timeout, seconds.
REQUEST_TIMEOUT = 60.0

DISPLAY_NAMES = {"runway": "Runway", "stability": "Stability", "local": "the local animator"}


class VideoProvider(Protocol):
    """Port: a still -> an MP4 (bytes). Raises ProviderUnavailable or ContentBlocked."""

    name: str

    def animate(self, still: bytes, *, prompt: str, duration: float, size: tuple[int, int]) -> bytes: ...


@dataclass(frozen=True)
class VideoSource:
    """Who made a clip's MP4: ``provider`` (``runway``, ``stability`` or ``local``) and, when the
    local animator stood in for a configured provider, ``fallback`` (the reason sentence)."""

    provider: str
    fallback: str | None = None

    @property
    def message(self) -> str:
        """One sentence for the user: "Made by Runway." / "Made with the local animator because
        Runway timed out."."""
        if self.fallback:
            return f"Made with the local animator because {self.fallback}."
        return f"Made by {DISPLAY_NAMES.get(self.provider, self.provider)}."


def _status_error(provider: str, response: httpx.Response) -> CallFailed | ContentBlocked | ProviderUnavailable:
    if response.status_code in (401, 403):
        return ProviderUnavailable(provider, "rejected the key", detail=f"HTTP {response.status_code}")
    text = response.text[:300]
    if response.status_code in (400, 422) and ("moderation" in text.lower() or "safety" in text.lower()):
        return ContentBlocked(blocked_message(provider, "content moderation"))
    return CallFailed(f"{display(provider)} answered {response.status_code}: {text}", status=response.status_code,
                      retry_after=retry_after_seconds(response.headers))


class _HttpVideo:
    """What both adapters share: the HTTP client, the resilience policy, the polling clock."""

    name = "base"

    def __init__(self, key: str | None, *, resilience: Resilience, client: httpx.Client | None = None,
                 poll_interval: float = POLL_INTERVAL, timeout: float = TIMEOUT,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.key = (key or "").strip()
        self.resilience = resilience
        self.client = client or httpx.Client(timeout=REQUEST_TIMEOUT)
        self.poll_interval, self.timeout = poll_interval, timeout
        self.clock, self.sleep = clock, sleep

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One request through the breaker and retries; 2xx answers are returned, others raise."""
        def attempt() -> httpx.Response:
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                raise CallFailed(f"{display(self.name)} timed out", timeout=True) from None
            except httpx.HTTPError as exc:
                raise CallFailed(f"{display(self.name)} call failed: {type(exc).__name__}") from None
            if response.is_success:
                return response
            raise _status_error(self.name, response)

        try:
            return self.resilience.call(self.name, attempt)
        except CallFailed as exc:
            raise ProviderUnavailable(self.name, exc.reason, detail=str(exc)[:200]) from None

    def _poll(self, look: Callable[[], bytes | None]) -> bytes:
        """Call ``look`` until it returns the video, sleeping ``poll_interval`` in between;
        ProviderUnavailable "timed out" after ``timeout`` seconds."""
        started = self.clock()
        while True:
            video = look()
            if video is not None:
                return video
            if self.clock() - started >= self.timeout:
                raise ProviderUnavailable(self.name, "timed out", detail=f"no video after {self.timeout:g} s")
            self.sleep(self.poll_interval)

    def animate(self, still: bytes, *, prompt: str, duration: float, size: tuple[int, int]) -> bytes:
        raise NotImplementedError

    def _check_key(self) -> None:
        if not self.key:
            raise ProviderUnavailable(self.name, "is not configured")


class RunwayVideo(_HttpVideo):
    """Runway's image-to-video (see the module docstring)."""

    name = "runway"
    base_url = "https://api.dev.runwayml.com/v1"
    model = "gen4_turbo"
    #: Output ratios Runway's gen4 models take, by clip aspect.
    RATIOS = {"16:9": "1280:720", "1:1": "960:960", "9:16": "720:1280"}

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", "X-Runway-Version": "2024-11-06"}

    def animate(self, still: bytes, *, prompt: str, duration: float, size: tuple[int, int]) -> bytes:
        self._check_key()
        aspect = "16:9" if size[0] > size[1] else "9:16" if size[1] > size[0] else "1:1"
        body = {
            "model": self.model, "promptImage": "data:image/png;base64," + base64.b64encode(still).decode("ascii"),
            "promptText": prompt[:1000], "ratio": self.RATIOS[aspect], "duration": 5 if duration <= 7.5 else 10,
        }
        task = self._request("POST", f"{self.base_url}/image_to_video", json=body, headers=self._headers()).json()
        task_id = task.get("id") if isinstance(task, dict) else None
        if not task_id:
            raise ProviderUnavailable(self.name, "returned no usable video", detail="no task id")

        def look() -> bytes | None:
            state = self._request("GET", f"{self.base_url}/tasks/{task_id}", headers=self._headers()).json()
            status = str(state.get("status", ""))
            if status == "SUCCEEDED":
                urls = state.get("output") or []
                if not urls:
                    raise ProviderUnavailable(self.name, "returned no usable video", detail="no output")
                return self._request("GET", str(urls[0])).content
            if status in ("FAILED", "CANCELLED"):
                code = str(state.get("failureCode") or "")
                if code.startswith("SAFETY"):
                    raise ContentBlocked(blocked_message(self.name, code))
                raise ProviderUnavailable(self.name, "failed", detail=str(state.get("failure") or status)[:200])
            return None

        return self._poll(look)


class StabilityVideo(_HttpVideo):
    """Stability's image-to-video (Stable Video Diffusion; see the module docstring)."""

    name = "stability"
    base_url = "https://api.stability.ai/v2beta/image-to-video"
    #: The input sizes the model takes, by clip aspect.
    SIZES = {"16:9": (1024, 576), "1:1": (768, 768), "9:16": (576, 1024)}

    def animate(self, still: bytes, *, prompt: str, duration: float, size: tuple[int, int]) -> bytes:
        self._check_key()
        aspect = "16:9" if size[0] > size[1] else "9:16" if size[1] > size[0] else "1:1"
        with Image.open(io.BytesIO(still)) as image:
            buffer = io.BytesIO()
            image.convert("RGB").resize(self.SIZES[aspect], Image.Resampling.LANCZOS).save(buffer, "PNG")
        headers = {"Authorization": f"Bearer {self.key}"}
        files = {"image": ("still.png", buffer.getvalue(), "image/png")}
        data = {"seed": "0", "cfg_scale": "1.8", "motion_bucket_id": "127"}
        task = self._request("POST", self.base_url, headers=headers, files=files, data=data).json()
        task_id = task.get("id") if isinstance(task, dict) else None
        if not task_id:
            raise ProviderUnavailable(self.name, "returned no usable video", detail="no generation id")

        def look() -> bytes | None:
            answer = self._request("GET", f"{self.base_url}/result/{task_id}",
                                   headers={**headers, "Accept": "video/*"})
            if answer.status_code == 202:
                return None
            if not answer.content:
                raise ProviderUnavailable(self.name, "returned no usable video", detail="empty body")
            return answer.content

        return self._poll(look)


def build_video_provider(name: str, key: str | None, *, resilience: Resilience,
                         **options) -> VideoProvider | None:
    """The adapter called ``name`` (``runway``, ``stability``); None for ``""``/``local`` (the
    local animator only). Raises ValueError for an unknown name."""
    if name in ("", "local"):
        return None
    adapters: dict[str, type[_HttpVideo]] = {"runway": RunwayVideo, "stability": StabilityVideo}
    if name not in adapters:
        raise ValueError(f"unknown video provider {name!r}; use runway, stability or local")
    return adapters[name](key, resilience=resilience, **options)


def make_with_fallback(provider: VideoProvider | None, still: Callable[[], bytes], local: Callable[[], bytes], *,
                       prompt: str, duration: float, size: tuple[int, int]) -> tuple[bytes, VideoSource]:
    """The MP4 from ``provider`` (``still()`` gives its input PNG), else from ``local()``.

    Returns ``(mp4 bytes, VideoSource)``; the source records a fallback and its reason when
    ``provider`` was set but unavailable. ContentBlocked propagates (a refusal is not replaced).
    """
    if provider is None:
        return local(), VideoSource("local")
    try:
        return provider.animate(still(), prompt=prompt, duration=duration, size=size), VideoSource(provider.name)
    except ProviderUnavailable as exc:
        return local(), VideoSource("local", fallback=str(exc).split(":", 1)[0])


__all__ = ["POLL_INTERVAL", "TIMEOUT", "RunwayVideo", "StabilityVideo", "VideoProvider", "VideoSource",
           "build_video_provider", "make_with_fallback"]
