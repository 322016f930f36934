"""The generations' queries: owner-scoped look-ups and pages of generation rows, the
Idempotency-Key look-up, the algorithm and conversation rows a new generation refers to, the
day's AI spend, a live connection's snapshot, and the job's writes to its row.

Every function runs in the caller's session; nothing here commits. Another user's generation
(or conversation) answers NotFound exactly like a missing one. The job's writes
(:func:`write_progress`, :func:`store_result`, :func:`store_failure`, :func:`note_retry`) are
single conditional UPDATEs that do not load the row; the job runner makes them fenced by
running them in ``JobContext.transaction()`` or its completion transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import FINAL_STATUSES, Algorithm, Conversation, GenerationRequest

G = GenerationRequest

#: The generation list's order: newest first (ties: highest id first).
GENERATIONS = Keyset("generations", SortKey(G.created_at, descending=True), SortKey(G.id, descending=True))


# users' generations ---------------------------------------------------------------------------

def get_generation(session: Session, generation_id: uuid.UUID, *, refresh: bool = False) -> GenerationRequest | None:
    """The generation ``generation_id`` whoever owns it, or None (for the job runner and live
    connections, which check the owner themselves). ``refresh`` reloads a row the session
    already holds (after an UPDATE that bypassed it)."""
    return session.get(G, generation_id, populate_existing=refresh)


def get_owned_generation(session: Session, user_id: uuid.UUID, generation_id: uuid.UUID) -> GenerationRequest:
    """``user_id``'s generation ``generation_id``; NotFound ("generation not found") for an
    unknown id and for another user's."""
    row = session.get(G, generation_id)
    if row is None or row.user_id != user_id:
        raise NotFound("generation not found")
    return row


def generation_exists(session: Session, generation_id: uuid.UUID) -> bool:
    """Whether the row ``generation_id`` still exists (its user may have been deleted)."""
    return session.get(G, generation_id) is not None


