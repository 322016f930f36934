"""Called by the job executor when a generation reaches a final state.

CONTRACT (owned by the chat module): ``on_generation_finished(session, row)`` runs inside the
transaction that marks ``row`` completed/failed, must be idempotent (a retried job may call it
twice: post at most one result message per generation), and returns the messages it added so
the caller can publish ``chat:message`` events after commit (``routix.chat.views.message_event``
builds them, with fresh signed links).

A completed generation gets one ``thumbnail_result`` message; a failed one an ``error``
message whose text says whether "again" may help. Generations outside a conversation (made
through ``/api/v1/generation/create``) get nothing. Stored payloads carry no links: signed
URLs expire, so views add fresh ones whenever the message is read.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.chat import phrases, repository
from routix.chat.edit_texts import result_text
from routix.chat.messages import validate_payload
from routix.generations.views import algorithm_used, retry_possible, variant_names
from routix.store.models import GenerationRequest, Message

#: Message types that close a generation (one of them per request_id at most).
RESULT_TYPES = ("thumbnail_result", "error")


def on_generation_finished(session: Session, row: GenerationRequest) -> list[Message]:
    """Post the result (or failure) of ``row`` into its conversation, once. Returns the new
    messages (empty when the row has no conversation, is not final, or was already posted)."""
    if row.conversation_id is None or row.status not in ("completed", "failed"):
        return []
    conversation = repository.get_conversation_by_id(session, row.conversation_id)
    if conversation is None or _already_posted(session, conversation.id, row):
        return []
    if row.status == "completed":
        type_, content, payload = "thumbnail_result", result_text(row) or phrases.RESULT, result_payload(row)
        names = repository.algorithm_display_names(session, [payload["algorithm_used"], row.algorithm])
        payload["algorithm_name"] = names.get(payload["algorithm_used"])
        payload["algorithm_requested"] = row.algorithm
    else:
        retry = retry_possible(row.error_code)
        type_, content = "error", phrases.failure_text(row.error_message or "unknown error", retry)
        payload = {"code": row.error_code or "generation_failed", "retry_possible": retry, "request_id": str(row.id)}
    meta = validate_payload(type_, payload, role="assistant")
    return [repository.append(session, conversation, "assistant", type_, content, meta)]


def result_payload(row: GenerationRequest) -> dict[str, Any]:
    """A completed row as a ``thumbnail_result`` payload without links (views add them)."""
    return {
        "request_id": str(row.id), "algorithm_used": algorithm_used(row) or row.algorithm,
        "variants": len(variant_names(row)),
        "quality": quality_summary(row.quality), "notes": [str(n) for n in row.notes or []],
        "processing_time": row.processing_time, "template_ref": row.template_ref,
    }


def quality_summary(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored QualityReport (dict) in brief: verdict, title contrast, failed checks' messages."""
    if not report:
        return None
    failures = [c.get("message", c.get("name", "")) for c in report.get("checks", [])
                if not c.get("passed", True) and not c.get("skipped", False)]
    return {"passed": bool(report.get("passed")), "contrast_ratio": report.get("contrast_ratio"),
            "legible_at_small": report.get("legible_at_small"), "failures": failures}


def _already_posted(session: Session, conversation_id: uuid.UUID, row: GenerationRequest) -> bool:
    """True when the conversation already has a result message for ``row``."""
    metas = repository.result_metas(session, conversation_id, RESULT_TYPES)
    return any((meta or {}).get("request_id") == str(row.id) for meta in metas)
