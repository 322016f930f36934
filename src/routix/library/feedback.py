"""Users' thumbs up/down on their generations, feeding the chosen template's statistics.

``rate_generation`` stores one :class:`GenerationFeedback` per (generation, user): a repeated
vote replaces the previous one (and moves the template's like/dislike counts accordingly, so a
user counts once). Only the owner may vote (another user's id -> NotFound, like an unknown one)
and only on a completed generation (Conflict 409, code ``generation_not_completed``). The
template is found by the generation's internal ``template_id`` and never named in answers.
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.errors import Conflict
from routix.generations.service import get_generation
from routix.library import repository
from routix.library.stats import add_votes
from routix.store.models import GenerationFeedback, User

RATINGS = {"up": 1, "down": -1}


def _counts(rating: int) -> tuple[int, int]:
    return (1, 0) if rating > 0 else (0, 1)


def rate_generation(session: Session, user: User, generation_id: uuid.UUID | str, rating: str,
                    comment: str | None = None) -> GenerationFeedback:
    """Record ``user``'s ``rating`` (``"up"``/``"down"``) of their completed generation and
    update the template's likes/dislikes and performance score (the caller commits). Returns
    the feedback."""
    row = get_generation(session, user, generation_id)
    if row.status != "completed":
        raise Conflict("only a completed generation can be rated", code="generation_not_completed")
    value = RATINGS[rating]
    for _ in range(2):  # a concurrent first vote may win the insert: then update it
        existing = repository.get_feedback(session, row.id, user.id)
        old = existing.rating if existing is not None else 0
        if existing is None:
            existing = GenerationFeedback(generation_id=row.id, user_id=user.id, rating=value, comment=comment)
            repository.add_feedback(session, existing)
        else:
            existing.rating, existing.comment = value, comment
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            continue
        if row.template_id and old != value:
            new_likes, new_dislikes = _counts(value)
            old_likes, old_dislikes = _counts(old) if old else (0, 0)
            add_votes(session, row.template_id, new_likes - old_likes, new_dislikes - old_dislikes)
        session.flush()
        return existing
    raise Conflict("the vote could not be saved; try again", code="feedback_conflict")


__all__ = ["RATINGS", "rate_generation"]