def list_generations(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[GenerationRequest]:
    """One page of ``user_id``'s generations in :data:`GENERATIONS` order (newest first) and
    their total count. Raises InvalidCursor (422) for a cursor of another list."""
    return paginate(session, select(G).where(G.user_id == user_id), GENERATIONS, page)


def live_generations(session: Session, user_id: uuid.UUID, *, finished_since: datetime,
                     limit: int) -> list[GenerationRequest]:
    """``user_id``'s generations that are unfinished, or finished (or changed) at or after
    ``finished_since``: the newest ``limit`` of them, newest first (a live connection's first
    snapshot)."""
    query = (
        select(G)
        .where(G.user_id == user_id)
        .where(or_(G.status.not_in(FINAL_STATUSES), G.completed_at >= finished_since, G.updated_at >= finished_since))
        .order_by(G.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def by_idempotency_key(session: Session, user_id: uuid.UUID, key: str) -> GenerationRequest | None:
    """``user_id``'s generation created with Idempotency-Key ``key``, or None."""
    return session.scalars(select(G).where(G.user_id == user_id, G.idempotency_key == key)).first()


def by_cache_key(session: Session, user_id: uuid.UUID, key: str) -> GenerationRequest | None:
    """``user_id``'s newest completed generation with result-cache key ``key``, or None."""
    return session.scalars(select(G).where(G.user_id == user_id, G.cache_key == key, G.status == "completed")
                           .order_by(G.created_at.desc()).limit(1)).first()


def add_generation(session: Session, row: GenerationRequest) -> GenerationRequest:
    """Add the new generation ``row`` and flush it (IntegrityError when the user's
    Idempotency-Key is taken: run it in a savepoint)."""
    session.add(row)
    session.flush()
    return row


def template_id_for_ref(session: Session, user_id: uuid.UUID, ref: str) -> str | None:
    """The internal template id behind ``template_ref`` ``ref`` of one of ``user_id``'s
    generations, or None when the user has no generation with that reference and a template."""
    return session.scalars(
        select(G.template_id).where(G.user_id == user_id, G.template_ref == ref, G.template_id.is_not(None))
    ).first()


def cost_since(session: Session, since: datetime, user_id: uuid.UUID | None = None) -> float:
    """US dollars (``cost_incurred``) of the generations created at or after ``since``, of
    ``user_id`` or of everyone when None; 0 when there are none."""
    query = select(func.coalesce(func.sum(G.cost_incurred), 0)).where(G.created_at >= since)
    if user_id is not None:
        query = query.where(G.user_id == user_id)
    return float(session.scalar(query) or Decimal(0))


# what a new generation refers to ----------------------------------------------------------------

def default_algorithm(session: Session) -> Algorithm | None:
    """The active default algorithm (else the cheapest active one), or None when none is active."""
    return session.scalars(
        select(Algorithm).where(Algorithm.is_active.is_(True)).order_by(Algorithm.is_default.desc(),
                                                                         Algorithm.credit_cost)
    ).first()


def find_active_algorithm(session: Session, name: str | None, algorithm_id: uuid.UUID | None) -> Algorithm | None:
    """The active algorithm matching ``name`` and ``algorithm_id`` (each ignored when None), or
    None."""
    query = select(Algorithm).where(Algorithm.is_active.is_(True))
    if name is not None:
        query = query.where(Algorithm.name == name)
    if algorithm_id is not None:
        query = query.where(Algorithm.id == algorithm_id)
    return session.scalars(query).first()


def active_algorithm_names(session: Session) -> list[str]:
    """Names of the active algorithms (unordered)."""
    return list(session.scalars(select(Algorithm.name).where(Algorithm.is_active.is_(True))).all())


def get_owned_conversation(session: Session, user_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation:
    """``user_id``'s conversation ``conversation_id``; NotFound ("conversation not found") for
    an unknown id and for another user's."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.user_id != user_id:
        raise NotFound("conversation not found")
    return conversation


# the job's writes -----------------------------------------------------------------------------

def write_progress(session: Session, generation_id: uuid.UUID, *, status: str, stage: str, progress: int,
                   message: str, attempt: int, now: datetime) -> None:
    """Set the row's status, stage, progress (0-100), message and attempt; ``started_at``
    becomes ``now`` unless it is set already."""
    session.execute(update(G).where(G.id == generation_id).values(
        status=status, stage=stage, progress=progress, message=message, attempt=attempt,
        started_at=func.coalesce(G.started_at, now), updated_at=now,
    ).execution_options(synchronize_session=False))


def store_thumbnail(session: Session, generation_id: uuid.UUID, values: dict[str, Any], *, status: str, stage: str,
                    progress: int, message: str, now: datetime) -> None:
    """Write a first phase's result columns ``values`` and its state while the row is not final
    (the job's second phase completes it)."""
    session.execute(update(G).where(G.id == generation_id, G.status.not_in(FINAL_STATUSES)).values(
        **values, status=status, stage=stage, progress=progress, message=message, updated_at=now,
    ).execution_options(synchronize_session=False))


def store_result(session: Session, generation_id: uuid.UUID, values: dict[str, Any], *, attempt: int,
                 now: datetime) -> None:
    """Complete the row: the result columns ``values``, status ``completed`` (progress 100),
    ``attempt``, ``completed_at = now`` and no error."""
    session.execute(update(G).where(G.id == generation_id).values(
        **values, status="completed", stage="completed", progress=100, completed_at=now, attempt=attempt,
        error_code=None, error_message=None, updated_at=now,
    ).execution_options(synchronize_session=False))


def store_failure(session: Session, generation_id: uuid.UUID, values: dict[str, Any]) -> None:
    """Write ``values`` (status ``failed``, the error, timestamps) unless the row is final
    already (a completed generation never turns failed)."""
    session.execute(update(G).where(G.id == generation_id, G.status.not_in(FINAL_STATUSES)).values(**values)
                    .execution_options(synchronize_session=False))


def note_retry(session: Session, generation_id: uuid.UUID, message: str, *, now: datetime) -> None:
    """Show ``message`` on the row while it is not final (its job is about to be retried)."""
    session.execute(update(G).where(G.id == generation_id, G.status.not_in(FINAL_STATUSES))
                    .values(message=message, updated_at=now)
                    .execution_options(synchronize_session=False))


# versions -----------------------------------------------------------------------------------

def children_of(session: Session, parent_id: uuid.UUID, kind: str | None = None) -> list[GenerationRequest]:
    """The versions made from ``parent_id`` (of ``kind`` when given), oldest first."""
    query = select(G).where(G.parent_id == parent_id)
    if kind is not None:
        query = query.where(G.kind == kind)
    return list(session.scalars(query.order_by(G.created_at, G.id)))


def child_variant_numbers(session: Session, parent_id: uuid.UUID) -> set[int]:
    """The variant numbers already made (or being made) from ``parent_id``."""
    return {int((row.edit or {}).get("variant", 0)) for row in children_of(session, parent_id, "variant")
            if row.status != "failed"}


def same_child(session: Session, parent_id: uuid.UUID, kind: str, spec: dict[str, Any]) -> GenerationRequest | None:
    """A version of ``kind`` made from ``parent_id`` with the same ``edit`` (its ``summary``
    aside) that has not failed, or None."""
    wanted = {k: v for k, v in spec.items() if k != "summary"}
    for row in children_of(session, parent_id, kind):
        if row.status != "failed" and {k: v for k, v in (row.edit or {}).items() if k != "summary"} == wanted:
            return row
    return None


def descendants(session: Session, root_id: uuid.UUID, user_id: uuid.UUID, *, limit: int) -> list[GenerationRequest]:
    """``user_id``'s versions below ``root_id`` (breadth first, each level oldest first), at
    most ``limit``."""
    found: list[GenerationRequest] = []
    level = [root_id]
    while level and len(found) < limit:
        rows = list(session.scalars(select(G).where(G.parent_id.in_(level), G.user_id == user_id)
                                    .order_by(G.created_at, G.id).limit(limit - len(found))))
        found.extend(rows)
        level = [row.id for row in rows]
    return found


__all__ = ["GENERATIONS", "active_algorithm_names", "add_generation", "by_cache_key", "by_idempotency_key",
           "child_variant_numbers",
           "children_of", "cost_since", "descendants", "same_child",
           "default_algorithm", "find_active_algorithm", "generation_exists", "get_generation",
           "get_owned_conversation", "get_owned_generation", "list_generations", "live_generations", "note_retry",
           "store_failure", "store_result", "template_id_for_ref", "write_progress"]
