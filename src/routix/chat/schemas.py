"""Request and response models of ``/api/v1/chat`` (views: :mod:`routix.chat.views`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.chat.messages import USER_TYPES
from routix.chat.service import MAX_CONTENT_CHARS
from routix.kit.pagination import PageOut

UserMessageType = Literal[USER_TYPES]  # type: ignore[valid-type]


class NewConversation(RequestModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)


class ConversationPatch(RequestModel):
    title: str = Field(min_length=1, max_length=200)


class NewMessage(RequestModel):
    """A user's message. ``metadata`` must match the type's schema (see ``/message-types``):
    ``text`` takes ``{}``, ``file_upload`` ``{asset_id, kind}``, ``algorithm_selection``
    ``{algorithm}`` or ``{algorithm_id}``."""

    content: str = Field(default="", max_length=MAX_CONTENT_CHARS)
    type: UserMessageType = "text"
    metadata: dict[str, Any] = Field(default_factory=dict)


class ConversationOut(ResponseModel):
    id: str
    title: str
    created_at: str | None = Field(description="ISO 8601, UTC")
    updated_at: str | None = Field(description="ISO 8601, UTC; the last activity")


class ConversationDetailOut(ConversationOut):
    message_count: int


class ConversationListOut(PageOut):
    """One page of your conversations, most recently active first."""

    conversations: list[ConversationOut]


class MessageOut(ResponseModel):
    """A typed message; ``metadata`` follows its type's schema (``GET /api/v1/chat/message-types``).
    Generation messages show the generation's current state and fresh signed links."""

    id: str
    conversation_id: str
    role: str = Field(description="user or assistant")
    type: str
    content: str
    metadata: dict[str, Any]
    timestamp: str | None = Field(description="ISO 8601, UTC")


class MessageListOut(PageOut):
    """One page of a conversation's messages, oldest first."""

    messages: list[MessageOut]


class PostedMessageOut(ResponseModel):
    """The stored user message and the assistant's replies (also sent as ``chat:message`` events)."""

    message: MessageOut
    replies: list[MessageOut]


class MessageTypeOut(ResponseModel):
    sent_by: list[str] = Field(description="user and/or assistant")
    description: str
    metadata_schema: dict[str, Any] = Field(alias="schema", description="JSON Schema of the message's metadata")


class MessageTypesOut(ResponseModel):
    types: dict[str, MessageTypeOut]
    user_types: list[str] = Field(description="the types a user may send")


__all__ = ["ConversationDetailOut", "ConversationListOut", "ConversationOut", "ConversationPatch", "MessageListOut",
           "MessageOut", "MessageTypeOut", "MessageTypesOut", "NewConversation", "NewMessage", "PostedMessageOut"]
