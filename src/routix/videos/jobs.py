"""The ``video`` job kind (animate one completed generation) and ``video_cleanup`` (expire files).

A ``video`` run (``routix.jobs.runner`` holds the lease and a heartbeat), in two phases:

1. ``render``: load the video row and its generation's design; the design's assets (cut-outs,
   art) come from the generation's files ``generations/<id>/assets/...``; mark the row
   ``processing``; ``routix.animate.render_animation`` makes every file, with progress and ETA
   written to the row (+ ``video:progress`` events) fenced by the lease; each file goes to
   ``videos/<id>/<name>`` (deterministic: a retry overwrites, so there is one set of files);
   the file keys and sizes are written to the row and the job advances to ``finish``;
2. ``finish``: an attempt that starts here (the worker died after storing the files) reuses
   them instead of encoding again; :func:`finish_video` then runs in the runner's ONE completion
   transaction: status ``completed``, files kept :data:`FILES_KEPT` unless the user keeps the
   video, and the credits settled (``routix.videos.credits``: charged once); after the commit
   ``video:completed`` is published.

On failure or cancellation :func:`fail_video` marks the row ``failed`` and refunds the credits in
the failure transaction; after the commit ``video:failed`` is published and the files deleted.
A video deleted meanwhile leaves nothing behind (the lost-lease and finishing hooks delete its
files). Interactive priority; at most :data:`PER_USER_LIMIT` of one user's videos run at once.

``video_cleanup`` runs every :data:`CLEANUP_EVERY` seconds: it deletes the files of completed
videos whose ``expires_at`` passed and that the user did not keep, and records that on the row.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from routix.animate import Animation, GifOptions, render_animation
from routix.animate.clip import poster_image
from routix.animate.encode import poster_bytes
from routix.animate.outputs import MIME, OutputFile, frames_to_make
from routix.design import Design
from routix.errors import InvalidInput, NotFound
from routix.generations.renders import BlobAssets, stored_design
from routix.generations.reporting import publish
from routix.jobs.context import AfterCommit, Failure, JobContext
from routix.jobs.registry import PRIORITY_INTERACTIVE, PRIORITY_MAINTENANCE, JobKind, RetryPolicy, register
from routix.providers.resilience import Resilience, default_breakers
from routix.providers.settings import get_provider_settings
from routix.providers.video import VideoSource, build_video_provider, make_with_fallback
from routix.store.models import GenerationRequest, utcnow
from routix.videos import credits, repository
from routix.videos.views import completed_event, failed_event, progress_event, video_key

#: Videos of one user that may render at the same time.
PER_USER_LIMIT = 2
#: How long files are kept unless the user keeps the video.
FILES_KEPT = timedelta(days=30)
#: Progress writes closer together than this (seconds) are skipped.
MIN_WRITE_INTERVAL = 0.5
#: The clean-up's period (seconds) and how many videos it handles per transaction.
CLEANUP_EVERY = 3600.0
CLEANUP_BATCH = 100
PHASES = ("render", "finish")


@dataclass(frozen=True)
class _Work:
    """What a run needs from the rows, read in one short session."""

    user_id: str
    generation_id: uuid.UUID
    animation: Animation
    formats: list[str]
    outputs: dict[str, str]
    sizes: dict[str, int]
    design: Design
    generation_files: dict[str, str]


class VideoProgress:
    """The animate package's progress callback for one video job: frames done across every
    pass (video, GIF) -> ``progress`` 2-97 % and ``eta_seconds`` (the measured rate over the
    frames left), written fenced (throttled to one write per MIN_WRITE_INTERVAL s) with a
    ``video:progress`` event. ``clock`` is injectable (seconds, monotonic)."""

    def __init__(self, ctx: JobContext, work: _Work, total: int, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ctx, self.work, self.total, self.clock = ctx, work, max(1, total), clock
        self.done_before, self.stage, self.stage_total = 0, "", 0
        self.started = clock()
        self.written_at = float("-inf")

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.ctx.check()
        if stage != self.stage:
            self.done_before += self.stage_total
            self.stage, self.stage_total = stage, total
        frames = min(self.total, self.done_before + done)
        if self.clock() - self.written_at < MIN_WRITE_INTERVAL and frames < self.total:
            return
        elapsed = self.clock() - self.started
        eta = round(elapsed / frames * (self.total - frames), 1) if frames else None
        message = f"Rendering frame {frames} of {self.total}" if frames else "Preparing the layers"
        self.write(2 + int(95 * frames / self.total), message, eta)

    def write(self, percent: int, message: str, eta: float | None) -> None:
        """One fenced state write and its event; raises LeaseLost / Interrupted."""
        vid = uuid.UUID(self.ctx.subject_id)
        with self.ctx.transaction() as session:
            repository.started(session, vid, utcnow(), progress=percent, message=message[:500], eta_seconds=eta,
                               attempt=self.ctx.attempt)
        self.written_at = self.clock()
        publish(self.ctx.services, self.work.user_id, progress_event(
            vid, self.work.generation_id, status="processing", progress=percent, message=message,
            attempt=self.ctx.attempt, eta_seconds=eta))


def _load(ctx: JobContext) -> _Work:
    """The video's request and its generation's design and files. NotFound when either is gone."""
    with ctx.services.db.session() as session:
        row = repository.get_video(session, uuid.UUID(ctx.subject_id))
        if row is None:
            raise NotFound("video not found")
        generation = session.get(GenerationRequest, row.generation_id)
        if generation is None or generation.design is None:
            raise NotFound("the generation of this video is gone")
        return _Work(
            user_id=str(row.user_id), generation_id=row.generation_id,
            animation=Animation.model_validate(row.animation), formats=list(row.formats or []),
            outputs=dict(row.outputs or {}), sizes={k: int(v) for k, v in (row.sizes or {}).items()},
            design=_design(generation.design), generation_files=dict(generation.outputs or {}),
        )


def _design(data: dict[str, Any]) -> Design:
    """The generation's stored design; InvalidInput (no retry can fix it) when it does not validate."""
    try:
        return stored_design(data)
    except InvalidInput:
        raise InvalidInput("the generation's design cannot be animated") from None


