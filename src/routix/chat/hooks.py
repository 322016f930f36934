"""Called by the job executor when a generation reaches a final state.

CONTRACT (owned by the chat module): ``on_generation_finished(session, row)`` runs inside the
transaction that marks ``row`` completed/failed, must be idempotent (a retried job may call it
twice: post at most one result message per generation), and returns the messages it added so
the caller can publish ``chat:message`` events after commit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..store.models import GenerationRequest, Message


def on_generation_finished(session: Session, row: GenerationRequest) -> list[Message]:
    return []  # replaced by the chat flow (posts the thumbnail_result / failure message)
