"""Design + assets + animation -> frames and video files (pure: no I/O beyond temp files).

Routix knows every layer of a thumbnail, so it animates them independently: a parallax with
real depth, a title that types in crisply, a subject that pops from its base.

Public API::

    Animation(preset="parallax", duration=5, fps=30, size="1280x720", loop=False, ...)
    animation_from(**options) -> Animation               # validation errors as one InvalidInput line
    Clip(design, assets, animation, size=None, fps=None)  # .frame(i), .frame_rgba(i), .poster(), .poses(i)
    encode_videos(clip, ["mp4", "webm"]) -> {fmt: bytes}
    encode_gif(clip, max_bytes=8_000_000) -> bytes        # clip at GIF size: Clip(..., size=gif_size(...), fps=15)
    render_animation(design, assets, animation, formats, gif=GifOptions(), poster="jpg") -> [OutputFile]

Modules: ``models`` (the request), ``easing`` (curves), ``roles`` (what each layer is),
``plates`` (layer groups rendered once), ``poses`` (transforms and coverage guards),
``presets`` (how groups move), ``composite`` (one frame), ``clip`` (it all together),
``encode`` (MP4, WebM, GIF, poster), ``outputs`` (the files of one request).
"""

from routix.animate.clip import Clip, build_clip
from routix.animate.easing import EASINGS, ease
from routix.animate.encode import (
    FORMATS,
    encode_gif,
    encode_videos,
    gif_size,
    poster_bytes,
    rgba_to_i420,
)
from routix.animate.models import (
    PRESETS,
    VIDEO_SIZES,
    Animation,
    GifOptions,
    animation_from,
    gif_options_from,
)
from routix.animate.outputs import OutputFile, parse_formats, render_animation
from routix.animate.poses import Pose

__all__ = [
    "EASINGS", "FORMATS", "PRESETS", "VIDEO_SIZES", "Animation", "Clip", "GifOptions", "OutputFile", "Pose",
    "animation_from", "build_clip", "ease", "encode_gif", "encode_videos", "gif_options_from", "gif_size",
    "parse_formats", "poster_bytes", "render_animation", "rgba_to_i420",
]
