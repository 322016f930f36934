"""Small row helpers shared by the domain repositories."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import QueryableAttribute, Session

from routix.errors import NotFound

Row = TypeVar("Row")
Key = TypeVar("Key")


def get_or_404(session: Session, model: type[Row], row_id: uuid.UUID | str, label: str) -> Row:
    """The ``model`` row with primary key ``row_id``; NotFound ("<label> not found") for an
    unknown or malformed id."""
    try:
        key = row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(str(row_id))
    except ValueError:
        raise NotFound(f"{label} not found") from None
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"{label} not found")
    return row


def count_by(session: Session, column: QueryableAttribute[Any], values: Sequence[Key]) -> dict[Key, int]:
    """``{value: number of rows whose column equals it}`` for ``values`` (a value without rows
    is absent), e.g. ``count_by(session, GenerationRequest.user_id, ids)``."""
    if not values:
        return {}
    found = session.execute(select(column, func.count()).where(column.in_(values)).group_by(column)).all()
    return {value: int(count) for value, count in found}


def escape_like(text: str) -> str:
    """``text`` with LIKE wildcards escaped (use with ``escape="\\"``): ``%`` and ``_`` match
    themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["count_by", "escape_like", "get_or_404"]
