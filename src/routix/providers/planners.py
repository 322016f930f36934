"""LLM planners behind the Planner port: prompt -> Brief through Gemini or OpenAI.

The model answers a :class:`BriefAnswer` (the Brief fields an LLM can decide, with the label
sets as enums) through the provider's structured-output mode. The answer is validated strictly,
retried once with the errors fed back, and turned into a :class:`~routix.brief.models.Brief`
with ``planner`` set to the provider that answered. When the provider is unavailable, the
answer is still invalid, or today's budget is used up, the offline planner answers instead and
the recorder says so. A safety refusal raises ContentBlocked (never silently replaced).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from routix.brief.models import CATEGORIES, MOODS, STYLES, Brief, Planner
from routix.brief.offline import MAX_PROMPT_CHARS, MAX_TITLE_CHARS
from routix.design.models import HexColor
from routix.providers.budget import BudgetGuard
from routix.providers.errors import BudgetExceeded, ProviderUnavailable, display
from routix.providers.resilience import CallFailed
from routix.providers.structured import InvalidAnswer, JsonModel, LLMPort, ask
from routix.providers.usage import UsageRecorder


class BriefAnswer(BaseModel):
    """What the LLM fills in; every field is a :class:`Brief` field of the same name."""

    model_config = ConfigDict(extra="forbid")

    category: Literal[CATEGORIES] = Field(description="the channel genre of the video")  # type: ignore[valid-type]
    mood: Literal[MOODS] = Field(description="the feeling the thumbnail should give")  # type: ignore[valid-type]
    energy: int = Field(ge=1, le=10, description="1 calm .. 10 explosive")
    style: Literal[STYLES] = Field(description="visual style")  # type: ignore[valid-type]
    visual_elements: list[str] = Field(max_length=5, description="things to show, e.g. explosions, neon, money")
    title: str | None = Field(
        max_length=MAX_TITLE_CHARS, description="title text the request quotes or names, else null"
    )
    color_hints: list[HexColor] = Field(max_length=5, description="#RRGGBB colours the request names or implies")
    format: Literal["youtube", "podcast"] = Field(description="podcast for square podcast covers, else youtube")


SYSTEM = """You plan YouTube thumbnails. Read the creator's request and answer one JSON object.
- category, mood and style: pick the closest allowed value.
- energy: 1 (calm, quiet) to 10 (explosive, loud).
- visual_elements: up to 5 short nouns for things worth showing (e.g. "explosions", "neon", "money").
- title: the exact title text if the request quotes one or says "title: ...", else null. Never invent one.
- color_hints: up to 5 #RRGGBB colours the request names or clearly implies, strongest first.
- format: "podcast" only for a square podcast cover, else "youtube".
Answer with the JSON object only."""

#: Tokens a planning call typically uses (system + request in, answer out), for budget checks.
TYPICAL_INPUT_TOKENS, TYPICAL_OUTPUT_TOKENS = 700, 300


class LLMPlanner(LLMPort):
    """Planner port over a :class:`~routix.providers.structured.JsonModel` with an offline fallback.

    ``name`` is the provider ("gemini", "openai"); ``estimate_usd`` is checked against the
    budget before the first call.
    """

    def __init__(self, llm: JsonModel, *, fallback: Planner, recorder: UsageRecorder, budget: BudgetGuard,
                 user_id: str | None, estimate_usd: float) -> None:
        super().__init__(llm, recorder=recorder, budget=budget, user_id=user_id, estimate_usd=estimate_usd)
        self.fallback = fallback

    def analyze(self, prompt: str, *, title: str | None = None) -> Brief:
        """Brief for ``prompt``; an explicit ``title`` wins over one the model found.

        Bad input (blank or too long prompt or title) goes to the offline planner, which raises
        InvalidInput, so no paid call is made for it. Raises ContentBlocked on a safety refusal.
        """
        explicit = title.strip() if isinstance(title, str) else None
        text = prompt.strip() if isinstance(prompt, str) else ""
        if not text or len(text) > MAX_PROMPT_CHARS or (explicit and len(explicit) > MAX_TITLE_CHARS):
            return self.fallback.analyze(prompt, title=title)
        try:
            self.budget.check(self.user_id, self.estimate_usd)
            answer = ask(self.llm, SYSTEM, text, BriefAnswer, name="brief")
        except BudgetExceeded:
            return self._offline(text, title, "the daily AI budget is used up")
        except (CallFailed, ProviderUnavailable, InvalidAnswer) as exc:
            return self._offline(text, title, f"{display(self.name)} {exc.reason}")
        fields = answer.model_dump()
        fields["title"] = explicit or (fields["title"] or "").strip() or None
        brief = Brief(prompt=text, **fields, planner=self.name)
        self.recorder.answered(self.name)
        return brief

    def _offline(self, prompt: str, title: str | None, why: str) -> Brief:
        brief = self.fallback.analyze(prompt, title=title)
        self.recorder.answered(brief.planner)
        self.recorder.fallback(f"planned by {display(brief.planner)} because {why}")
        return brief
