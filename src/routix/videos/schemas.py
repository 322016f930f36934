"""Request and response models of the video API (the response data comes from ``views``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.kit.pagination import PageOut

Format = Literal["mp4", "webm", "gif", "poster"]
DEFAULT_FORMATS: tuple[Format, ...] = ("mp4", "poster")


class VideoCreate(RequestModel):
    """An animation of a completed generation. ``preset`` and its parameters are those of
    ``routix animate`` (checked by ``routix.animate.Animation``: 422 with every bad field in one
    line); ``formats``: the files to make."""

    preset: str = Field(default="parallax", description="zoom, pan, fade_in, parallax, title_reveal, subject_pop")
    duration: float = Field(default=5.0, description="seconds, 2-15")
    fps: int = Field(default=30, description="24, 30 or 60")
    size: str = Field(default="1280x720",
                      description="1280x720 (16:9), 1080x1080 (1:1) or 1080x1920 (9:16, its own layout)")
    loop: bool = Field(default=False, description="the last frame equals the first")
    easing: str | None = Field(default=None, description="default: the preset's own")
    direction: str | None = Field(default=None, description="zoom: in/out; pan: right/left/up/down; "
                                                            "parallax: right/left")
    reveal: str | None = Field(default=None, description="title_reveal: type, slide or pop")
    intensity: float = Field(default=1.0, description="how far things move, 0.25-2")
    formats: list[Format] = Field(default_factory=lambda: list(DEFAULT_FORMATS), min_length=1, max_length=4,
                                  description="files to make: mp4, webm, gif, poster")


class VideoFileOut(ResponseModel):
    name: str
    bytes: int = Field(description="file size in bytes")
    url: str = Field(description="signed download link (expires after ROUTIX_SIGNED_URL_TTL s)")


class VideoErrorOut(ResponseModel):
    code: str | None
    message: str | None


class VideoOut(ResponseModel):
    """A video. ``status``: queued, processing, completed, failed; ``progress`` 0-100;
    ``eta_seconds``: seconds left (estimated from the frames to render; 0 once completed)."""

    id: str
    generation_id: str
    status: str
    progress: int = Field(ge=0, le=100)
    message: str
    attempt: int
    eta_seconds: float | None
    preset: str
    animation: dict[str, Any] = Field(description="the animation as validated (size as [w, h])")
    formats: list[str]
    size: str
    duration: float = Field(description="seconds")
    fps: int
    frames: int = Field(description="frames of the video (mp4/webm)")
    credits: int = Field(description="credits it costs (reserved when accepted, refunded if it fails)")
    sizes: dict[str, int] = Field(description="bytes per format once completed")
    files: dict[str, VideoFileOut] = Field(description="per format, once completed and until the files expire")
    keep: bool = Field(description="kept: the files do not expire")
    expires_at: str | None = Field(description="when the files are deleted unless kept")
    expired: bool = Field(description="the files were deleted")
    error: VideoErrorOut | None
    created_at: str | None
    updated_at: str | None
    started_at: str | None
    completed_at: str | None


class VideoListOut(PageOut):
    """One page of your videos, newest first."""

    items: list[VideoOut]
