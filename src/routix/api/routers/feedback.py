"""``POST /api/v1/generation/{id}/feedback``: thumbs up/down on one of your completed generations.

A repeated vote replaces the previous one. Another user's generation answers 404, a generation
that is not completed 409. The vote feeds the (secret) template's performance score.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from ...library.feedback import rate_generation
from ..deps import SessionDep, UserDep
from ..schemas import RequestModel

router = APIRouter(prefix="/api/v1/generation", tags=["generation"])


class FeedbackBody(RequestModel):
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=500)


@router.post("/{generation_id}/feedback")
def give_feedback(generation_id: str, body: FeedbackBody, user: UserDep, session: SessionDep) -> dict:
    """Rate your completed generation ``up`` or ``down`` (optionally with a comment)."""
    feedback = rate_generation(session, user, generation_id, body.rating, body.comment or None)
    return {"generation_id": str(feedback.generation_id), "rating": body.rating}
