"""Request and response models of boards."""

from __future__ import annotations

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.history.schemas import HistoryItemOut
from routix.kit.pagination import PageOut


class BoardBody(RequestModel):
    name: str = Field(min_length=1, max_length=100)


class BoardOut(ResponseModel):
    id: str
    name: str
    item_count: int
    created_at: str | None


class BoardListOut(PageOut):
    items: list[BoardOut]


class BoardItemsOut(PageOut):
    items: list[HistoryItemOut]
