"""The Brief: what a request asks for, as structured intent."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from routix.design.models import HexColor

CATEGORIES: tuple[str, ...] = (
    "gaming", "tech", "vlog", "tutorial", "reaction", "podcast", "finance", "fitness",
    "travel", "food", "education", "news", "music", "beauty", "horror", "science", "wellness",
)
MOODS: tuple[str, ...] = (
    "energetic", "dramatic", "playful", "calm", "serious", "mysterious", "inspiring", "cozy",
)
STYLES: tuple[str, ...] = ("bold", "neon", "cinematic", "minimal", "retro", "clean", "comic", "luxury")


class Brief(BaseModel):
    """Structured intent of one request.

    ``energy`` is 1 (calm, quiet) .. 10 (explosive). ``color_hints`` are sRGB hex colours the
    request named or implied, strongest first. ``scores`` holds the planner's per-category
    similarity (cosine, -1..1) for transparency.
    """

    model_config = ConfigDict(extra="forbid")

    prompt: str
    category: str = Field(description="one of CATEGORIES")
    mood: str = Field(description="one of MOODS")
    energy: int = Field(ge=1, le=10)
    style: str = Field(description="one of STYLES")
    visual_elements: list[str] = Field(default_factory=list, description="e.g. explosions, fire, neon, money")
    title: str | None = Field(default=None, description="title text if the prompt carries one")
    color_hints: list[HexColor] = Field(default_factory=list)
    format: Literal["youtube", "podcast"] = "youtube"
    scores: dict[str, float] = Field(default_factory=dict)
    planner: str = "offline"


class Planner(Protocol):
    """Port: prompt -> Brief. The offline planner is the default; LLM planners plug in later."""

    name: str

    def analyze(self, prompt: str, *, title: str | None = None) -> Brief: ...
