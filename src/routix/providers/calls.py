"""One metered provider call: run it, time it, price it, record it, translate its errors.

Adapters (gemini.py, openai_images.py, planners) describe a call with three functions: the SDK
call, a ``read`` that turns the SDK's answer into a :class:`Reply`, and a ``translate`` that
turns an SDK exception into ``CallFailed`` or ``ContentBlocked``. :func:`metered` does the rest,
so every attempt lands in the :class:`UsageRecorder` exactly once, with keys redacted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from routix.providers.errors import ContentBlocked, blocked_message
from routix.providers.resilience import CallFailed
from routix.providers.settings import Price
from routix.providers.usage import ProviderCall, Tokens, UsageRecorder

T = TypeVar("T")


@dataclass
class Reply(Generic[T]):
    """What a call returned: ``value`` (image or text), token ``usage`` (``reported`` False
    when the response had no usage block), ``images`` generated, and ``blocked``/``failure``
    when the answer is a refusal or unusable (then ``value`` is None)."""

    value: T | None
    usage: Tokens = field(default_factory=Tokens)
    reported: bool = True
    images: int = 0
    blocked: str | None = None
    failure: CallFailed | None = None


@dataclass(frozen=True)
class Meter:
    """Where and how a call is recorded."""

    recorder: UsageRecorder
    provider: str
    model: str
    kind: Literal["image", "text"]
    price: Price
    secrets: tuple[str, ...] = ()

    def redact(self, message: str) -> str:
        """``message`` with every secret replaced by ``****`` and cut to 300 characters."""
        for secret in self.secrets:
            if secret:
                message = message.replace(secret, "****")
        return message[:300]

    def record(self, outcome: str, latency: float, reply: Reply | None = None, error: str | None = None) -> float:
        reply = reply or Reply(None)
        cost = reply.usage.cost(self.price, images=reply.images, reported=reply.reported)
        self.recorder.record(
            ProviderCall(
                provider=self.provider, model=self.model, kind=self.kind, outcome=outcome,  # type: ignore[arg-type]
                input_tokens=reply.usage.input, output_tokens=reply.usage.output, images=reply.images,
                latency_s=round(latency, 4), cost_usd=round(cost, 6),
                error=self.redact(error) if error else None,
            )
        )
        return cost


def metered(
    meter: Meter,
    call: Callable[[], Any],
    read: Callable[[Any], Reply[T]],
    translate: Callable[[BaseException], CallFailed | ContentBlocked],
    on_cost: Callable[[float], None] = lambda cost: None,
) -> T:
    """Run ``call`` once and return the value ``read`` finds in its answer.

    Raises ``ContentBlocked`` (safety refusal) or ``CallFailed`` (HTTP error, timeout,
    unusable answer). ``on_cost`` receives the dollars this attempt cost (for the budget).
    """
    start = time.perf_counter()
    try:
        raw = call()
    except Exception as exc:  # SDK errors, httpx timeouts
        error = translate(exc)
        outcome = "blocked" if isinstance(error, ContentBlocked) else "timeout" if error.timeout else "error"
        meter.record(outcome, time.perf_counter() - start, error=str(error) or type(exc).__name__)
        if isinstance(error, ContentBlocked):
            error = ContentBlocked(meter.redact(error.message))
        raise error from exc
    reply = read(raw)
    latency = time.perf_counter() - start
    if reply.blocked is not None:
        on_cost(meter.record("blocked", latency, reply, error=reply.blocked))
        raise ContentBlocked(blocked_message(meter.provider, reply.blocked))
    if reply.failure is not None:
        on_cost(meter.record("error", latency, reply, error=str(reply.failure)))
        raise reply.failure
    on_cost(meter.record("ok", latency, reply))
    return reply.value  # type: ignore[return-value]


class Adapter:
    """Base of the provider adapters: an SDK ``client``, the ``meter`` that records each attempt,
    the ``resilience`` policy and ``on_cost`` (dollars per attempt, e.g. the budget's record)."""

    provider: str = ""

    def __init__(
        self, model: str, *, client, meter: Meter, resilience, on_cost: Callable[[float], None] | None = None
    ) -> None:
        self.model = model
        self._client = client
        self._meter = meter
        self._resilience = resilience
        self._on_cost = on_cost or (lambda cost: None)

    def _run(self, call: Callable[[], Any], read: Callable[[Any], Reply[T]],
             translate: Callable[[BaseException], CallFailed | ContentBlocked]) -> T:
        """One logical call: retries and breaker around metered attempts."""
        return self._resilience.call(self.provider, lambda: metered(self._meter, call, read, translate, self._on_cost))


class ImageAdapter(Adapter):
    """An adapter for one configured image model (``spec``: an ImageModel)."""

    def __init__(self, spec, **adapter) -> None:
        super().__init__(spec.model, **adapter)
        self.spec = spec
