"""Live progress for one connection: the current state first, then only newer events.

A client that connects late (WebSocket ``/ws`` or SSE) first receives the current state of
its generations and its videos read from the database (the truth), then bus events. Because
the subscription starts before the snapshot is read, an event can arrive that is older than
the snapshot; ``ProgressFilter`` drops it, so every client sees each generation's and each
video's progress rise monotonically and at most one final event (``generation:completed``/
``generation:failed``, ``video:completed``/``video:failed``).

Event shapes (the WebSocket protocol of :mod:`routix.events.router`): ``generation:progress``
{request_id, status, stage, progress, message, attempt, timestamp}; ``generation:completed``
{request_id, status, progress, thumbnail_url, processing_time, algorithm_used, timestamp};
``generation:failed`` {request_id, status, error, code, retry_possible, timestamp}.
They come from ``routix.generations.views.event_for``. Videos: ``video:progress`` {video_id,
generation_id, status, progress, message, attempt, eta_seconds, timestamp}, ``video:completed``
{video_id, generation_id, status, progress, files, timestamp}, ``video:failed`` {video_id,
generation_id, status, error, code, timestamp} (``routix.videos.views.event_for``).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from routix.events.ports import Event
from routix.generations import repository
from routix.generations.views import event_for as generation_event
from routix.services import Services
from routix.store.models import GenerationRequest, utcnow
from routix.videos import repository as videos
from routix.videos.views import event_for as video_event

#: Finished generations younger than this (seconds) are part of a new connection's snapshot.
RECENT_SECONDS = 60
#: At most this many generations in one snapshot (newest first are kept).
SNAPSHOT_LIMIT = 200
FINAL_EVENTS = ("generation:completed", "generation:failed", "video:completed", "video:failed")


def event_for(row: GenerationRequest, services: Services) -> Event:
    """The row's current state as one event (``routix.generations.views.event_for``)."""
    return generation_event(row, services)


def is_final(event: Event) -> bool:
    return event.get("event") in FINAL_EVENTS


def user_snapshot(services: Services, user_id: str, *, now: datetime | None = None) -> list[Event]:
    """Events for the user's unfinished generations and videos and those finished in the last
    ``RECENT_SECONDS``: the generations oldest first, then the videos oldest first. Blocking
    (database): call it from a thread."""
    now = now or utcnow()
    recent = now - timedelta(seconds=RECENT_SECONDS)
    uid = uuid.UUID(str(user_id))
    with services.db.session() as session:
        rows = repository.live_generations(session, uid, finished_since=recent, limit=SNAPSHOT_LIMIT)
        clips = videos.live_videos(session, uid, finished_since=recent, limit=SNAPSHOT_LIMIT)
        return [*(event_for(row, services) for row in reversed(rows)),
                *(video_event(clip, services) for clip in reversed(clips))]


def generation_snapshot(services: Services, user_id: str, request_id: uuid.UUID) -> Event | None:
    """The current state of one of the user's generations; None when it is not theirs (or gone).
    Blocking (database): call it from a thread."""
    with services.db.session() as session:
        row = repository.get_generation(session, request_id)
        if row is None or str(row.user_id) != str(user_id):
            return None
        return event_for(row, services)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class ProgressFilter:
    """Admits generation and video events only when they move a generation (or video) forward.

    Rank of an event: ``(0, attempt, progress)`` for progress, ``(1, 0, 100)`` for a final event
    (a retried job starts its progress again under a higher ``attempt``). An event
    is admitted when its rank is not lower than the last admitted one for the same
    ``request_id`` (``video_id``) and no final event was admitted yet. Other events
    (``chat:message``, ...) always pass.
    """

    def __init__(self) -> None:
        self.last: dict[str, tuple[int, int, int]] = {}

    def admit(self, event: Event) -> bool:
        name = str(event.get("event", ""))
        data = event.get("data") or {}
        field = "request_id" if name.startswith("generation:") else "video_id" if name.startswith("video:") else None
        request_id = data.get(field) if field and isinstance(data, dict) else None
        if request_id is None:
            return True
        rank = (1, 0, 100) if name in FINAL_EVENTS else (0, _int(data.get("attempt")), _int(data.get("progress")))
        key = f"{field}:{request_id}"
        previous = self.last.get(key)
        if previous is not None and (previous[0] == 1 or rank < previous):
            return False
        self.last[key] = rank
        return True
