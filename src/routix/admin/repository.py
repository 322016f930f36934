"""The admin domain's queries: searching users, their generation counts, and the rows behind
the analytics dashboard.

Every function runs in the caller's session; nothing here commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.kit.rows import count_by, escape_like, get_or_404
from routix.store.models import CreditTransaction, GenerationRequest, User

#: The users list's order: newest account first (ties: newest id first).
USERS = Keyset("users", SortKey(User.created_at, descending=True), SortKey(User.id, descending=True))


@dataclass(frozen=True)
class UserFilter:
    """``q``: case-insensitive substring of email or username; ``plan``: subscription tier;
    ``is_active``/``is_admin``: exact flags. All optional, combined with AND."""

    q: str | None = None
    plan: str | None = None
    is_active: bool | None = None
    is_admin: bool | None = None


def _conditions(f: UserFilter) -> list[Any]:
    out: list[Any] = []
    if f.q and f.q.strip():
        pattern = f"%{escape_like(f.q.strip().lower())}%"
        out.append(or_(func.lower(User.email).like(pattern, escape="\\"),
                       func.lower(User.username).like(pattern, escape="\\")))
    if f.plan:
        out.append(User.subscription_tier == f.plan)
    if f.is_active is not None:
        out.append(User.is_active.is_(f.is_active))
    if f.is_admin is not None:
        out.append(User.is_admin.is_(f.is_admin))
    return out


def search_users(session: Session, filters: UserFilter, page: PageRequest) -> Page[User]:
    """One page of the users matching ``filters`` in :data:`USERS` order (newest account first,
    ties: newest id first) and how many match in all. Raises InvalidCursor (422) for a cursor
    of another list."""
    return paginate(session, select(User).where(*_conditions(filters)), USERS, page)


def get_user(session: Session, user_id: uuid.UUID | str) -> User:
    """The user ``user_id``; NotFound ("user not found") otherwise, also for a malformed id."""
    return get_or_404(session, User, user_id, "user")


def generation_counts(session: Session, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """``{user id: number of generations}`` for ``user_ids`` (an id without generations is absent)."""
    return count_by(session, GenerationRequest.user_id, user_ids)


# analytics ------------------------------------------------------------------------------------

def generations_in_window(session: Session, start: datetime, end: datetime
                          ) -> list[tuple[datetime, str, str, float | None]]:
    """``(created_at, status, algorithm, processing_time)`` of every generation created in
    ``start <= created_at < end`` (processing time in seconds, None when unfinished)."""
    G = GenerationRequest
    rows = session.execute(
        select(G.created_at, G.status, G.algorithm, G.processing_time).where(G.created_at >= start, G.created_at < end)
    ).all()
    return [(created_at, status, algorithm, seconds) for created_at, status, algorithm, seconds in rows]


def ledger_sum_by_algorithm(session: Session, start: datetime, end: datetime,
                            transaction_types: Iterable[str]) -> dict[str, int]:
    """``{algorithm: sum of ledger amounts}`` (credits; spending is negative) of the
    ``transaction_types`` entries of the generations created in ``start <= created_at < end``
    (an algorithm without such entries is absent)."""
    G = GenerationRequest
    sums = session.execute(
        select(G.algorithm, func.coalesce(func.sum(CreditTransaction.amount), 0))
        .join(G, CreditTransaction.generation_request_id == G.id)
        .where(G.created_at >= start, G.created_at < end,
               CreditTransaction.transaction_type.in_(list(transaction_types)))
        .group_by(G.algorithm)
    ).all()
    return {name: int(total or 0) for name, total in sums}


def usage_in_window(session: Session, start: datetime, end: datetime) -> list[tuple[str, dict[str, Any] | None]]:
    """``(algorithm, usage)`` of every generation created in ``start <= created_at < end`` that
    recorded usage (``usage``: :meth:`routix.providers.usage.UsageRecorder.to_dict`)."""
    G = GenerationRequest
    rows = session.execute(
        select(G.algorithm, G.usage).where(G.created_at >= start, G.created_at < end, G.usage.is_not(None))
    ).all()
    return [(algorithm, usage) for algorithm, usage in rows]


__all__ = ["UserFilter", "generation_counts", "generations_in_window", "get_user", "ledger_sum_by_algorithm",
           "search_users", "usage_in_window"]
