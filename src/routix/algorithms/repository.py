"""The generation algorithms' queries (table ``generation_algorithms``): listing, look-ups by
id or name, usage counts, and the single-default rule's update.

Every function runs in the caller's session; nothing here commits.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from routix.kit.rows import count_by, get_or_404
from routix.store.models import Algorithm, GenerationRequest


def list_algorithms(session: Session) -> list[Algorithm]:
    """Every algorithm (active or not): the default first, then by credit cost and name."""
    return list(session.scalars(
        select(Algorithm).order_by(Algorithm.is_default.desc(), Algorithm.credit_cost, Algorithm.name)
    ).all())


def get_algorithm(session: Session, algorithm_id: uuid.UUID | str) -> Algorithm:
    """The algorithm ``algorithm_id``; NotFound ("algorithm not found") otherwise, also for a
    malformed id."""
    return get_or_404(session, Algorithm, algorithm_id, "algorithm")


def get_algorithm_by_name(session: Session, name: str) -> Algorithm | None:
    """The algorithm named ``name`` (active or not), or None."""
    return session.scalars(select(Algorithm).where(Algorithm.name == name)).first()


def name_taken(session: Session, name: str) -> bool:
    """True when an algorithm named ``name`` exists."""
    return bool(session.scalar(select(Algorithm.id).where(Algorithm.name == name)))


def usage_counts(session: Session, algorithm_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """``{algorithm id: number of generations that used it}`` (an unused id is absent)."""
    return count_by(session, GenerationRequest.algorithm_id, algorithm_ids)


def add_algorithm(session: Session, row: Algorithm) -> Algorithm:
    """Add ``row`` (flushed by the caller's next flush) and return it."""
    session.add(row)
    return row


def clear_other_defaults(session: Session, keep: Algorithm) -> None:
    """``UPDATE``: every default algorithm but ``keep`` stops being the default (loaded rows
    are refreshed)."""
    session.execute(update(Algorithm).where(Algorithm.id != keep.id, Algorithm.is_default.is_(True))
                    .values(is_default=False).execution_options(synchronize_session="fetch"))


def delete_algorithm(session: Session, row: Algorithm) -> None:
    """Delete ``row`` and flush the deletion."""
    session.delete(row)
    session.flush()


__all__ = ["add_algorithm", "clear_other_defaults", "delete_algorithm", "get_algorithm", "get_algorithm_by_name",
           "list_algorithms", "name_taken", "usage_counts"]
