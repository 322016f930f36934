"""The assistant's state, read from a conversation's stored history (never kept in memory).

The flow is a small state machine whose state is a pure function of the messages and the
conversation's generation rows, so a restarted server (or another API process) continues a
conversation exactly where it stood:

* ``intent`` - the latest ``intent`` message not yet followed by a ``generation_progress``
  (a request waiting for its algorithm and upload); ``None`` when every request was started.
* ``algorithm`` - the user's ``algorithm_selection`` after that intent (latest wins).
* ``title`` - a title the user picked after that intent ("Title: ..."; latest wins).
* ``upload_asked`` - an ``upload_request`` was posted after that intent.
* ``faces`` / ``logo`` - ``file_upload`` asset ids without a role sent since the last
  generation started; ``inputs`` - those sent with a role (``{asset_id, role, mode}``). An
  asset sent again counts once, with its latest role.
* ``style_preset`` / ``brand_kit_id`` - the composer's choices: the latest user message that
  carries the key (``null`` clears it); they outlive a generation, like the composer's pills.
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
#: Most inputs one generation takes, faces and logo included (GenerationParams).
MAX_INPUTS = 8


@dataclass
class FlowState:
    intent: Message | None = None
    algorithm: str | None = None
    title: str | None = None
    upload_asked: bool = False
    faces: list[uuid.UUID] = field(default_factory=list)
    logo: uuid.UUID | None = None
    inputs: list[dict[str, str | None]] = field(default_factory=list)
    style_preset: str | None = None
    brand_kit_id: uuid.UUID | None = None
    last_generation: GenerationRequest | None = None

    @property
    def busy(self) -> bool:
        return self.last_generation is not None and self.last_generation.status not in FINAL_STATUSES

    @property
    def has_upload(self) -> bool:
        return bool(self.faces) or self.logo is not None or bool(self.inputs)


def read_state(messages: list[Message], generations: list[GenerationRequest]) -> FlowState:
    """The flow state after ``messages`` (oldest first) given the conversation's ``generations``
    (oldest first)."""
    state = FlowState(last_generation=generations[-1] if generations else None)
    for message in messages:
        if message.role == "user":
            _take_choices(state, message.meta or {})
        if message.role == "assistant" and message.type == "intent":
            state.intent, state.algorithm, state.upload_asked, state.title = message, None, False, None
        elif message.role == "assistant" and message.type == "generation_progress":
            state.intent, state.algorithm, state.upload_asked, state.title = None, None, False, None
            state.faces, state.logo, state.inputs = [], None, []
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


def _take_choices(state: FlowState, meta: dict) -> None:
    if "style_preset" in meta:
        state.style_preset = meta["style_preset"] or None
    if "brand_kit_id" in meta:
        state.brand_kit_id = uuid.UUID(meta["brand_kit_id"]) if meta["brand_kit_id"] else None


def _add_upload(state: FlowState, message: Message) -> None:
    payload = validate_payload("file_upload", message.meta, role="user")
    asset_id = uuid.UUID(payload["asset_id"])
    # sent again: the latest role wins
    state.faces = [a for a in state.faces if a != asset_id]
    state.logo = None if state.logo == asset_id else state.logo
    state.inputs = [i for i in state.inputs if i["asset_id"] != str(asset_id)]
    role = payload.get("role")
    if role is not None:
        mode = payload.get("mode") or ("style_only" if role == "reference" else None)
        state.inputs.append({"asset_id": str(asset_id), "role": role, "mode": mode})
    elif payload["kind"] == "logo":
        state.logo = asset_id
    else:
        state.faces = [*state.faces, asset_id][-MAX_FACES:]
    room = MAX_INPUTS - len(state.faces) - (state.logo is not None)
    state.inputs = state.inputs[-room:] if room > 0 else []
