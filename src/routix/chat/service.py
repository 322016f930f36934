"""The assistant: the chat flow (docs/service.md, "Chat") as a state machine over the stored history.

::

    user text (a request) ──► intent + algorithm_select
    user algorithm_selection ──► upload_request            (or start, when a photo is already here)
    user file_upload / "skip" ──► start the generation ──► generation_progress
        (uploads with their roles; the style preset and brand kit the user's messages carry)
        ... the job finishes ──► thumbnail_result | error  (posted by hooks.on_generation_finished)
    "again" / "one more" / "regenerate" ──► regenerate the last generation (new seed)
    "more variants" ──► regenerate with more variants   (both act on metadata.version_id when given)
    a change after a result ──► an edit of that version (routix.chat.edits), queued while it runs
    "thanks", "hi" ──► a short text (no new request)
    "skip" before a choice ──► start with the default algorithm, no upload
    anything while a generation runs ──► "still working" text
    any other text ──► a new request (new intent)

The state comes from ``state.read_state`` (messages + generation rows), so nothing lives in
memory between requests: a restarted server answers the next message exactly as before.
``post_user_message`` validates, stores the user's message, and returns it with the
assistant's replies (flushed; the caller commits and publishes ``chat:message`` events).
Starting a generation commits the session (``generations.service.create_generation`` writes
its row first, then dispatches).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from routix.brand_kits.repository import find_kit, get_owned_kit
from routix.brief import get_planner
from routix.chat import edits, phrases, repository
from routix.chat.messages import validate_payload
from routix.chat.options import algorithm_options
from routix.chat.state import FlowState, read_state
from routix.errors import InvalidInput, RoutixError
from routix.generate.pipeline import MAX_VARIANTS
from routix.generations.params import MAX_PROMPT, MAX_TITLE_CHARS, GenerationParams, InputRef
from routix.generations.service import create_generation, regenerate, resolve_algorithm
from routix.services import Services
from routix.store.models import Conversation, GenerationRequest, Message, User
from routix.titles.service import offline_suggestions

#: Longest user message, characters (a request becomes a generation prompt: at most 1000).
MAX_CONTENT_CHARS = MAX_PROMPT
#: Variants added by "more variants" (capped at the pipeline's MAX_VARIANTS).
MORE_VARIANTS_STEP = 3


@dataclass
class Turn:
    """One user message being answered: where, by whom, and the replies so far."""

    session: Session
    services: Services
    user: User
    conversation: Conversation
    message: Message
    replies: list[Message]

    def say(self, type_: str, content: str, payload: dict[str, Any] | None = None) -> Message:
        meta = validate_payload(type_, payload, role="assistant")
        reply = repository.append(self.session, self.conversation, "assistant", type_, content, meta)
        self.replies.append(reply)
        return reply


def post_user_message(session: Session, services: Services, user: User, conversation: Conversation, *, type_: str,
                      content: str, metadata: dict[str, Any] | None) -> tuple[Message, list[Message]]:
    """Store the user's message and answer it. Returns ``(message, replies)``.

    Raises InvalidInput (422: disallowed type, bad metadata, empty text, unknown algorithm)
    and NotFound (404: an asset that is not the user's) before anything is stored.
    """
    content = (content or "").strip()
    payload = _checked_input(session, user, type_, content, metadata)
    if not content:
        content = _default_content(session, type_, payload)
    message = repository.append(session, conversation, "user", type_, content, payload)
    turn = Turn(session, services, user, conversation, message, [])
    state = read_state(repository.history(session, conversation), repository.generations(session, conversation.id))
    _respond(turn, state)
    return message, turn.replies


# input ----------------------------------------------------------------------------------------

def _checked_input(session: Session, user: User, type_: str, content: str,
                   metadata: dict[str, Any] | None) -> dict[str, Any]:
    payload = validate_payload(type_, metadata, role="user")
    if len(content) > MAX_CONTENT_CHARS:
        raise InvalidInput(f"content: at most {MAX_CONTENT_CHARS} characters", code="invalid_message_content")
    if type_ == "text" and not content:
        raise InvalidInput("content: a text message needs some text", code="invalid_message_content")
    if type_ == "algorithm_selection":
        algorithm_id = uuid.UUID(payload["algorithm_id"]) if payload["algorithm_id"] else None
        row = resolve_algorithm(session, payload["algorithm"], algorithm_id)
        payload = {**_choices(payload), "algorithm": row.name, "algorithm_id": str(row.id)}
    elif type_ == "file_upload":
        repository.owned_asset(session, user, uuid.UUID(payload["asset_id"]))
    if payload.get("brand_kit_id"):  # another user's kit is a 404 like an unknown one
        get_owned_kit(session, user.id, uuid.UUID(payload["brand_kit_id"]))
    return payload


def _default_content(session: Session, type_: str, payload: dict[str, Any]) -> str:
    if type_ == "algorithm_selection":
        row = repository.get_algorithm(session, uuid.UUID(payload["algorithm_id"]))
        return row.display_name if row else payload["algorithm"]
    if type_ == "file_upload":
        return f"Uploaded {upload_noun(payload)}"
    return ""


#: What an upload is called in the assistant's sentences, by its role.
ROLE_NOUNS = {"person": "a photo of a person", "object": "a product photo", "logo": "a logo",
              "scene": "a background", "reference": "a reference thumbnail"}


def upload_noun(payload: dict[str, Any]) -> str:
    """``a logo``, ``a product photo``...: a ``file_upload`` by its role, else by its kind."""
    role = payload.get("role")
    return ROLE_NOUNS[role] if role in ROLE_NOUNS else f"a {payload['kind']}"


def _choices(payload: dict[str, Any]) -> dict[str, Any]:
    """The composer's choices a payload carries (only the keys it gives)."""
    return {key: payload[key] for key in ("style_preset", "brand_kit_id") if key in payload}


# the state machine ----------------------------------------------------------------------------

def _respond(turn: Turn, state: FlowState) -> None:
    message = turn.message
    running = state.last_generation if state.busy else None
    if running is not None and message.type == "text" and edits.try_edit(turn, state, message.content):
        return  # an edit of the running version: queued until it is ready
    if running is not None:
        turn.say("text", phrases.STILL_WORKING.format(progress=running.progress, stage=running.stage))
    elif message.type == "file_upload":
        _on_upload(turn, state)
    elif message.type == "algorithm_selection":
        _on_selection(turn, state)
    else:
        _on_text(turn, state, message.content)


def _on_upload(turn: Turn, state: FlowState) -> None:
    kind = upload_noun(turn.message.meta).removeprefix("a ")
    if state.intent is None:
        turn.say("text", phrases.UPLOAD_KEPT.format(kind=kind))
    elif state.algorithm is None:
        turn.say("text", phrases.UPLOAD_NOTED.format(kind=kind))
    else:
        _start(turn, state, state.intent)


def _on_selection(turn: Turn, state: FlowState) -> None:
    name = turn.message.meta["algorithm"]
    if state.intent is not None:
        if state.has_upload:
            _start(turn, state, state.intent)
        else:
            turn.say("upload_request", phrases.ASK_UPLOAD, {"kinds": ["face", "logo"], "optional": True})
    elif state.last_generation is not None:  # a different version for the last request
        _regenerate(turn, state.last_generation, algorithm=name)
    else:
        turn.say("text", phrases.DESCRIBE_FIRST)


def _on_text(turn: Turn, state: FlowState, text: str) -> None:
    if state.intent is not None and (title := phrases.title_choice(text)) is not None:
        if len(title) > MAX_TITLE_CHARS:
            turn.say("text", phrases.TITLE_TOO_LONG.format(n=len(title), limit=MAX_TITLE_CHARS))
        else:
            turn.say("text", phrases.TITLE_SET.format(title=title))
        return
    if state.intent is not None:
        if phrases.says_skip(text):  # no upload; before a choice: the default algorithm
            state.algorithm = state.algorithm or resolve_algorithm(turn.session, None).name
            _start(turn, state, state.intent)
            return
        if state.algorithm is None:
            names = {a.name: a.display_name for a in repository.active_algorithms(turn.session)}
            chosen = phrases.names_algorithm(text, names)
            if chosen is not None:
                _select_by_text(turn, state, chosen)
                return
    if phrases.is_small_talk(text):
        turn.say("text", phrases.SMALL_TALK)
        return
    if phrases.asks_more_variants(text) or phrases.asks_again(text):
        parent = edits.version_of(turn, state)  # the card it was sent from, else the latest
        if parent is None:
            turn.say("text", phrases.NOTHING_TO_REDO)
        elif phrases.asks_more_variants(text):
            _regenerate(turn, parent, variants=min(MAX_VARIANTS, max(parent.variants, 0) + MORE_VARIANTS_STEP))
        else:
            _regenerate(turn, parent)
        return
    if edits.try_edit(turn, state, text):
        return
    _new_request(turn, text)


def _select_by_text(turn: Turn, state: FlowState, name: str) -> None:
    """A typed choice ("lightning", "Routix Pro") acts as an ``algorithm_selection`` message."""
    row = resolve_algorithm(turn.session, name)
    turn.message.type = "algorithm_selection"
    turn.message.meta = validate_payload("algorithm_selection", {
        **_choices(turn.message.meta or {}), "algorithm": row.name, "algorithm_id": str(row.id)})
    state.algorithm = row.name
    _on_selection(turn, state)


def _new_request(turn: Turn, text: str) -> None:
    brief = get_planner().analyze(text)
    if turn.conversation.title == phrases.DEFAULT_TITLE:
        turn.conversation.title = phrases.chat_title(text, brief.title, brief.category)
    offered = [] if brief.title else suggested_titles(text)
    payload = {
        "prompt": text, "category": brief.category, "mood": brief.mood, "energy": brief.energy,
        "style": brief.style, "elements": list(brief.visual_elements), "title": brief.title, "format": brief.format,
        "title_suggestions": offered,
    }
    said = phrases.intent_text(brief.category, brief.mood, brief.style, brief.visual_elements)
    turn.say("intent", said + (phrases.OFFER_TITLES if offered else ""), payload)
    options = algorithm_options(turn.session, turn.services.settings.secret())
    turn.say("algorithm_select", phrases.CHOOSE_ALGORITHM, {"options": options})


def suggested_titles(prompt: str, count: int = 3) -> list[str]:
    """Up to ``count`` offline title suggestions for ``prompt`` that read at 168x94, best first."""
    found = offline_suggestions(prompt, count=count + 2)["suggestions"]
    return [s["text"] for s in found if s["fits"]][:count]


# generations ----------------------------------------------------------------------------------

def _start(turn: Turn, state: FlowState, intent_message: Message) -> None:
    """Start the generation the pending request ``intent_message`` (an ``intent``) asked for,
    with the uploads and their roles, the style preset and the brand kit chosen so far (a kit
    deleted since it was chosen is left out)."""
    intent = intent_message.meta
    kit = state.brand_kit_id
    if kit is not None and find_kit(turn.session, turn.user.id, kit) is None:
        kit = None
    params = GenerationParams(
        prompt=intent["prompt"], algorithm=state.algorithm, face_asset_ids=state.faces, logo_asset_id=state.logo,
        inputs=[InputRef.model_validate(item) for item in state.inputs], title=state.title,
        style_preset=state.style_preset, brand_kit_id=kit,
    )
    _launch(turn, phrases.GENERATING, lambda: create_generation(
        turn.session, turn.services, turn.user, params, idempotency_key=f"chat:{turn.message.id}",
        conversation_id=turn.conversation.id,
    ))


def _regenerate(turn: Turn, parent: GenerationRequest, *, variants: int | None = None,
                algorithm: str | None = None) -> None:
    text = phrases.MORE_VARIANTS.format(n=variants) if variants is not None else phrases.REGENERATING
    _launch(turn, text, lambda: regenerate(
        turn.session, turn.services, turn.user, parent, variants=variants, algorithm=algorithm,
        idempotency_key=f"chat:{turn.message.id}",
    ))


def _launch(turn: Turn, text: str, submit: Callable[[], GenerationRequest]) -> None:
    """Run ``submit`` (which commits and dispatches) and post its ``generation_progress``; a
    refused request (asset gone, algorithm retired) becomes an ``error`` message instead.
    ``create_generation`` validates before it writes anything, so a refusal leaves the session
    as it was."""
    try:
        row = submit()
    except RoutixError as exc:
        if exc.status >= 500:
            raise
        turn.say("error", f"I couldn't start that generation: {exc.message}",
                 {"code": exc.code, "retry_possible": False})
        return
    turn.say("generation_progress", text, {
        "request_id": str(row.id), "status": row.status, "stage": row.stage, "progress": row.progress,
        "message": row.message, "algorithm": row.algorithm, "variants": row.variants,
    })

