"""What every provider call used and cost, which planner answered, which algorithm painted.

One :class:`UsageRecorder` per generation. The providers append a :class:`ProviderCall` for every
HTTP attempt (a 429 followed by a success is two calls); the chain adds one user-facing sentence
per fallback ("made with Lightning because Gemini was unavailable"). ``to_dict()`` is the
JSON-ready record the service stores on the generation row. ``designer`` is who refined the
composed design ("gemini", "openai", "offline" when an LLM designer fell back; None when no LLM
designer ran, e.g. Lightning).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Literal

from routix.metrics.recording import record_provider_call
from routix.providers.settings import Price

Outcome = Literal["ok", "error", "blocked", "timeout"]


@dataclass(frozen=True)
class Tokens:
    """Token counts of one call, split by modality as the providers report them."""

    text_input: int = 0
    image_input: int = 0
    text_output: int = 0
    image_output: int = 0

    @property
    def input(self) -> int:
        return self.text_input + self.image_input

    @property
    def output(self) -> int:
        return self.text_output + self.image_output

    def cost(self, price: Price, *, images: int = 0, reported: bool = True) -> float:
        """US dollars: tokens x price per 1M tokens. When the provider ``reported`` no usage,
        each generated image costs ``price.per_image`` instead."""
        if not reported:
            return images * price.per_image
        return (
            self.text_input * price.text_input
            + self.image_input * price.image_input
            + self.text_output * price.text_output
            + self.image_output * price.image_output
        ) / 1_000_000


@dataclass(frozen=True)
class ProviderCall:
    """One HTTP call to a provider. ``latency_s`` is seconds; ``cost_usd`` US dollars;
    ``images`` the number of images the call returned; ``error`` a message with keys redacted."""

    provider: str
    model: str
    kind: Literal["image", "text"]
    outcome: Outcome
    input_tokens: int = 0
    output_tokens: int = 0
    images: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    error: str | None = None


@dataclass
class UsageRecorder:
    """Thread-safe record of one generation's provider calls, planner, designer, algorithm and fallbacks."""

    calls: list[ProviderCall] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    planner: str | None = None
    designer: str | None = None
    algorithm_used: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, call: ProviderCall) -> None:
        with self._lock:
            self.calls.append(call)
        record_provider_call(call)

    def fallback(self, sentence: str) -> None:
        """Add a user-facing sentence, e.g. "made with Lightning because Gemini was unavailable"."""
        with self._lock:
            self.fallbacks.append(sentence)

    def answered(self, planner: str) -> None:
        with self._lock:
            self.planner = planner

    def designed(self, designer: str) -> None:
        with self._lock:
            self.designer = designer

    def painted(self, algorithm: str) -> None:
        with self._lock:
            self.algorithm_used = algorithm

    @property
    def cost_usd(self) -> float:
        """Total cost of every recorded call, US dollars."""
        with self._lock:
            return sum(c.cost_usd for c in self.calls)

    def to_dict(self) -> dict:
        """JSON-ready: ``{"planner", "designer", "algorithm_used", "fallbacks", "cost_usd", "calls": [...]}``."""
        with self._lock:
            calls = [asdict(c) for c in self.calls]
            return {
                "planner": self.planner,
                "designer": self.designer,
                "algorithm_used": self.algorithm_used,
                "fallbacks": list(self.fallbacks),
                "cost_usd": round(sum(c["cost_usd"] for c in calls), 6),
                "calls": calls,
            }
