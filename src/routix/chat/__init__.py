"""Chat: conversations, typed messages and the assistant flow (docs/service.md, "Chat").

``messages`` (the message types and their payload schemas), ``flow`` (the assistant's state
machine), ``state`` (its state, read from the stored history), ``phrases`` (what short replies
mean, the assistant's wording), ``repo`` (owner-scoped rows), ``views`` (API views and the
``chat:message`` event), ``hooks`` (the job executor's call when a generation finishes).
"""

from routix.chat.messages import MESSAGE_TYPES, USER_TYPES, validate_payload

__all__ = ["MESSAGE_TYPES", "USER_TYPES", "validate_payload"]
