"""The credits ledger's queries: balances, ledger entries and the atomic balance move.

Every statement runs in the caller's session and transaction; nothing here commits. The two
writes that concurrent requests race on are single statements, so the database serialises them:
:func:`add_to_balance` (``UPDATE users SET credits = credits + :amount [WHERE credits + :amount
>= 0] RETURNING credits``) and :func:`insert_entry_once` (``INSERT ... ON CONFLICT (dedupe_key)
DO NOTHING RETURNING id``).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import Algorithm, CreditTransaction, User

#: The mapped tables, typed as tables for Core statements (``__table__`` is declared a FromClause).
_USERS = cast(Table, User.__table__)
_LEDGER = cast(Table, CreditTransaction.__table__)
#: The ledger's order: newest first (ties: newest id first).
LEDGER = Keyset("ledger", SortKey(CreditTransaction.created_at, descending=True),
                SortKey(CreditTransaction.id, descending=True))


def get_balance(session: Session, user_id: uuid.UUID) -> int | None:
    """``users.credits`` of ``user_id`` as stored now (not a loaded object's copy); None for an
    unknown user."""
    credits = session.scalar(select(User.credits).where(User.id == user_id))
    return None if credits is None else int(credits)


def add_to_balance(session: Session, user_id: uuid.UUID, amount: int, *, need_funds: bool = False) -> int | None:
    """Add ``amount`` credits (negative: take) to ``user_id``'s balance in ONE atomic statement
    (a row lock on PostgreSQL, the write lock on SQLite) and return the new balance.

    ``need_funds``: the statement only matches while ``credits + amount >= 0``. Returns None
    when no row matched (an unknown user, or not enough credits with ``need_funds``). A ``User``
    already loaded in ``session`` (e.g. the request's current user) is kept in step.
    """
    statement = update(_USERS).where(_USERS.c.id == user_id).values(credits=_USERS.c.credits + amount)
    if need_funds:
        statement = statement.where(_USERS.c.credits + amount >= 0)
    balance = session.execute(statement.returning(_USERS.c.credits)).scalar_one_or_none()
    if balance is None:
        return None
    _sync_loaded_user(session, user_id, int(balance))
    return int(balance)


def _sync_loaded_user(session: Session, user_id: uuid.UUID, balance: int) -> None:
    """Set ``credits`` of a ``User`` already in ``session``'s identity map without a write."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, User) and obj.id == user_id:
            set_committed_value(obj, "credits", balance)


def key_exists(session: Session, dedupe_key: str) -> bool:
    """True when a ledger entry with ``dedupe_key`` exists."""
    return session.scalar(select(CreditTransaction.id).where(CreditTransaction.dedupe_key == dedupe_key)) is not None


def get_entry_by_key(session: Session, dedupe_key: str) -> CreditTransaction | None:
    """The ledger entry with ``dedupe_key`` (e.g. ``reserve:<generation id>``), or None."""
    return session.scalar(select(CreditTransaction).where(CreditTransaction.dedupe_key == dedupe_key))


def get_entry(session: Session, entry_id: uuid.UUID) -> CreditTransaction:
    """The ledger entry ``entry_id`` (just written by this session). Raises
    ``sqlalchemy.exc.NoResultFound`` when there is none."""
    return session.get_one(CreditTransaction, entry_id)


def insert_entry(session: Session, values: dict[str, Any]) -> None:
    """``INSERT`` one ledger entry (``values``: column -> value, including ``id``)."""
    session.execute(insert(_LEDGER).values(**values))


def insert_entry_once(session: Session, values: dict[str, Any]) -> bool:
    """``INSERT ... ON CONFLICT (dedupe_key) DO NOTHING`` of one keyed ledger entry; True when
    the row was written, False when an entry with its ``dedupe_key`` exists (a concurrent
    writer won). Raises NotImplementedError on a database other than PostgreSQL or SQLite."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg_statement = postgresql.insert(_LEDGER).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
        written = session.execute(pg_statement.returning(_LEDGER.c.id))
    elif dialect == "sqlite":
        lite_statement = sqlite.insert(_LEDGER).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
        written = session.execute(lite_statement.returning(_LEDGER.c.id))
    else:  # pragma: no cover - Routix runs on SQLite and PostgreSQL
        raise NotImplementedError(f"the credits ledger does not support {dialect}")
    return written.scalar_one_or_none() is not None


def list_entries(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[CreditTransaction]:
    """One page of ``user_id``'s ledger entries in :data:`LEDGER` order (newest first, ties:
    newest id first) and how many there are in all. Raises InvalidCursor (422) for a cursor of
    another list."""
    return paginate(session, select(CreditTransaction).where(CreditTransaction.user_id == user_id), LEDGER, page)


def algorithm_credit_cost(session: Session, name: str) -> int | None:
    """``credit_cost`` of the algorithm named ``name``; None when there is no such algorithm."""
    cost = session.scalar(select(Algorithm.credit_cost).where(Algorithm.name == name))
    return None if cost is None else int(cost)


__all__ = [
    "add_to_balance", "algorithm_credit_cost", "get_balance", "get_entry", "get_entry_by_key", "insert_entry",
    "insert_entry_once", "key_exists", "list_entries",
]
