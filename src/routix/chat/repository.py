"""The chat's queries: conversation and message rows (owner-scoped look-ups, ordered appends),
and the algorithm, asset and generation rows the assistant reads.

Every function runs in the caller's session; nothing here commits. Another user's
conversation is indistinguishable from a missing one (NotFound, 404).
Messages are ordered by ``created_at``; ``append`` gives each new message a timestamp strictly
after the conversation's latest one, so replies written in one request keep their order.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import (
    Algorithm,
    Asset,
    Conversation,
    GenerationRequest,
    Message,
    User,
    utcnow,
)

_TICK = timedelta(microseconds=1)

#: The conversation list's order: most recently active first (ties: by id). A conversation
#: that gets a message moves to the top, also while a client pages through the list.
CONVERSATIONS = Keyset("conversations", SortKey(Conversation.updated_at, descending=True), SortKey(Conversation.id))
#: A conversation's messages: oldest first (ties: by id); new messages come last.
MESSAGES = Keyset("messages", SortKey(Message.created_at), SortKey(Message.id))


def get_conversation(session: Session, user: User | uuid.UUID, conversation_id: uuid.UUID, *,
                     lock: bool = False) -> Conversation:
    """The user's conversation; NotFound for a missing id or another user's.

    ``lock=True`` takes a row lock (PostgreSQL ``FOR UPDATE``) so two messages posted at once
    to one conversation are answered one after the other.
    """
    user_id = user.id if isinstance(user, User) else user
    query = select(Conversation).where(Conversation.id == conversation_id, Conversation.user_id == user_id)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is None:
        raise NotFound("conversation not found", code="conversation_not_found")
    return row


def get_conversation_by_id(session: Session, conversation_id: uuid.UUID) -> Conversation | None:
    """The conversation ``conversation_id`` whoever owns it, or None (for events and the job
    runner, which act for the owner)."""
    return session.get(Conversation, conversation_id)


def create_conversation(session: Session, user: User, title: str) -> Conversation:
    """A new conversation of ``user`` titled ``title``, added and flushed."""
    row = Conversation(user_id=user.id, title=title)
    session.add(row)
    session.flush()
    return row


def delete_conversation(session: Session, conversation: Conversation) -> None:
    """Delete ``conversation``; its messages go with it (cascade), its generations stay."""
    session.delete(conversation)


def list_conversations(session: Session, user: User, page: PageRequest) -> Page[Conversation]:
    """One page of the user's conversations in :data:`CONVERSATIONS` order (most recently active
    first) and their total count. Raises InvalidCursor (422) for a cursor of another list."""
    return paginate(session, select(Conversation).where(Conversation.user_id == user.id), CONVERSATIONS, page)


def history(session: Session, conversation: Conversation) -> list[Message]:
    """Every message of the conversation, oldest first."""
    return list(session.scalars(
        select(Message).where(Message.conversation_id == conversation.id).order_by(*MESSAGES.order_by())
    ).all())


def list_messages(session: Session, conversation: Conversation, page: PageRequest) -> Page[Message]:
    """One page of the conversation's messages in :data:`MESSAGES` order (oldest first) and
    their total count. Raises InvalidCursor (422) for a cursor of another list."""
    return paginate(session, select(Message).where(Message.conversation_id == conversation.id), MESSAGES, page)


def count_messages(session: Session, conversation: Conversation) -> int:
    return int(session.scalar(
        select(func.count()).select_from(Message).where(Message.conversation_id == conversation.id)
    ) or 0)


def _latest_stamp(session: Session, conversation_id: uuid.UUID) -> datetime | None:
    return session.scalar(select(func.max(Message.created_at)).where(Message.conversation_id == conversation_id))


def append(session: Session, conversation: Conversation, role: str, type_: str, content: str,
           meta: dict[str, Any], *, at: datetime | None = None) -> Message:
    """Add a message (already validated) after the conversation's latest one and flush it.

    ``at`` backdates the message (never before the latest one); the conversation's
    ``updated_at`` moves to now.
    """
    session.flush()
    latest = _latest_stamp(session, conversation.id)
    stamp = at or utcnow()
    if latest is not None and stamp <= latest:
        stamp = latest + _TICK
    message = Message(conversation_id=conversation.id, role=role, type=type_, content=content, meta=meta,
                      created_at=stamp)
    session.add(message)
    conversation.updated_at = max(utcnow(), stamp)
    session.flush()
    return message


def result_metas(session: Session, conversation_id: uuid.UUID, types: tuple[str, ...]) -> list[dict[str, Any]]:
    """The stored payloads (``meta``) of the conversation's messages whose type is in ``types``."""
    return list(session.scalars(
        select(Message.meta).where(Message.conversation_id == conversation_id, Message.type.in_(types))
    ).all())


def get_algorithm(session: Session, algorithm_id: uuid.UUID) -> Algorithm | None:
    """The algorithm ``algorithm_id`` (active or not), or None."""
    return session.get(Algorithm, algorithm_id)


def algorithm_display_names(session: Session, names: list[str]) -> dict[str, str]:
    """``{name: display_name}`` of the algorithms called ``names`` (active or not)."""
    if not names:
        return {}
    rows = session.execute(select(Algorithm.name, Algorithm.display_name).where(Algorithm.name.in_(names))).all()
    return {str(name): str(display) for name, display in rows}


def recent_processing_times(session: Session, algorithm: str, *, limit: int = 50) -> list[float]:
    """Seconds the latest ``limit`` completed generations asked of ``algorithm`` took, newest first."""
    return [float(t or 0.0) for t in session.scalars(
        select(GenerationRequest.processing_time)
        .where(GenerationRequest.algorithm == algorithm, GenerationRequest.status == "completed",
               GenerationRequest.processing_time.is_not(None))
        .order_by(GenerationRequest.completed_at.desc()).limit(limit)
    ).all()]


def active_algorithms(session: Session) -> list[Algorithm]:
    """Active algorithms, the default first, then by credit cost."""
    return list(session.scalars(
        select(Algorithm).where(Algorithm.is_active.is_(True))
        .order_by(Algorithm.is_default.desc(), Algorithm.credit_cost, Algorithm.name)
    ).all())


def owned_asset(session: Session, user: User, asset_id: uuid.UUID) -> Asset:
    """The user's active asset; NotFound for a missing, deleted or another user's asset."""
    row = session.scalars(
        select(Asset).where(Asset.id == asset_id, Asset.user_id == user.id, Asset.is_active.is_(True))
    ).first()
    if row is None:
        raise NotFound("asset not found", code="asset_not_found")
    return row


def generations(session: Session, conversation_id: uuid.UUID) -> list[GenerationRequest]:
    """The conversation's generations, oldest first."""
    return list(session.scalars(
        select(GenerationRequest).where(GenerationRequest.conversation_id == conversation_id)
        .order_by(GenerationRequest.created_at, GenerationRequest.id)
    ).all())


def generations_by_id(session: Session, user_id: uuid.UUID, ids: set[uuid.UUID]) -> dict[uuid.UUID, GenerationRequest]:
    """The user's generations among ``ids`` (others' ids are simply absent)."""
    if not ids:
        return {}
    rows = session.scalars(
        select(GenerationRequest).where(GenerationRequest.id.in_(ids), GenerationRequest.user_id == user_id)
    ).all()
    return {row.id: row for row in rows}
