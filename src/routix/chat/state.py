"""The assistant's state, read from a conversation's stored history (never kept in memory).

The flow is a small state machine whose state is a pure function of the messages and the
conversation's generation rows, so a restarted server (or another API process) continues a
conversation exactly where it stood:

* ``intent`` - the latest ``intent`` message not yet followed by a ``generation_progress``
  (a request waiting for its algorithm and upload); ``None`` when every request was started.
* ``algorithm`` - the user's ``algorithm_selection`` after that intent (latest wins).
* ``title`` - a title the user picked after that intent ("Title: ..."; latest wins).
* ``upload_asked`` - an ``upload_request`` was posted after that intent.
* ``faces`` / ``logo`` - ``file_upload`` asset ids sent since the last generation started.
* ``last_generation`` / ``busy`` - the conversation's newest generation and whether it is
  still running.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from routix.brief.title import MAX_TITLE_CHARS
from routix.chat.messages import validate_payload
from routix.chat.phrases import title_choice
from routix.store.models import FINAL_STATUSES, GenerationRequest, Message

#: Most face photos one generation takes (GenerationParams.face_asset_ids).
MAX_FACES = 4


@dataclass
class FlowState:
    intent: Message | None = None
    algorithm: str | None = None
    title: str | None = None
    upload_asked: bool = False
    faces: list[uuid.UUID] = field(default_factory=list)
    logo: uuid.UUID | None = None
    last_generation: GenerationRequest | None = None

    @property
    def busy(self) -> bool:
        return self.last_generation is not None and self.last_generation.status not in FINAL_STATUSES

    @property
    def has_upload(self) -> bool:
        return bool(self.faces) or self.logo is not None


def read_state(messages: list[Message], generations: list[GenerationRequest]) -> FlowState:
    """The flow state after ``messages`` (oldest first) given the conversation's ``generations``
    (oldest first)."""
    state = FlowState(last_generation=generations[-1] if generations else None)
    for message in messages:
        if message.role == "assistant" and message.type == "intent":
            state.intent, state.algorithm, state.upload_asked, state.title = message, None, False, None
        elif message.role == "assistant" and message.type == "generation_progress":
            state.intent, state.algorithm, state.upload_asked, state.title = None, None, False, None
            state.faces, state.logo = [], None
        elif message.role == "assistant" and message.type == "upload_request" and state.intent is not None:
            state.upload_asked = True
        elif message.role == "user" and message.type == "algorithm_selection" and state.intent is not None:
            state.algorithm = (message.meta or {}).get("algorithm") or state.algorithm
        elif message.role == "user" and message.type == "file_upload":
            _add_upload(state, message)
        elif message.role == "user" and message.type == "text" and state.intent is not None:
            title = title_choice(message.content or "")
            if title is not None and len(title) <= MAX_TITLE_CHARS:  # a longer one was refused
                state.title = title
    return state


def _add_upload(state: FlowState, message: Message) -> None:
    payload = validate_payload("file_upload", message.meta, role="user")
    asset_id = uuid.UUID(payload["asset_id"])
    if payload["kind"] == "logo":
        state.logo = asset_id
        return
    if asset_id in state.faces:
        state.faces.remove(asset_id)
    state.faces = [*state.faces, asset_id][-MAX_FACES:]
