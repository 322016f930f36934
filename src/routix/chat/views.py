"""What users see of conversations and messages, and the ``chat:message`` event.

A message view is the chat API's ``Message``: ``{id, conversation_id, role, type, content,
metadata, timestamp}``. Two types are refreshed from their generation row when read:
``generation_progress`` shows the job's current status/stage/progress, and
``thumbnail_result`` gets freshly signed download links (links expire, so none are stored).
Template secrecy: only the opaque ``template_ref`` ever appears.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from routix.chat import repository
from routix.errors import NotFound
from routix.generations.views import RESULT_FILES, iso, signed_url, variant_names
from routix.services import Services
from routix.store.models import Conversation, GenerationRequest, Message, utcnow

#: Message types whose payload names a generation (``request_id``).
GENERATION_TYPES = ("generation_progress", "thumbnail_result", "error")


def conversation_view(row: Conversation) -> dict[str, Any]:
    """``{id, title, created_at, updated_at}`` (ISO 8601 times)."""
    return {"id": str(row.id), "title": row.title, "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at)}


def message_views(session: Session, services: Services, user_id: uuid.UUID,
                  messages: Iterable[Message]) -> list[dict[str, Any]]:
    """Views of ``messages`` (one query loads every generation they name)."""
    messages = list(messages)
    ids: set[uuid.UUID] = set()
    for message in messages:
        ref = (message.meta or {}).get("request_id") if message.type in GENERATION_TYPES else None
        if ref:
            ids.add(uuid.UUID(ref))
    rows = repository.generations_by_id(session, user_id, ids)
    return [message_view(message, services, rows) for message in messages]


def message_view(message: Message, services: Services,
                 generations: dict[uuid.UUID, GenerationRequest]) -> dict[str, Any]:
    """One message; ``generations`` maps request ids to rows (missing rows: payload as stored)."""
    meta = dict(message.meta or {})
    ref = meta.get("request_id") if message.type in GENERATION_TYPES else None
    row = generations.get(uuid.UUID(ref)) if ref else None
    if row is not None and message.type == "generation_progress":
        meta.update(status=row.status, stage=row.stage, progress=row.progress, message=row.message)
    elif row is not None and message.type == "thumbnail_result" and row.status == "completed":
        meta.update(_links(services, row))
    return {
        "id": str(message.id), "conversation_id": str(message.conversation_id), "role": message.role,
        "type": message.type, "content": message.content, "metadata": meta, "timestamp": iso(message.created_at),
    }


def _links(services: Services, row: GenerationRequest) -> dict[str, Any]:
    links: dict[str, Any] = {key: signed_url(services, row, name) for key, name in RESULT_FILES.items()}
    links["variant_urls"] = [signed_url(services, row, name) for name in variant_names(row)]
    links["variant_png_urls"] = [signed_url(services, row, name.removesuffix(".jpg") + ".png") if
                                 name.removesuffix(".jpg") + ".png" in (row.outputs or {}) else None
                                 for name in variant_names(row)]
    return links


def message_event(session: Session, services: Services, message: Message) -> dict[str, Any]:
    """The ``chat:message`` event for ``message``: ``{conversation_id, message, timestamp}``.
    Raises NotFound when its conversation is gone."""
    conversation = repository.get_conversation_by_id(session, message.conversation_id)
    if conversation is None:
        raise NotFound("conversation not found", code="conversation_not_found")
    view = message_views(session, services, conversation.user_id, [message])[0]
    return {"event": "chat:message", "data": {
        "conversation_id": str(message.conversation_id), "message": view, "timestamp": iso(utcnow()),
    }}


def publish_messages(session: Session, services: Services, messages: Iterable[Message]) -> None:
    """Publish ``chat:message`` for each message to its conversation's owner (after commit)."""
    for message in messages:
        conversation = repository.get_conversation_by_id(session, message.conversation_id)
        if conversation is not None:
            services.bus.publish(str(conversation.user_id), message_event(session, services, message))