def run_video(ctx: JobContext) -> dict[str, Any]:
    """The job's work: ``{"outputs": {format: key}, "sizes": {format: bytes}}`` for
    :func:`finish_video`. Raises NotFound (video or generation gone), InvalidInput (a design the
    preset cannot animate, a GIF over its limit) or RenderError (a missing asset, the encoder)."""
    services, vid = ctx.services, uuid.UUID(ctx.subject_id)
    work = _load(ctx)
    if ctx.phase == "finish" and work.outputs and all(services.blobs.exists(k) for k in work.outputs.values()):
        return {"outputs": work.outputs, "sizes": work.sizes}  # stored by a worker that died before finishing
    animation, gif = work.animation, GifOptions()
    render = [f for f in work.formats if f != "poster"]
    progress = VideoProgress(ctx, work, frames_to_make(animation, render, gif))
    progress.write(1, "Starting" if ctx.attempt == 1 else f"Starting again (attempt {ctx.attempt})", None)
    assets = BlobAssets(services.blobs, work.generation_files)
    files, source = _remote_mp4(services, work, assets) if "mp4" in render else ([], None)
    files += render_animation(work.design, assets, animation, [f for f in render if not (source and f == "mp4")],
                              gif=gif, poster="jpg" if "poster" in work.formats else "none", progress=progress)
    outputs: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for f in files:
        ctx.check()
        fmt = "poster" if f.name.startswith(f"{animation.preset}-poster.") else f.name.rsplit(".", 1)[1]
        key = video_key(vid, f.name)
        services.blobs.put(key, f.data, f.content_type)
        outputs[fmt], sizes[fmt] = key, len(f.data)
    with ctx.transaction() as session:
        repository.set_state(session, vid, outputs=outputs, sizes=sizes, progress=98, message="Saving the files",
                             eta_seconds=0.0, updated_at=utcnow())
    ctx.advance("finish")
    return {"outputs": outputs, "sizes": sizes, "note": source.message if source else None}


def _remote_mp4(services: Any, work: _Work, assets: BlobAssets) -> tuple[list[OutputFile], VideoSource | None]:
    """The MP4 from the configured AI video provider (``ROUTIX_VIDEO_PROVIDER``), or from the
    local animator when that provider is not configured or fails: ``([the mp4], its source)``.
    ``([], None)`` when no provider is configured (the local animator makes every file)."""
    settings = services.settings
    if settings.video_provider in ("", "local"):
        return [], None
    resilience = Resilience.from_settings(get_provider_settings(), default_breakers(get_provider_settings()))
    secret = getattr(settings, f"{settings.video_provider}_api_key", None)
    provider = build_video_provider(settings.video_provider, secret.get_secret_value() if secret else None,
                                    resilience=resilience, timeout=settings.video_provider_timeout)
    animation = work.animation

    def still() -> bytes:
        return poster_bytes(poster_image(work.design, assets, animation.size), "png")

    def local() -> bytes:
        return render_animation(work.design, assets, animation, ["mp4"], poster="none")[0].data

    prompt = f"{animation.preset.replace('_', ' ')} camera move over this thumbnail, keep the text unchanged"
    data, source = make_with_fallback(provider, still, local, prompt=prompt, duration=animation.duration,
                                      size=animation.size)
    return [OutputFile(f"{animation.preset}.mp4", data, MIME["mp4"])], source


