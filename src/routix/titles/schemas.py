"""Request and response models of the title API."""

from __future__ import annotations

import uuid

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.brief.suggest import RefineMode
from routix.brief.title import MAX_TITLE_CHARS
from routix.generations.params import MAX_PROMPT


class SuggestBody(RequestModel):
    """What the thumbnail is about; ``version_id`` checks the titles against that version's
    title box (default: a typical left-hand title box)."""

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT)
    version_id: uuid.UUID | None = None
    count: int = Field(default=5, ge=3, le=8)
    algorithm: str | None = Field(default=None, min_length=1, max_length=100,
                                  description="an algorithm with a language model suggests with it when configured")


class RefineBody(RequestModel):
    """A title and how to rewrite it: ``shorter``, ``punchier`` or a case rule (``upper``,
    ``title``, ``sentence``)."""

    title: str = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    mode: RefineMode
    version_id: uuid.UUID | None = None


class TitleOut(ResponseModel):
    text: str
    feed_letter_px: float = Field(description="letter height at 168x94 in the title box (px); 7 reads well")
    fits: bool = Field(description="feed_letter_px >= 7")


class SuggestionsOut(ResponseModel):
    suggestions: list[TitleOut]
    source: str = Field(description="offline, or the provider whose model suggested them")
