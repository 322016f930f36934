"""The files one animation request produces, as bytes: what the CLI (and later a job) writes.

Names: ``<preset>.mp4``, ``<preset>.webm``, ``<preset>.gif`` and ``<preset>-poster.jpg`` (or
``.png``). MP4 and WebM share one pass over the frames; the GIF is its own smaller clip (laid
out at its own width, so its text is rendered at GIF resolution, never scaled down from the
video).
"""

from __future__ import annotations

from dataclasses import dataclass

from routix.animate.clip import Clip, poster_image
from routix.animate.encode import FORMATS, ProgressCallback, encode_gif, encode_videos, gif_size, poster_bytes
from routix.animate.models import Animation, GifOptions
from routix.design import Design
from routix.errors import InvalidInput
from routix.render.assets import AssetResolver

MIME = {"mp4": "video/mp4", "webm": "video/webm", "gif": "image/gif", "jpg": "image/jpeg", "png": "image/png"}
POSTERS = ("jpg", "png", "none")


@dataclass(frozen=True)
class OutputFile:
    name: str
    data: bytes
    content_type: str


def parse_formats(text: str | list[str]) -> list[str]:
    """``"mp4,webm,gif"`` -> ["mp4", "webm", "gif"] (deduplicated, order kept); a clear error
    for anything else."""
    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        f = item.strip().lower().lstrip(".")
        if not f:
            continue
        if f not in FORMATS:
            raise InvalidInput(f"unknown format {item.strip()!r}; choose from {', '.join(FORMATS)}")
        if f not in out:
            out.append(f)
    if not out:
        raise InvalidInput(f"no output format given; choose from {', '.join(FORMATS)}")
    return out


def frames_to_make(animation: Animation, formats: list[str], gif: GifOptions) -> int:
    """How many frames the request composites (for a progress bar)."""
    total = animation.frame_count() if any(f in ("mp4", "webm") for f in formats) else 0
    if "gif" in formats:
        total += animation.frame_count(gif.fps)
    return total


def render_animation(design: Design, assets: AssetResolver, animation: Animation, formats: list[str], *,
                     gif: GifOptions | None = None, poster: str = "jpg",
                     progress: ProgressCallback | None = None) -> list[OutputFile]:
    """Every requested file of ``design`` animated by ``animation`` -> [OutputFile].

    Raises :class:`InvalidInput` for a design the preset cannot animate or a GIF over its size
    limit, :class:`routix.errors.RenderError` for a missing asset or an encoder failure.
    """
    if poster not in POSTERS:
        raise InvalidInput(f"poster must be one of {', '.join(POSTERS)}, got {poster!r}")
    gif = gif or GifOptions()
    base = animation.preset
    files: list[OutputFile] = []
    videos = [f for f in formats if f in ("mp4", "webm")]
    if progress:
        progress("prepare", 0, 0)
    if videos:
        clip = Clip(design, assets, animation)
        for fmt, data in encode_videos(clip, videos, progress).items():
            files.append(OutputFile(f"{base}.{fmt}", data, MIME[fmt]))
    if "gif" in formats:
        small = Clip(design, assets, animation, size=gif_size(animation.size, gif.width), fps=gif.fps)
        files.append(OutputFile(f"{base}.gif", encode_gif(small, max_bytes=gif.max_bytes, progress=progress),
                                MIME["gif"]))
    if poster != "none":
        image = poster_image(design, assets, animation.size)
        files.append(OutputFile(f"{base}-poster.{poster}", poster_bytes(image, poster), MIME[poster]))
    return files


__all__ = ["MIME", "POSTERS", "OutputFile", "frames_to_make", "parse_formats", "render_animation"]
