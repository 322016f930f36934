"""What the assistant says about edits (kept apart from ``routix.chat.edits`` so the job's
completion hook can use it without importing the generations' use cases)."""

from __future__ import annotations

from routix.store.models import GenerationRequest

EDITING = "Editing: {summary}..."
QUEUED = "Got it - I'll apply \"{text}\" as soon as the current thumbnail is ready."
UNDOING = "Going back a version..."
EDITED = "Done: {summary}. Say \"undo\" to go back."


def result_text(row: GenerationRequest) -> str | None:
    """The text of a finished edit's result message ("Done: Title 25 % larger. ..."), or None
    for versions that are not edits, undos or variants."""
    summary = (row.edit or {}).get("summary")
    if row.kind in ("edit", "undo", "variant") and summary:
        return EDITED.format(summary=summary)
    return None
