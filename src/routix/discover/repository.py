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

from sqlalchemy import select
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
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


def public_page(session: Session, sort: str, filters: DiscoverFilters, page: PageRequest) -> Page[Publication]:
    """One page of public items in ``sort`` order with ``filters``. Raises InvalidCursor (422)
    for a cursor of another sort."""
    query = select(P).where(P.is_public.is_(True))
    if filters.category:
        query = query.where(P.category == filters.category)
    if filters.algorithm:
        query = query.where(P.algorithm == filters.algorithm)
    if filters.style:
        query = query.where(P.style == filters.style)
    if filters.has_video is not None:
        query = query.where(P.has_video.is_(filters.has_video))
    return paginate(session, query, KEYSETS[sort], page)


def remix_settings(session: Session, generation_ids: list) -> dict:
    """``{generation id: (prompt, title, algorithm)}`` of the versions behind a page of items."""
    if not generation_ids:
        return {}
    G = GenerationRequest
    rows = session.execute(select(G.id, G.prompt, G.custom_text, G.algorithm).where(G.id.in_(generation_ids)))
    return {row.id: (row.prompt, row.custom_text, row.algorithm) for row in rows}
