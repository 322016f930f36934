"""Keyset ("cursor") pagination: the one way every list endpoint pages.

A list is ordered by a :class:`Keyset`, a tuple of columns each ascending or descending whose
last one is the primary key, so the order is total (``created_at`` descending, then ``id``).
A request carries a :class:`PageRequest`; the repository answers a :class:`Page`, which the
router turns into the list's JSON: its items plus ``total``, ``limit``, ``offset`` and
``next_cursor``.

- ``limit``: rows per page, 1..:data:`MAX_LIMIT` (100), default :data:`DEFAULT_LIMIT` (20).
- ``cursor``: the ``next_cursor`` of the previous page, opaque to clients. It is the base64url
  (unpadded) JSON ``{"k": <list name>, "v": [the last row's sort key]}``; the next page holds
  the rows strictly after that key in the list's order, so a row inserted or deleted meanwhile
  never makes another row show twice or be skipped (a row whose sort key itself changes, a
  conversation with a new message, moves within the order). The cursor is not signed: it only
  positions a page within the caller's own, already filtered rows.
- ``next_cursor``: null on the last page.
- ``offset``: rows to skip, 0..:data:`MAX_OFFSET` (10 000), for page-numbered screens; it cannot
  be combined with a cursor. Past the bound, page with the cursor.

Every parameter is validated before the route runs (:func:`pagination`, a FastAPI dependency
per list): a limit or offset out of range, a cursor that is not base64url JSON, that names
another list or whose values do not fit the list's key columns answers a 422 ``invalid_input``
problem (``loc`` ``["query", "cursor"]``), never a server error.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    Integer,
    Select,
    String,
    TypeDecorator,
    Uuid,
    and_,
    func,
    literal,
    or_,
)
from sqlalchemy import select as sql_select
from sqlalchemy.orm import InstrumentedAttribute, Session

from routix.api.schemas import ResponseModel
from routix.errors import InvalidInput

#: the largest page
MAX_LIMIT = 100
#: rows per page when the request does not say
DEFAULT_LIMIT = 20
#: the deepest ``offset`` accepted (page further with the cursor)
MAX_OFFSET = 10_000
#: the longest cursor accepted, in characters
MAX_CURSOR_CHARS = 512
#: integers in a cursor stay within a 32-bit column's range
_INT_BOUND = 2**31
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"

Row = TypeVar("Row")
Other = TypeVar("Other")
Kind = Literal["datetime", "uuid", "bool", "int", "str"]


class InvalidCursor(InvalidInput):
    """A cursor this list did not hand out (malformed, of another list, or with values that do
    not fit its key columns)."""

    code = "invalid_cursor"


def _kind_of(column: InstrumentedAttribute[Any]) -> Kind:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Uuid):
        return "uuid"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, String):
        return "str"
    raise TypeError(f"column {column.key} of type {kind} cannot be a sort key")


def _dump(kind: Kind, value: Any) -> Any:
    if value is None:
        raise ValueError("a sort key column is null")
    if kind == "datetime":
        return value.isoformat()
    if kind == "uuid":
        return str(value)
    return value


def _load(kind: Kind, value: Any) -> Any:
    """The Python value of one cursor entry; ValueError when it does not fit ``kind``."""
    if kind == "datetime" and isinstance(value, str):
        stamp = datetime.fromisoformat(value)
        if stamp.tzinfo is None:
            raise ValueError("a time without a UTC offset")
        return stamp.astimezone(UTC)
    if kind == "uuid" and isinstance(value, str):
        return uuid.UUID(value)
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool) and -_INT_BOUND <= value < _INT_BOUND:
        return value
    if kind == "str" and isinstance(value, str) and len(value) <= MAX_CURSOR_CHARS:
        return value
    raise ValueError(f"not a {kind}")


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order: ``descending`` or ascending."""

    column: InstrumentedAttribute[Any]
    descending: bool = False


