"""``/api/v1/chat``: conversations, typed messages and the assistant.

Posting a message answers 201 with the stored user message and the assistant's replies
(``{"message": ..., "replies": [...]}``); the replies are also published as ``chat:message``
events once the request's transaction has committed. Message types and their metadata schemas:
``GET /api/v1/chat/message-types``. Another user's conversation answers 404 on every route.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import chat_generation_limit
from routix.chat import repository
from routix.chat import service as flow
from routix.chat.messages import USER_TYPES, payload_schemas
from routix.chat.phrases import DEFAULT_TITLE
from routix.chat.schemas import (
    ConversationDetailOut,
    ConversationListOut,
    ConversationOut,
    ConversationPatch,
    MessageListOut,
    MessageTypesOut,
    NewConversation,
    NewMessage,
    PostedMessageOut,
)
from routix.chat.views import conversation_view, message_views, publish_messages
from routix.kit.pagination import PageRequest, pagination
from routix.kit.transaction import after_commit

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])


@router.get("/message-types", response_model=MessageTypesOut)
def message_types() -> dict[str, Any]:
    """Every message type: who sends it and the JSON Schema of its ``metadata``."""
    return {"types": payload_schemas(), "user_types": list(USER_TYPES)}


@router.get("/conversations", response_model=ConversationListOut)
def list_conversations(user: UserDep, session: SessionDep,
                       page: Annotated[PageRequest, Depends(pagination(repository.CONVERSATIONS))]) -> dict[str, Any]:
    """The user's conversations, most recently active first; ``next_cursor`` pages on."""
    found = repository.list_conversations(session, user, page)
    return {"conversations": [conversation_view(r) for r in found.items], **found.fields()}


@router.post("/conversations", status_code=201, response_model=ConversationOut)
def create_conversation(user: UserDep, session: SessionDep, body: NewConversation | None = None) -> dict[str, Any]:
    row = repository.create_conversation(session, user, body.title if body and body.title else DEFAULT_TITLE)
    return conversation_view(row)


@router.get("/conversations/{conversation_id}", response_model=ConversationDetailOut)
def get_conversation(conversation_id: uuid.UUID, user: UserDep, session: SessionDep) -> dict[str, Any]:
    row = repository.get_conversation(session, user, conversation_id)
    return {**conversation_view(row), "message_count": repository.count_messages(session, row)}


@router.patch("/conversations/{conversation_id}", response_model=ConversationOut)
def rename_conversation(conversation_id: uuid.UUID, body: ConversationPatch, user: UserDep,
                        session: SessionDep) -> dict[str, Any]:
    row = repository.get_conversation(session, user, conversation_id)
    row.title = body.title
    session.flush()
    return conversation_view(row)


@router.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(conversation_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Delete the conversation and its messages (its generations stay in the user's list)."""
    repository.delete_conversation(session, repository.get_conversation(session, user, conversation_id))
    return Response(status_code=204)


@router.get("/conversations/{conversation_id}/messages", response_model=MessageListOut)
def list_messages(conversation_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
                  page: Annotated[PageRequest, Depends(pagination(repository.MESSAGES))]) -> dict[str, Any]:
    """The conversation's messages, oldest first; ``next_cursor`` pages on (new messages come
    last, so a client that keeps the last cursor catches up from there)."""
    row = repository.get_conversation(session, user, conversation_id)
    found = repository.list_messages(session, row, page)
    return {"messages": message_views(session, services, user.id, found.items), **found.fields()}


@router.post("/conversations/{conversation_id}/messages", status_code=201, response_model=PostedMessageOut,
             dependencies=[Depends(chat_generation_limit)])
def post_message(conversation_id: uuid.UUID, body: NewMessage, user: UserDep, session: SessionDep,
                 services: ServicesDep) -> dict[str, Any]:
    """Send a message; the answer holds it and the assistant's replies. Both are also sent as
    ``chat:message`` events, so the user's other tabs show the message as well."""
    conversation = repository.get_conversation(session, user, conversation_id, lock=True)
    message, replies = flow.post_user_message(
        session, services, user, conversation, type_=body.type, content=body.content, metadata=body.metadata,
    )
    session.flush()
    after_commit(session, lambda: publish_messages(session, services, [message, *replies]))
    views = message_views(session, services, user.id, [message, *replies])
    return {"message": views[0], "replies": views[1:]}
