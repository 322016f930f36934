"""What users see of a video: its state, ETA, files (sizes and signed links) and its events.

Files (blob keys ``videos/<id>/<name>``, deterministic so a retry overwrites one set of files):
``<preset>.mp4``, ``<preset>.webm``, ``<preset>.gif`` and ``<preset>-poster.jpg``, the names the
animate package gives them. Links are signed and expire after ``settings.signed_url_ttl`` s.
"""

from __future__ import annotations

import uuid
from typing import Any

from routix.animate.encode import GIF_FPS, GIF_WIDTH
from routix.store.models import Video, utcnow

#: Formats a video may ask for, in the order files are listed.
FORMATS = ("mp4", "webm", "gif", "poster")
#: Seconds one 1280x720 frame costs to composite and encode in one video format, and each
#: extra video format's share (measured on a 2-core machine: a 2 s, 24 fps parallax of a
#: Lightning design took 2.2 s as MP4, 3.3 s as MP4 + WebM + GIF, posters included).
SECONDS_PER_FRAME = 0.025
EXTRA_FORMAT_SHARE = 0.4
#: Seconds a GIF frame (480 px wide) costs: its palette pass and FFmpeg's GIF encoder.
SECONDS_PER_GIF_FRAME = 0.02
#: Painting the plates and the poster.
SETUP_SECONDS = 1.0


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def video_key(video_id: uuid.UUID | str, name: str) -> str:
    """The blob key of file ``name`` of video ``video_id``."""
    return f"videos/{video_id}/{name}"


def file_name(preset: str, fmt: str) -> str:
    """The file a format becomes: ``parallax.mp4`` ... ``parallax-poster.jpg``."""
    return f"{preset}-poster.jpg" if fmt == "poster" else f"{preset}.{fmt}"


def estimate_seconds(frames: int, size: str, formats: list[str], duration: float) -> float:
    """A rough render time in seconds: frames x SECONDS_PER_FRAME scaled by the frame's pixels
    (against 1280x720), plus EXTRA_FORMAT_SHARE per extra video format, plus the GIF's own
    frames (GIF_FPS) and SETUP_SECONDS."""
    w, h = (int(v) for v in size.split("x"))
    videos = [f for f in formats if f in ("mp4", "webm")]
    seconds = SETUP_SECONDS
    if videos:
        share = 1.0 + EXTRA_FORMAT_SHARE * (len(videos) - 1)
        seconds += frames * SECONDS_PER_FRAME * (w * h) / (1280 * 720) * share
    if "gif" in formats:
        gif_pixels = GIF_WIDTH * GIF_WIDTH * h / w
        seconds += max(2, round(duration * GIF_FPS)) * SECONDS_PER_GIF_FRAME * gif_pixels / (480 * 270)
    return round(seconds, 1)


def eta_of(row: Video) -> float | None:
    """Seconds left: the estimate while queued, the job's measured one while processing, 0
    when completed, None when failed."""
    if row.status == "queued":
        return estimate_seconds(row.frames, row.size, list(row.formats or []), row.duration)
    if row.status == "processing":
        return row.eta_seconds
    return 0.0 if row.status == "completed" else None


def files_of(row: Video, services: Any) -> dict[str, dict[str, Any]]:
    """Per format: ``{name, bytes, url}`` (a signed link) once completed, while the files exist."""
    if row.status != "completed" or services is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for fmt in FORMATS:
        key = (row.outputs or {}).get(fmt)
        if not key:
            continue
        name = key.rsplit("/", 1)[-1]
        url = services.blobs.url(key, ttl=services.settings.signed_url_ttl,
                                 filename=f"routix-{str(row.id)[:8]}-{name}")
        out[fmt] = {"name": name, "bytes": int((row.sizes or {}).get(fmt, 0)), "url": url}
    return out


def video_view(row: Video, services: Any = None) -> dict[str, Any]:
    """The API's view of a video (see ``schemas.VideoOut``)."""
    error = {"code": row.error_code, "message": row.error_message} if row.status == "failed" else None
    return {
        "id": str(row.id), "generation_id": str(row.generation_id), "status": row.status, "progress": row.progress,
        "message": row.message, "attempt": row.attempt, "eta_seconds": eta_of(row), "preset": row.preset,
        "animation": dict(row.animation or {}), "formats": list(row.formats or []), "size": row.size,
        "duration": row.duration, "fps": row.fps, "frames": row.frames, "credits": row.credits,
        "sizes": {k: int(v) for k, v in (row.sizes or {}).items()}, "files": files_of(row, services),
        "keep": row.keep, "expires_at": iso(row.expires_at), "expired": row.files_deleted_at is not None,
        "error": error, "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "started_at": iso(row.started_at), "completed_at": iso(row.completed_at),
    }


def progress_event(video_id: uuid.UUID | str, generation_id: uuid.UUID | str, *, status: str, progress: int,
                   message: str, attempt: int, eta_seconds: float | None) -> dict[str, Any]:
    """``video:progress``."""
    return {"event": "video:progress", "data": {
        "video_id": str(video_id), "generation_id": str(generation_id), "status": status, "progress": progress,
        "message": message, "attempt": attempt, "eta_seconds": eta_seconds, "timestamp": iso(utcnow()),
    }}


def completed_event(row: Video, services: Any) -> dict[str, Any]:
    """``video:completed`` with every file's size and signed link."""
    return {"event": "video:completed", "data": {
        "video_id": str(row.id), "generation_id": str(row.generation_id), "status": "completed", "progress": 100,
        "files": files_of(row, services), "timestamp": iso(utcnow()),
    }}


def failed_event(row: Video) -> dict[str, Any]:
    """``video:failed`` with the error and its code."""
    return {"event": "video:failed", "data": {
        "video_id": str(row.id), "generation_id": str(row.generation_id), "status": "failed",
        "error": row.error_message, "code": row.error_code, "timestamp": iso(utcnow()),
    }}


def event_for(row: Video, services: Any) -> dict[str, Any]:
    """The video's current state as one event: ``video:completed`` / ``video:failed`` once final,
    else ``video:progress`` (status queued or processing, with its ETA)."""
    if row.status == "completed":
        return completed_event(row, services)
    if row.status == "failed":
        return failed_event(row)
    return progress_event(row.id, row.generation_id, status=row.status, progress=row.progress, message=row.message,
                          attempt=row.attempt, eta_seconds=eta_of(row))


__all__ = ["FORMATS", "completed_event", "estimate_seconds", "eta_of", "event_for", "failed_event", "file_name",
           "files_of", "progress_event", "video_key", "video_view"]