class Keyset:
    """A list's total order and its cursors: ``Keyset("generations", SortKey(G.created_at,
    True), SortKey(G.id, True))``. The last key must be unique (the primary key); key columns
    are datetime, uuid, bool, int or str and never null.
    """

    def __init__(self, name: str, *keys: SortKey) -> None:
        if not keys:
            raise ValueError("a keyset needs at least one column")
        self.name = name
        self.keys = keys
        self.kinds = tuple(_kind_of(key.column) for key in keys)

    def order_by(self) -> list[ColumnElement[Any]]:
        """The ORDER BY clauses of the list's order."""
        return [key.column.desc() if key.descending else key.column.asc() for key in self.keys]

    def values_of(self, row: object) -> tuple[Any, ...]:
        """The sort key of ``row`` (a mapped object of the listed model)."""
        return tuple(getattr(row, key.column.key) for key in self.keys)

    def cursor_for(self, row: object) -> str:
        """The opaque cursor pointing just after ``row``."""
        values = [_dump(kind, value) for kind, value in zip(self.kinds, self.values_of(row), strict=True)]
        data = json.dumps({"k": self.name, "v": values}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[Any, ...]:
        """The sort key inside ``cursor``; raises InvalidCursor (422) for anything this list
        did not hand out."""
        try:
            if len(cursor) > MAX_CURSOR_CHARS:
                raise ValueError("too long")
            data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if not isinstance(data, dict) or data.get("k") != self.name:
                raise ValueError("not a cursor of this list")
            values = data.get("v")
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("wrong number of values")
            return tuple(_load(kind, value) for kind, value in zip(self.kinds, values, strict=True))
        except (ValueError, TypeError, OverflowError, RecursionError):  # binascii, JSON, Unicode errors: ValueError
            raise InvalidCursor("cursor is not one this list handed out; start again without it") from None

    def after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """The WHERE condition of the rows strictly after the sort key ``values`` in this order:
        ``k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...`` (``<`` for descending keys)."""
        bound = [literal(value, key.column.type) for key, value in zip(self.keys, values, strict=True)]
        branches = []
        for i, key in enumerate(self.keys):
            beyond = key.column < bound[i] if key.descending else key.column > bound[i]
            branches.append(and_(*(k.column == v for k, v in zip(self.keys[:i], bound[:i], strict=True)), beyond))
        return or_(*branches)


class PageRequest(BaseModel):
    """Which page of a list: ``limit`` rows after ``cursor`` (a ``next_cursor``), or after
    skipping ``offset`` rows; not both."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    cursor: str | None = Field(default=None, min_length=1, max_length=MAX_CURSOR_CHARS, pattern=CURSOR_PATTERN)

    @model_validator(mode="after")
    def _one_way(self) -> PageRequest:
        if self.cursor is not None and self.offset:
            raise ValueError("page with either cursor or offset, not both")
        return self


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a list: its rows, how many rows the whole (filtered) list has, the request's
    ``limit``/``offset`` and the cursor of the next page (None on the last one)."""

    items: list[Row]
    total: int
    limit: int
    offset: int
    next_cursor: str | None

    def with_items(self, items: list[Other]) -> Page[Other]:
        """The same page holding ``items`` instead (e.g. the views of its rows)."""
        return Page(items=items, total=self.total, limit=self.limit, offset=self.offset, next_cursor=self.next_cursor)

    def fields(self) -> dict[str, Any]:
        """``{total, limit, offset, next_cursor}``: the paging fields of a list answer."""
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "next_cursor": self.next_cursor}


class PageOut(ResponseModel):
    """The paging fields every list answer carries besides its items."""

    total: int = Field(description="rows in the whole list (with its filters)")
    limit: int
    offset: int
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last page")


def paginate(session: Session, query: Select[Row], keyset: Keyset, page: PageRequest) -> Page[Row]:
    """Run ``query`` (a ``select(Model)`` with its filters, no ORDER BY) for one page in
    ``keyset`` order; ``total`` counts every row of ``query``. Raises InvalidCursor (422) for a
    cursor of another list."""
    total = session.scalar(sql_select(func.count()).select_from(query.subquery())) or 0
    if page.cursor is not None:
        query = query.where(keyset.after(keyset.decode(page.cursor)))
    query = query.order_by(*keyset.order_by())
    if page.offset:
        query = query.offset(page.offset)
    rows = list(session.scalars(query.limit(page.limit + 1)))
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    next_cursor = keyset.cursor_for(rows[-1]) if more else None
    return Page(items=rows, total=int(total), limit=page.limit, offset=page.offset, next_cursor=next_cursor)


def _invalid(errors: list[dict[str, Any]]) -> RequestValidationError:
    return RequestValidationError([{**error, "loc": ("query", *error.get("loc", ()))} for error in errors])


def pagination(keyset: Keyset) -> Callable[..., PageRequest]:
    """The FastAPI dependency that reads ``limit``, ``offset`` and ``cursor`` of a list in
    ``keyset`` order into a :class:`PageRequest`; every problem is a 422 ``invalid_input``."""

    def page_request(
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET,
                            description="rows to skip (page-numbered screens); not with `cursor`"),
        cursor: str | None = Query(None, min_length=1, max_length=MAX_CURSOR_CHARS, pattern=CURSOR_PATTERN,
                                   description="the `next_cursor` of the previous page"),
    ) -> PageRequest:
        if cursor is not None and offset:
            raise _invalid([{"loc": ("offset",), "msg": "page with either cursor or offset, not both",
                             "type": "value_error"}])
        try:
            page = PageRequest(limit=limit, offset=offset, cursor=cursor)
        except ValidationError as exc:
            raise _invalid([dict(error) for error in exc.errors()]) from None
        if cursor is not None:
            try:
                keyset.decode(cursor)
            except InvalidCursor as exc:
                raise _invalid([{"loc": ("cursor",), "msg": exc.message, "type": "value_error"}]) from None
        return page

    page_request.__name__ = f"{keyset.name}_page"
    return page_request


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "MAX_OFFSET", "InvalidCursor", "Keyset", "Page", "PageOut", "PageRequest",
           "SortKey", "paginate", "pagination"]
