"""The queries of the OpenAI-compatible API: a generation's job and whether any worker is busy."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routix.store.models import Job


def job_of(session: Session, kinds: tuple[str, ...], subject_id: uuid.UUID | str) -> Job | None:
    """The newest job of one of ``kinds`` for ``subject_id`` (a generation id), or None."""
    return session.scalars(
        select(Job).where(Job.kind.in_(kinds), Job.subject_id == str(subject_id)).order_by(Job.created_at.desc())
    ).first()


def running_jobs(session: Session) -> int:
    """How many jobs of any kind hold a lease now (some worker is alive and busy)."""
    return int(session.scalar(select(func.count()).select_from(Job).where(Job.status == "running")) or 0)
