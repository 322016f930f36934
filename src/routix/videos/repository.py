"""The videos' queries: rows of the ``videos`` table, read and written in the caller's session.

Nothing here commits. The job's writes (:func:`set_state`, :func:`finish`, :func:`fail`) are
single UPDATE statements run inside a transaction the job's lease fences.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import Video

#: Video statuses after which nothing changes any more.
FINAL = ("completed", "failed")
#: The order of a user's video list: newest first.
VIDEOS = Keyset("videos", SortKey(Video.created_at, descending=True), SortKey(Video.id, descending=True))


def get_video(session: Session, video_id: uuid.UUID, *, fresh: bool = False) -> Video | None:
    """The video ``video_id`` or None (``fresh``: reload it, ignoring the session's copy)."""
    return session.get(Video, video_id, populate_existing=fresh)


def get_owned_video(session: Session, user_id: uuid.UUID, video_id: uuid.UUID | str) -> Video:
    """``user_id``'s video ``video_id``; NotFound for unknown ids, malformed ids and other users' videos."""
    try:
        vid = video_id if isinstance(video_id, uuid.UUID) else uuid.UUID(str(video_id))
    except ValueError:
        raise NotFound("video not found") from None
    row = session.get(Video, vid)
    if row is None or row.user_id != user_id:
        raise NotFound("video not found")
    return row


def list_videos(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[Video]:
    """One page of ``user_id``'s videos in :data:`VIDEOS` order (newest first) and their total
    count. Raises InvalidCursor (422) for a cursor of another list."""
    return paginate(session, select(Video).where(Video.user_id == user_id), VIDEOS, page)


def live_videos(session: Session, user_id: uuid.UUID, *, finished_since: datetime, limit: int) -> list[Video]:
    """``user_id``'s videos that are unfinished (queued, processing) or finished (or changed) at
    or after ``finished_since``: the newest ``limit``, newest first (a live connection's first
    snapshot)."""
    query = (
        select(Video)
        .where(Video.user_id == user_id)
        .where(or_(Video.status.in_(("queued", "processing")), Video.completed_at >= finished_since,
                   Video.updated_at >= finished_since))
        .order_by(Video.created_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def add_video(session: Session, row: Video) -> Video:
    """Add ``row`` and flush it (its id is needed by the credits reservation); returns it."""
    session.add(row)
    session.flush()
    return row


def delete_video(session: Session, row: Video) -> None:
    """Delete the row (its files are the caller's business)."""
    session.delete(row)


def set_state(session: Session, video_id: uuid.UUID, **values: Any) -> bool:
    """UPDATE an unfinished video's columns (``values``); False when the row is gone or final."""
    result = session.execute(update(Video).where(Video.id == video_id, Video.status.not_in(FINAL))
                             .values(**values).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def started(session: Session, video_id: uuid.UUID, now: datetime, **values: Any) -> bool:
    """Mark an unfinished video ``processing`` (``started_at`` kept from the first attempt)."""
    return set_state(session, video_id, status="processing", started_at=func.coalesce(Video.started_at, now),
                     updated_at=now, **values)


def expired(session: Session, now: datetime, *, limit: int) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    """Completed videos whose files expired before ``now``, not kept and not cleaned up yet:
    ``[(id, outputs)]``, oldest expiry first, at most ``limit``."""
    rows = session.execute(
        select(Video.id, Video.outputs)
        .where(Video.status == "completed", Video.keep.is_(False), Video.expires_at.is_not(None),
               Video.expires_at < now, Video.files_deleted_at.is_(None))
        .order_by(Video.expires_at).limit(limit)
    ).all()
    return [(row.id, dict(row.outputs or {})) for row in rows]


def mark_files_deleted(session: Session, video_ids: list[uuid.UUID], now: datetime) -> int:
    """Record that the files of ``video_ids`` were deleted (only those still not kept); returns how many."""
    if not video_ids:
        return 0
    result = session.execute(
        update(Video).where(Video.id.in_(video_ids), Video.keep.is_(False))
        .values(files_deleted_at=now, outputs={}, updated_at=now).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def complete(session: Session, video_id: uuid.UUID, now: datetime, keep_for: timedelta, **values: Any) -> bool:
    """Mark an unfinished video ``completed`` (``values``: outputs, sizes, attempt, ...); its files
    expire ``keep_for`` after ``now`` unless the user keeps it. False when gone or final."""
    kept = session.scalar(select(Video.keep).where(Video.id == video_id))
    expires = None if kept else now + keep_for
    return set_state(session, video_id, status="completed", progress=100, eta_seconds=0.0, completed_at=now,
                     expires_at=expires, error_code=None, error_message=None, updated_at=now, **values)


__all__ = ["FINAL", "VIDEOS", "add_video", "complete", "delete_video", "expired", "get_owned_video", "get_video",
           "list_videos", "mark_files_deleted", "set_state", "started"]
