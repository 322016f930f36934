"""The discover feed's query: public publications in one of three orders, with filters.

Each order is a keyset whose columns match an index of ``publications`` (migration 0007), so
a page is one index range scan on both databases:

- ``recent``: ``published_at`` descending, then ``id`` (``ix_publications_recent``);
- ``popular``: ``like_count`` descending, then ``published_at``, ``id`` (``ix_publications_popular``);
- ``trending``: ``trend_score`` descending, then ``id`` (``ix_publications_trending``; the
  score is :func:`routix.sharing.trend.trend_score`).

Only rows with ``is_public`` (published and not hidden) are ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, PageRequest, SortKey
from routix.store.models import GenerationRequest, Publication

P = Publication
Sort = Literal["recent", "popular", "trending"]

#: sort name -> its keyset (each cursor names its list, so a cursor of one sort is refused by another)
KEYSETS: dict[str, Keyset] = {
    "recent": Keyset("discover_recent", SortKey(P.published_at, True), SortKey(P.id, True)),
    "popular": Keyset("discover_popular", SortKey(P.like_count, True), SortKey(P.published_at, True),
                      SortKey(P.id, True)),
    "trending": Keyset("discover_trending", SortKey(P.trend_score, True), SortKey(P.id, True)),
}


@dataclass(frozen=True)
class DiscoverFilters:
    """Optional filters: exact ``category``, ``algorithm`` and ``style``; ``has_video``."""

    category: str | None = None
    algorithm: str | None = None
    style: str | None = None
    has_video: bool | None = None


def _conditions(filters: DiscoverFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions of public items matching ``filters``."""
    conditions: list[ColumnElement[bool]] = [P.is_public.is_(True)]
    if filters.category:
        conditions.append(P.category == filters.category)
    if filters.algorithm:
        conditions.append(P.algorithm == filters.algorithm)
    if filters.style:
        conditions.append(P.style == filters.style)
    if filters.has_video is not None:
        conditions.append(P.has_video.is_(filters.has_video))
    return conditions


@dataclass(frozen=True)
class Item:
    """One public item of a page and the remix settings of its version."""

    publication: Publication
    prompt: str
    title: str | None
    algorithm: str


def public_page(session: Session, sort: str, filters: DiscoverFilters,
                page: PageRequest) -> tuple[list[Item], str | None]:
    """One page of public items in ``sort`` order with ``filters`` (one query: the page's
    rows joined with their versions' remix settings) and the next page's cursor (None on the
    last page). No total: see :func:`count_public`. Raises InvalidCursor (422) for a cursor of
    another sort."""
    keyset = KEYSETS[sort]
    G = GenerationRequest
    query = (select(P, G.prompt, G.custom_text, G.algorithm).join(G, G.id == P.generation_id)
             .where(*_conditions(filters)))
    if page.cursor is not None:
        query = query.where(keyset.after(keyset.decode(page.cursor)))
    query = query.order_by(*keyset.order_by())
    if page.offset:
        query = query.offset(page.offset)
    rows = session.execute(query.limit(page.limit + 1)).all()
    items = [Item(row[0], row[1], row[2], row[3]) for row in rows[:page.limit]]
    more = len(rows) > page.limit
    return items, keyset.cursor_for(items[-1].publication) if more and items else None


def count_public(session: Session, filters: DiscoverFilters) -> int:
    """How many public items match ``filters``."""
    return int(session.scalar(select(func.count()).select_from(P).where(*_conditions(filters))) or 0)
