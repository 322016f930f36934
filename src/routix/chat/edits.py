"""Follow-ups after a result: edits of the version a message refers to.

After a thumbnail exists, a text message is an edit of a version (the card it was sent from:
``metadata.version_id``; else the conversation's newest version) unless it is clearly a new
request ("a thumbnail about ...", a long description without anything to change). The edit is
:func:`routix.generations.versions.submit_edit`; the assistant answers with a
``generation_progress`` saying what will change ("Editing: Title 25 % larger") and, when the
new version is ready, a result whose text is that summary
(:func:`routix.chat.edit_texts.result_text`). An unclear
instruction gets the parser's question back as a text message, never a silent no-op.

While a version is still being made, an edit-like message is queued on it
(:func:`routix.generations.versions.submit_queued_edit`) and runs when it finishes.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from routix.chat.edit_texts import EDITING, QUEUED, UNDOING
from routix.edit.targets import targets_in
from routix.errors import RoutixError
from routix.generations.service import get_generation
from routix.generations.versions import submit_edit, submit_queued_edit
from routix.store.models import FINAL_STATUSES, GenerationRequest

if TYPE_CHECKING:
    from routix.chat.service import Turn
    from routix.chat.state import FlowState

#: A message that starts a new thumbnail rather than changing the current one.
_NEW_REQUEST = re.compile(
    r"\b(?:new|another|different|second|next) (?:thumbnail|video|one (?:about|for))\b"
    r"|\bthumbnails? (?:for|about|of)\b|\bvideo (?:about|on)\b"
    r"|\b(?:make|create|generate|design|do) (?:me )?(?:a|an|one) (?:\w+ ){0,4}(?:thumbnail|cover|video)\b"
    r"|^(?:now )?(?:a|an) \w+ (?:thumbnail|vlog|video|tutorial|review)\b"
    r"|\b(?!(?:the|this|that|my|whole|entire|current|your|its|a|an)\b)\w+ (?:thumbnail|video|vlog)\b", re.I)
#: Words that only an edit of the current design uses.
_EDIT_WORDS = re.compile(
    r"\b(?:bigger|larger|smaller|move|font|colou?rs?|scheme|palette|brighter|darker|blur\w*|flip|mirror|remove|"
    r"delete|add|sticker|emoji|outline|shadow|glow|caps|uppercase|lowercase|undo|redo|left|right|up|down|swap|"
    r"layout|make it|make the|change|put|use|apply|kit|branding|brand\s+colou?rs?|title|background|badge|arrow|"
    r"logo|subject|me)\b", re.I)
#: Longest message still read as an edit when it names nothing to change (words).
MAX_EDIT_WORDS = 24



def looks_like_edit(text: str) -> bool:
    """Whether ``text`` reads as a change to the current thumbnail (not a new request)."""
    if _NEW_REQUEST.search(text) or len(text.split()) > MAX_EDIT_WORDS:
        return False
    return bool(_EDIT_WORDS.search(text) or targets_in(text.lower()))


def version_of(turn: Turn, state: FlowState) -> GenerationRequest | None:
    """The version a message is about: its ``version_id`` (NotFound for another user's) or the
    conversation's newest version."""
    version_id = (turn.message.meta or {}).get("version_id")
    if version_id:
        return get_generation(turn.session, turn.user, uuid.UUID(str(version_id)))
    return state.last_generation


def try_edit(turn: Turn, state: FlowState, text: str) -> bool:
    """Answer ``text`` as an edit of the version it refers to; False when it is not one (the
    caller treats it as a new request or another command)."""
    version = version_of(turn, state)
    if version is None or state.intent is not None or not looks_like_edit(text):
        return False
    key = f"chat:{turn.message.id}"
    try:
        if version.status not in FINAL_STATUSES:  # a brand kit is looked up now: it may be refused
            row, _ = submit_queued_edit(turn.session, turn.services, turn.user, version, text, idempotency_key=key)
            _progress(turn, row, QUEUED.format(text=text[:80]))
            return True
        if version.status != "completed":
            return False
        row, _ = submit_edit(turn.session, turn.services, turn.user, version.id, instruction=text,
                             asset_ids=_attachments(state), idempotency_key=key)
    except RoutixError as exc:
        if exc.status >= 500:
            raise
        if exc.code in ("edit_unclear", "nothing_to_undo", "invalid_input"):
            turn.say("text", exc.message)
            return True
        turn.say("error", f"I couldn't make that edit: {exc.message}", {"code": exc.code, "retry_possible": False})
        return True
    summary = (row.edit or {}).get("summary") or "your change"
    _progress(turn, row, UNDOING if row.kind == "undo" else EDITING.format(summary=summary))
    return True


def _attachments(state: FlowState) -> list[uuid.UUID]:
    """Photos or a logo sent since the last result: what "swap my photo" / "add my logo" use."""
    return [*state.faces, *([state.logo] if state.logo else [])]


def _progress(turn: Turn, row: GenerationRequest, text: str) -> None:
    turn.say("generation_progress", text, {
        "request_id": str(row.id), "status": row.status, "stage": row.stage, "progress": row.progress,
        "message": row.message, "algorithm": row.algorithm, "variants": row.variants,
    })