def finish_video(session: Session, ctx: JobContext, values: dict[str, Any]) -> AfterCommit | None:
    """Inside the completion transaction: status ``completed`` with the files, then the credits
    charged. Returns the after-commit publishing of ``video:completed``."""
    vid = uuid.UUID(ctx.subject_id)
    note = values.get("note")
    repository.complete(session, vid, utcnow(), FILES_KEPT, outputs=values["outputs"], sizes=values["sizes"],
                        attempt=ctx.attempt, message=f"Your video is ready. {note}" if note else "Your video is ready")
    row = repository.get_video(session, vid, fresh=True)
    if row is None:  # deleted meanwhile: nothing points at the files any more
        return lambda: discard_files(ctx.services, vid)
    credits.settle(session, row, refund=row.status != "completed")
    event, user_id, services = completed_event(row, ctx.services), str(row.user_id), ctx.services
    return lambda: publish(services, user_id, event)


def fail_video(session: Session, ctx: JobContext, failure: Failure) -> AfterCommit | None:
    """Inside the failure (or cancellation) transaction: status ``failed`` and the credits
    refunded. Returns the after-commit step: publish ``video:failed``, delete the files."""
    vid, now, services = uuid.UUID(ctx.subject_id), utcnow(), ctx.services
    values: dict[str, Any] = {"status": "failed", "message": failure.message[:500], "error_code": failure.code[:100],
                              "error_message": failure.message, "eta_seconds": None, "completed_at": now,
                              "updated_at": now, "outputs": {}, "sizes": {}}
    if ctx.lease is not None:
        values["attempt"] = ctx.attempt
    repository.set_state(session, vid, **values)
    row = repository.get_video(session, vid, fresh=True)
    if row is None:
        return lambda: discard_files(services, vid)
    if row.status != "failed":
        return None
    credits.settle(session, row, refund=True)
    event, user_id = failed_event(row), str(row.user_id)

    def after() -> None:
        publish(services, user_id, event)
        services.blobs.delete_prefix(video_key(vid, ""))

    return after


def note_retry(session: Session, ctx: JobContext, failure: Failure) -> None:
    """Inside the retry transaction: tell the user the video is being retried."""
    repository.set_state(session, uuid.UUID(ctx.subject_id), message=failure.message[:500], updated_at=utcnow())


def discard_files(services: Any, video_id: uuid.UUID) -> None:
    """Delete a video's files when its row no longer exists (nothing points at them)."""
    with services.db.session() as session:
        if repository.get_video(session, video_id) is not None:
            return
    services.blobs.delete_prefix(video_key(video_id, ""))


def _lost(ctx: JobContext) -> None:
    discard_files(ctx.services, uuid.UUID(ctx.subject_id))


def clean_expired(ctx: JobContext) -> int:
    """Delete the files of expired, not kept videos (batches of CLEANUP_BATCH; each batch's
    rows are read and then marked in transactions fenced by the clean-up job's lease). Returns
    how many videos were cleaned. A crash between deleting and marking deletes again: harmless."""
    now, cleaned = utcnow(), 0
    while True:
        with ctx.transaction() as session:
            batch = repository.expired(session, now, limit=CLEANUP_BATCH)
        for video_id, _ in batch:
            ctx.check()
            ctx.services.blobs.delete_prefix(video_key(video_id, ""))
        with ctx.transaction() as session:
            cleaned += repository.mark_files_deleted(session, [video_id for video_id, _ in batch], now)
        if len(batch) < CLEANUP_BATCH:
            return cleaned


VIDEO = register(JobKind(
    name="video", run=run_video, finish=finish_video, fail=fail_video, retrying=note_retry, lost=_lost,
    priority=PRIORITY_INTERACTIVE, per_user_limit=PER_USER_LIMIT, phases=PHASES, label="video",
    retry=RetryPolicy(backoff=2.0, factor=2.0, max_backoff=60.0),
))

VIDEO_CLEANUP = register(JobKind(
    name="video_cleanup", run=clean_expired, priority=PRIORITY_MAINTENANCE, every=CLEANUP_EVERY,
    label="video clean-up", retry=RetryPolicy(max_attempts=3, backoff=60.0),
))

__all__ = ["CLEANUP_EVERY", "FILES_KEPT", "PER_USER_LIMIT", "VIDEO", "VIDEO_CLEANUP", "BlobAssets", "VideoProgress",
           "clean_expired", "discard_files", "fail_video", "finish_video", "note_retry", "run_video"]
