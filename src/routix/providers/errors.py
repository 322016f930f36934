"""Provider errors: what the user sees when an AI provider refuses or is unavailable.

``ContentBlocked`` and ``BudgetExceeded`` reach the user (the API maps ``code``/``status`` to an
RFC 7807 problem). ``ProviderUnavailable`` stays inside the fallback chain: it carries the short
reason phrase that ends up in a sentence like "made with Lightning because Gemini was unavailable".
"""

from __future__ import annotations

from routix.errors import ProviderError, RoutixError

#: Display names of providers in user-facing sentences.
DISPLAY = {"gemini": "Gemini", "openai": "OpenAI", "lightning": "Lightning", "offline": "the offline planner",
           "runway": "Runway", "stability": "Stability"}


def display(provider: str) -> str:
    """``"gemini"`` -> ``"Gemini"``; unknown names are returned unchanged."""
    return DISPLAY.get(provider, provider)


class ContentBlocked(RoutixError):
    """A provider's safety system refused the request. Never retried, never silently replaced."""

    code = "content_blocked"
    status = 422


class BudgetExceeded(RoutixError):
    """A paid call would exceed the per-user or the global daily budget (US dollars)."""

    code = "budget_exceeded"
    status = 402


class ProviderUnavailable(ProviderError):
    """One provider could not answer (no key, breaker open, 429/5xx after retries, timeout,
    unusable response). ``reason`` is a verb phrase: "was unavailable", "is not configured",
    "timed out", "returned no usable image"."""

    def __init__(self, provider: str, reason: str, *, detail: str = "") -> None:
        super().__init__(f"{display(provider)} {reason}" + (f": {detail}" if detail else ""))
        self.provider = provider
        self.reason = reason


def blocked_message(provider: str, detail: str = "") -> str:
    """The one sentence a user reads when ``provider``'s safety filter refused a request."""
    why = f" ({detail})" if detail else ""
    return (
        f"{display(provider)} declined this request because of its safety rules{why}. "
        "Rephrase the prompt or use different photos, or pick Lightning, which paints locally."
    )
