"""History routes: search your generations; rename and delete one.

=========================================  ===================================================
``GET /api/v1/history``                    search and filter your generations (cursor pages)
``PATCH /api/v1/generation/{id}``          rename (``{"name": ...}``)
``DELETE /api/v1/generation/{id}``         delete it and release its files (204)
=========================================  ===================================================

Someone else's generation answers 404.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.errors import InvalidInput
from routix.history import repository, service
from routix.history.repository import KEYSETS, HistoryFilters
from routix.history.schemas import HistoryItemOut, HistoryOut, RenameBody
from routix.history.views import history_view
from routix.kit.pagination import DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT, MAX_OFFSET, PageRequest

router = APIRouter(tags=["history"])

_Text = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("/api/v1/history", response_model=HistoryOut)
def history(
    request: Request, user: UserDep, session: SessionDep, services: ServicesDep,
    q: Annotated[str | None, Query(max_length=200, description="words of the prompt, title or name")] = None,
    status: _Text = None, category: _Text = None, algorithm: _Text = None, style: _Text = None,
    created_from: datetime | None = None, created_to: datetime | None = None,
    has_video: bool | None = None, published: bool | None = None,
    sort: Literal["newest", "oldest"] = "newest",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=MAX_CURSOR_CHARS, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip; not with a cursor")] = 0,
) -> dict[str, Any]:
    """Your generations matching every filter given: ``q`` (full text over prompt, title and
    name; each word a prefix), ``status``, ``category``, ``algorithm``, ``style``,
    ``created_from`` (inclusive) and ``created_to`` (exclusive; ISO 8601, UTC without an
    offset), ``has_video``, ``published``; ``sort`` newest or oldest first."""
    if cursor and offset:
        raise InvalidInput("page with either cursor or offset, not both")
    if cursor:
        KEYSETS[sort].decode(cursor)  # a cursor of another sort answers 422
    filters = HistoryFilters(q=q, status=status, category=category, algorithm=algorithm, style=style,
                             created_from=_utc(created_from), created_to=_utc(created_to), has_video=has_video,
                             published=published)
    found = service.search(session, user, filters, sort, PageRequest(limit=limit, cursor=cursor, offset=offset))
    public = repository.published_ids(session, [row.id for row in found.items])
    items = [history_view(row, services, row.id in public) for row in found.items]
    return {"items": items, "sort": sort, **found.fields()}


def _utc(value: datetime | None) -> datetime | None:
    """``value`` in UTC (naive values are UTC); InvalidInput for a time that has no UTC value
    (a date at the edge of the calendar with an offset that takes it past the edge)."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput("created_from / created_to is outside the calendar") from None


@router.patch("/api/v1/generation/{generation_id}", response_model=HistoryItemOut,
              responses=responses({404: "no such generation (or not yours)"}))
def rename(generation_id: uuid.UUID, body: RenameBody, user: UserDep, session: SessionDep,
           services: ServicesDep) -> dict[str, Any]:
    """Rename the generation (the name the history and its public page show)."""
    row = service.rename(session, services, user, generation_id, body.name)
    return history_view(row, services, bool(repository.published_ids(session, [row.id])))


@router.delete("/api/v1/generation/{generation_id}", status_code=204,
               responses=responses({404: "no such generation (or not yours)",
                                   409: "still running (`generation_running`)"}))
def delete(generation_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> Response:
    """Delete the generation and its files (its videos and publication too; the credit ledger
    and child versions stay)."""
    service.delete(session, services, user, generation_id)
    return Response(status_code=204)
