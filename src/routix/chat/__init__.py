"""Chat: conversations, typed messages and the assistant flow (docs/service.md, "Chat").

``schemas`` (the API's request and response models), ``messages`` (the message types and their
payload schemas), ``service`` (the assistant's state machine), ``state`` (its state, read from
the stored history), ``phrases`` (what short replies mean, the assistant's wording),
``repository`` (the queries: owner-scoped rows), ``views`` (API views and the ``chat:message``
event), ``hooks`` (the job runner's call when a generation finishes), ``router`` (the routes).
"""

from routix.chat.messages import MESSAGE_TYPES, USER_TYPES, validate_payload

__all__ = ["MESSAGE_TYPES", "USER_TYPES", "validate_payload"]
