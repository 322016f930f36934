"""Request and response models of the history (search, rename)."""

from __future__ import annotations

from pydantic import Field

from routix.api.schemas import RequestModel
from routix.generations.schemas import GenerationOut
from routix.kit.pagination import PageOut


class HistoryItemOut(GenerationOut):
    """A generation as the history lists it: the generation, its name and whether it is published."""

    name: str = Field(description="the name (a rename), else the title, else the start of the prompt")
    published: bool


class HistoryOut(PageOut):
    sort: str
    items: list[HistoryItemOut]


class RenameBody(RequestModel):
    name: str | None = Field(min_length=1, max_length=200, description="null: back to the title or prompt")
