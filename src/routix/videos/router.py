"""Video routes: ``POST /api/v1/generation/{id}/video`` and ``/api/v1/videos`` (list, read,
keep, delete).

Create answers 202 at once with the ``queued`` video; follow it with ``GET /api/v1/videos/{id}``
or the ``video:progress`` / ``video:completed`` / ``video:failed`` events on ``/ws``. Another
user's generation or video answers 404.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import VideoLimit
from routix.api.problems import responses
from routix.kit.pagination import PageRequest, pagination
from routix.videos import service
from routix.videos.repository import VIDEOS
from routix.videos.schemas import VideoCreate, VideoListOut, VideoOut
from routix.videos.views import video_view

router = APIRouter(tags=["videos"])


@router.post("/api/v1/generation/{generation_id}/video", status_code=202, response_model=VideoOut,
             responses=responses({
                 402: "the balance does not cover the video (`insufficient_credits`)",
                 404: "no such generation, or not yours",
                 409: "the generation is not completed yet (`generation_not_completed`)",
                 422: "a bad animation (every bad field in one line)",
                 429: "too many videos started (free plan: 5 an hour)",
             }))
def create(generation_id: uuid.UUID, body: VideoCreate, user: UserDep, session: SessionDep,
           services: ServicesDep, admit: VideoLimit) -> dict[str, Any]:
    """Animate a completed generation: preset and parameters as ``routix animate`` takes them,
    the formats to make (mp4, webm, gif, poster) and the size. Costs credits per second of video,
    reserved now and refunded if the video fails. Only an accepted video counts against the
    free plan's hourly limit."""
    return video_view(service.create_video(session, services, user, generation_id, body, admit=admit), services)


@router.get("/api/v1/videos", response_model=VideoListOut)
def list_videos(user: UserDep, session: SessionDep, services: ServicesDep,
                page: Annotated[PageRequest, Depends(pagination(VIDEOS))]) -> dict[str, Any]:
    """Your videos, newest first; ``next_cursor`` pages on (``?cursor=``)."""
    found = service.list_videos(session, user, page)
    return {"items": [video_view(r, services) for r in found.items], **found.fields()}


@router.get("/api/v1/videos/{video_id}", response_model=VideoOut, responses=responses({404: "no such video"}))
def read(video_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Status, progress and ETA; once completed, every file's size and a signed link."""
    return video_view(service.get_video(session, user, video_id), services)


@router.post("/api/v1/videos/{video_id}/keep", response_model=VideoOut, responses=responses({
    404: "no such video", 409: "the files have expired already (`video_expired`)",
}))
def keep(video_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Keep the video's files (otherwise they are deleted 30 days after it completed)."""
    return video_view(service.keep_video(session, user, video_id), services)


@router.delete("/api/v1/videos/{video_id}", status_code=204, responses=responses({404: "no such video"}))
def delete(video_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> None:
    """Delete the video and its files (an unfinished one is cancelled and refunded)."""
    service.delete_video(session, services, user, video_id)
