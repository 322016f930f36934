"""``GET /api/v1/discover``: public items, newest, most liked or trending, with filters.

No login needed; with one, each item says whether you like it. Paged by cursor (keyset,
stable while items are published) with ``limit`` 1-100; a cursor of another sort answers 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from routix.api.deps import ServicesDep, SessionDep
from routix.discover import service
from routix.discover.repository import KEYSETS, DiscoverFilters
from routix.discover.schemas import DiscoverOut
from routix.kit.pagination import DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT, PageRequest
from routix.sharing.router import MaybeUser

router = APIRouter(prefix="/api/v1/discover", tags=["discover"])

_Text = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("", response_model=DiscoverOut)
def discover(
    request: Request, session: SessionDep, services: ServicesDep, viewer: MaybeUser,
    sort: Literal["recent", "popular", "trending"] = "recent",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=MAX_CURSOR_CHARS, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    category: _Text = None, algorithm: _Text = None, style: _Text = None, has_video: bool | None = None,
) -> dict[str, Any]:
    """Public items: ``recent`` (newest first), ``popular`` (most likes) or ``trending`` (a
    time-decayed score of likes and views; docs/sharing.md). Filters: ``category``,
    ``algorithm``, ``style`` (exact), ``has_video``."""
    if cursor:
        KEYSETS[sort].decode(cursor)  # a cursor of another sort answers 422 before the cache is asked
    page = PageRequest(limit=limit, cursor=cursor)
    filters = DiscoverFilters(category=category, algorithm=algorithm, style=style, has_video=has_video)
    return service.discover(session, services, sort, filters, page, viewer, request)
