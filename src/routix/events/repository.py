"""The queries behind a live connection's first snapshot: a user's current generations.

Every function runs in the caller's session; nothing here commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from routix.store.models import FINAL_STATUSES, GenerationRequest


def live_generations(session: Session, user_id: uuid.UUID, *, finished_since: datetime,
                     limit: int) -> list[GenerationRequest]:
    """``user_id``'s generations that are unfinished, or finished (or changed) at or after
    ``finished_since``: the newest ``limit`` of them, newest first."""
    G = GenerationRequest
    query = (
        select(G)
        .where(G.user_id == user_id)
        .where(or_(G.status.not_in(FINAL_STATUSES), G.completed_at >= finished_since, G.updated_at >= finished_since))
        .order_by(G.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def get_generation(session: Session, request_id: uuid.UUID) -> GenerationRequest | None:
    """The generation ``request_id`` whoever owns it, or None (the caller checks the owner)."""
    return session.get(GenerationRequest, request_id)


__all__ = ["get_generation", "live_generations"]
