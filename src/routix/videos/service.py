"""Videos as a service: accept, list, keep and delete animations of completed generations.

``create_video`` checks the generation (yours, else NotFound; completed, else Conflict
``generation_not_completed``) and the animation (``routix.animate.animation_from``: InvalidInput
with one line, e.g. "duration: must be 2-15 s"), then adds the ``queued`` row, reserves its
credits (``routix.videos.credits``) and its ``video`` job in one transaction, commits and
dispatches (``routix.jobs.enqueue.commit_then_dispatch``: it commits the session it was given,
because the dispatch must follow the commit).

Deleting an unfinished video refunds its credits and cancels its job after the commit; its
files are deleted after the commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from routix.animate import animation_from
from routix.credits.service import ensure_monthly_grant
from routix.errors import Conflict, InvalidInput
from routix.generations.service import get_generation
from routix.jobs import control
from routix.jobs.enqueue import commit_then_dispatch, enqueue, unfinished
from routix.kit.pagination import Page, PageRequest
from routix.kit.transaction import after_commit
from routix.store.models import User, Video
from routix.videos import credits, repository
from routix.videos.jobs import VIDEO
from routix.videos.schemas import VideoCreate
from routix.videos.views import FORMATS, video_key


def create_video(session: Session, services: Any, user: User, generation_id: uuid.UUID | str,
                 body: VideoCreate, *, admit: Callable[[], None] | None = None) -> Video:
    """Accept a video of ``user``'s completed generation ``generation_id``; commits and
    dispatches. ``admit`` (the route's rate limit) is called once the request is valid, before
    anything is written. Raises NotFound, Conflict (``generation_not_completed``), InvalidInput
    (a bad animation or no moving format), RateLimited and InsufficientCredits (402, nothing
    written)."""
    generation = get_generation(session, user, generation_id)
    if generation.status != "completed" or not generation.design:
        raise Conflict("the generation is not completed yet; animate it once it is", code="generation_not_completed")
    animation = animation_from(**body.model_dump(exclude={"formats"}))
    formats = [f for f in FORMATS if f in body.formats]
    if not any(f in ("mp4", "webm", "gif") for f in formats):
        raise InvalidInput("formats: ask for at least one of mp4, webm or gif (a poster goes with them)")
    row = Video(
        user_id=user.id, generation_id=generation.id, preset=animation.preset,
        animation=animation.model_dump(mode="json"), formats=formats, size=f"{animation.size[0]}x{animation.size[1]}",
        duration=animation.duration, fps=animation.fps, frames=animation.frame_count(),
        credits=credits.video_cost(animation.duration, services.settings.video_credits_per_second),
        status="queued", progress=0, message="Waiting for a worker", attempt=0, outputs={}, sizes={}, keep=False,
    )
    if admit is not None:
        admit()
    ensure_monthly_grant(session, user)
    with session.begin_nested():
        repository.add_video(session, row)
        credits.reserve(session, row)
    job = enqueue(session, VIDEO, row.id, user_id=user.id)
    commit_then_dispatch(session, services, job)
    return row


def get_video(session: Session, user: User, video_id: uuid.UUID | str) -> Video:
    """``user``'s video; NotFound for unknown ids and other users' videos."""
    return repository.get_owned_video(session, user.id, video_id)


def list_videos(session: Session, user: User, page: PageRequest | None = None) -> Page[Video]:
    """One page of ``user``'s videos, newest first."""
    return repository.list_videos(session, user.id, page or PageRequest())


def keep_video(session: Session, user: User, video_id: uuid.UUID | str) -> Video:
    """Keep a video's files for good (no expiry). Conflict ``video_expired`` when they are gone."""
    row = get_video(session, user, video_id)
    if row.files_deleted_at is not None:
        raise Conflict("the files of this video have expired and were deleted", code="video_expired")
    row.keep, row.expires_at = True, None
    session.flush()
    return row


def delete_video(session: Session, services: Any, user: User, video_id: uuid.UUID | str) -> None:
    """Delete a video: an unfinished one is refunded and its job cancelled; the files go after
    the commit."""
    row = get_video(session, user, video_id)
    vid = row.id
    if row.status not in repository.FINAL:
        credits.settle(session, row, refund=True)
        job = unfinished(session, VIDEO, vid)
        if job is not None:
            job_id = job.id
            after_commit(session, lambda: control.cancel(services, job_id))
    repository.delete_video(session, row)
    after_commit(session, lambda: services.blobs.delete_prefix(video_key(vid, "")))


__all__ = ["create_video", "delete_video", "get_video", "keep_video", "list_videos"]
