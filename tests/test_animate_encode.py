"""Every output format decoded back with PyAV (codec, size, rate, duration), loops that close,
a title OCR can read in the poster and mid-clip, and the GIF size refusal."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from routix.animate import Animation, Clip, encode_gif, encode_videos, gif_size, render_animation, rgba_to_i420
from routix.design import Design
from routix.errors import InvalidInput
from routix.generate.assets import DirectoryAssets
from routix.quality.legibility import text_similarity
from routix.quality.ocr import read_text

TITLE = "The First Computer Bug"



@pytest.fixture(scope="module")
def made(generated_dir: Path) -> tuple[Design, DirectoryAssets]:
    return Design.from_json((generated_dir / "design.json").read_bytes()), DirectoryAssets(generated_dir)


def _decode(data: bytes) -> tuple[dict, list[np.ndarray]]:
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        info = {
            "codec": stream.codec_context.name, "size": (stream.width, stream.height),
            "rate": stream.guessed_rate, "pix_fmt": stream.codec_context.pix_fmt,
            "duration": float(container.duration) / av.time_base if container.duration else None,
            "format": container.format.name,
        }
    return info, frames


@pytest.fixture(scope="module")
def videos(made) -> tuple[Clip, dict[str, bytes]]:
    design, assets = made
    clip = Clip(design, assets, Animation(preset="parallax", duration=2, fps=30))
    return clip, encode_videos(clip, ["mp4", "webm"])


def test_mp4_is_h264_yuv420p_with_faststart(videos):
    clip, files = videos
    info, frames = _decode(files["mp4"])
    assert info["codec"] == "h264" and info["pix_fmt"] == "yuv420p" and "mp4" in info["format"]
    assert info["size"] == (1280, 720) and info["rate"] == 30
    assert len(frames) == 60 and info["duration"] == pytest.approx(2.0, abs=0.05)
    data = files["mp4"]
    assert 0 <= data.find(b"moov") < data.find(b"mdat")  # index first: playback starts while downloading


def test_webm_is_vp9(videos):
    _, files = videos
    info, frames = _decode(files["webm"])
    assert info["codec"] == "vp9" and info["format"].startswith("matroska") and info["pix_fmt"] == "yuv420p"
    assert info["size"] == (1280, 720) and info["rate"] == 30
    assert len(frames) == 60 and info["duration"] == pytest.approx(2.0, abs=0.05)


def test_decoded_frames_look_like_the_clip(videos):
    clip, files = videos
    _, frames = _decode(files["mp4"])
    for i in (0, 29, 59):
        original = clip.frame_rgba(i)[:, :, :3].astype(int)
        assert np.abs(frames[i].astype(int) - original).mean() < 4.0, i  # colours survive the YUV trip


def test_the_i420_conversion_matches_ffmpeg_within_a_level():
    rng = np.random.default_rng(3)
    x = np.linspace(0, 255, 320)[None, :]
    y = np.linspace(0, 255, 180)[:, None]
    rgb = np.stack([x + 0 * y, 255 - x + 0 * y, y + 0 * x], axis=2).astype(np.uint8)
    rgb[40:80, 40:80] = rng.integers(0, 255, (40, 40, 3))  # and a busy patch
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    ours = rgba_to_i420(rgba).astype(int)
    ffmpeg = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p").to_ndarray().astype(int)
    smooth = np.ones_like(ours, dtype=bool)
    smooth[40:80, 40:80] = False  # luma of the busy patch; its chroma (FFmpeg filters across blocks):
    smooth[180 + 8:180 + 22, :] = False
    smooth[180 + 45 + 8:180 + 45 + 22, :] = False
    assert np.abs(ours - ffmpeg)[smooth].max() <= 1
    assert np.abs(ours - ffmpeg).mean() < 0.5


def test_square_mp4(made):
    design, assets = made
    clip = Clip(design, assets, Animation(preset="zoom", duration=2, fps=24, size="1080x1080"))
    info, frames = _decode(encode_videos(clip, ["mp4"])["mp4"])
    assert info["size"] == (1080, 1080) and info["rate"] == 24 and len(frames) == 48


def test_gif_is_480_wide_at_15_fps_and_loops_its_palette(made):
    design, assets = made
    clip = Clip(design, assets, Animation(preset="title_reveal", duration=2), size=gif_size((1280, 720)), fps=15)
    data = encode_gif(clip)
    info, frames = _decode(data)
    assert info["codec"] == "gif" and info["size"] == (480, 270)
    assert len(frames) == 30 and info["duration"] == pytest.approx(2.0, abs=0.05)
    with Image.open(io.BytesIO(data)) as im:
        assert im.info.get("loop") == 0 and im.n_frames == 30
    # one palette for the whole clip: the last frame's colours are close to the source's
    last = clip.frame_rgba(clip.count - 1)[:, :, :3].astype(int)
    assert np.abs(frames[-1].astype(int) - last).mean() < 8


def test_a_gif_over_its_limit_is_refused_with_its_size(made):
    design, assets = made
    clip = Clip(design, assets, Animation(preset="parallax", duration=2), size=(480, 270), fps=15)
    with pytest.raises(InvalidInput) as info:
        encode_gif(clip, max_bytes=50_000)
    message = info.value.message
    assert "the GIF would be" in message and "MB, over the 0.05 MB limit" in message and "mp4" in message


def test_loop_mode_decoded_first_and_last_frames_match(made):
    design, assets = made
    clip = Clip(design, assets, Animation(preset="parallax", duration=2, fps=24, loop=True))
    assert np.array_equal(clip.frame_rgba(0)[:, :, :3], clip.frame_rgba(clip.count - 1)[:, :, :3])
    _, frames = _decode(encode_videos(clip, ["mp4"])["mp4"])
    seam = np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean()  # only coding noise apart
    motion = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).mean()
    assert seam < 3 and seam < 0.25 * motion


@pytest.mark.slow
def test_title_is_legible_in_the_poster_and_mid_clip(made):
    design, assets = made
    files = render_animation(design, assets, Animation(preset="parallax", duration=2, fps=24), ["mp4"], poster="png")
    by_name = {f.name: f for f in files}
    assert set(by_name) == {"parallax.mp4", "parallax-poster.png"}
    poster = Image.open(io.BytesIO(by_name["parallax-poster.png"].data))
    assert poster.size == (1280, 720)
    _, frames = _decode(by_name["parallax.mp4"].data)
    middle = Image.fromarray(frames[len(frames) // 2])
    for image in (poster, middle):
        read = " ".join(read_text(image))
        assert text_similarity(TITLE, read) >= 0.9, read


def test_outputs_are_named_by_preset(made):
    design, assets = made
    files = render_animation(design, assets, Animation(preset="fade_in", duration=2, fps=24), ["gif"],
                             poster="jpg")
    assert [f.name for f in files] == ["fade_in.gif", "fade_in-poster.jpg"]
    assert [f.content_type for f in files] == ["image/gif", "image/jpeg"]
