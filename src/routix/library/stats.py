"""Template statistics: usage, success rate, likes/dislikes and the performance score.

``record_generation(session, row)`` runs inside the final transaction of every generation
(``routix.generations.jobs``, once per generation, completed or failed) and counts it
against the template it used (``row.template_id`` is the template's slug). All updates are single
SQL UPDATEs with column arithmetic, so concurrent generations/votes never lose a count.

Performance score (0..1), documented formula (PRIOR = 0.5, WEIGHT = 5 pseudo-votes/uses)::

    feedback = (likes + PRIOR * WEIGHT) / (likes + dislikes + WEIGHT)        # Bayesian average
    success  = (success_rate * usage_count + PRIOR * WEIGHT) / (usage_count + WEIGHT)
    performance_score = FEEDBACK_SHARE * feedback + (1 - FEEDBACK_SHARE) * success   # share 0.7

A new template scores 0.5; ten likes, no dislikes and ten completed generations give
``0.7 * 12.5/15 + 0.3 * 12.5/15 = 0.833``. Feedback weighs more than completion because a
completed generation can still be a bad thumbnail.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from routix.library import repository
from routix.store.models import GenerationRequest

PRIOR, WEIGHT, FEEDBACK_SHARE = 0.5, 5.0, 0.7


def performance_score(likes: int, dislikes: int, usage_count: int, success_rate: float) -> float:
    """The performance score (0..1) from the counts (see the module docstring)."""
    feedback = (likes + PRIOR * WEIGHT) / (likes + dislikes + WEIGHT)
    success = (success_rate * usage_count + PRIOR * WEIGHT) / (usage_count + WEIGHT)
    return FEEDBACK_SHARE * feedback + (1 - FEEDBACK_SHARE) * success


def rescore(session: Session, slug: str) -> None:
    """Recompute the stored performance_score of template ``slug`` from its columns."""
    repository.rescore(session, slug, prior=PRIOR, weight=WEIGHT, feedback_share=FEEDBACK_SHARE)


def record_generation(session: Session, row: GenerationRequest) -> None:
    """Count a finished generation (``completed`` or ``failed``) against its template:
    ``usage_count + 1``, ``success_rate`` = completed / used, score recomputed. No-op when the
    generation never got as far as choosing a template or the template left the library."""
    if not row.template_id or row.status not in ("completed", "failed"):
        return
    succeeded = 1.0 if row.status == "completed" else 0.0
    if repository.count_use(session, row.template_id, succeeded):
        rescore(session, row.template_id)


def add_votes(session: Session, slug: str, likes: int, dislikes: int) -> None:
    """Add ``likes``/``dislikes`` (each -1, 0 or +1) to template ``slug`` and rescore it."""
    if not likes and not dislikes:
        return
    if repository.add_votes(session, slug, likes, dislikes):
        rescore(session, slug)


__all__ = ["FEEDBACK_SHARE", "PRIOR", "WEIGHT", "add_votes", "performance_score", "record_generation", "rescore"]
