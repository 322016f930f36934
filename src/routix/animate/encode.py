"""Clips -> files: MP4 (H.264), WebM (VP9), GIF, and the poster still.

* **MP4**: libx264, yuv420p, CRF 20, preset ``veryfast``, ``+faststart`` (the index is at
  the front, so a browser starts playing before the download ends), colour tagged.
* **WebM**: libvpx-vp9, yuv420p, constant quality (CRF 33), realtime speed 8, row threading.
* **GIF**: one palette for the whole clip (octree over frames sampled across it), ordered 8x8
  Bayer dithering (a fixed pattern, so still areas stay identical between frames), FFmpeg's
  GIF encoder storing only the changed rectangle of each frame with unchanged pixels
  transparent. Default 480 px wide at 15 fps, looping, at most 8 MB; a larger result is
  refused with an :class:`~routix.errors.InvalidInput` that says its size.
* **Poster**: the design at rest (the thumbnail's own render), JPEG or PNG.

Video frames go from the compositor's RGBA to I420 with OpenCV (BT.601 limited range, as FFmpeg
converts, tagged so players decode it so; chroma averaged over each 2x2 block) and are encoded
by PyAV (FFmpeg's libraries in its wheel).
Frames are composited in a worker thread while the encoder runs: both release the GIL.
"""

from __future__ import annotations

import contextlib
import io
import queue
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Final

import av
import cv2
import numpy as np
from av.video.stream import VideoStream
from PIL import Image

from routix.animate.clip import Clip
from routix.errors import InvalidInput, RenderError
from routix.render import to_jpeg, to_png

#: (stage, frames done, frames in all) -> None
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class VideoCodec:
    """How one video format is written: container, encoder and their options."""

    fmt: str
    container: str
    codec: str
    mime: str
    options: dict[str, str] = field(default_factory=dict)
    container_options: dict[str, str] = field(default_factory=dict)


MP4: Final = VideoCodec("mp4", "mp4", "libx264", "video/mp4",
                        {"preset": "veryfast", "crf": "20", "profile": "high"}, {"movflags": "+faststart"})
WEBM: Final = VideoCodec("webm", "webm", "libvpx-vp9", "video/webm",
                         {"crf": "33", "b": "0", "deadline": "realtime", "cpu-used": "8", "row-mt": "1"})
VIDEO_CODECS: Final[dict[str, VideoCodec]] = {"mp4": MP4, "webm": WEBM}
FORMATS: Final = ("mp4", "webm", "gif")

GIF_WIDTH: Final = 480
GIF_FPS: Final = 15
GIF_MAX_BYTES: Final = 8_000_000

#: Limited-range chroma from full-range: c' = 128 + (c - 128) 224 / 255
_CHROMA_SCALE: Final = 224 / 255


def rgba_to_i420(frame: np.ndarray) -> np.ndarray:
    """RGBA (h x w x 4, even h and w) -> I420 planes stacked as PyAV's ``yuv420p`` array
    (h * 3 / 2 x w): ITU-R BT.601 limited range (what FFmpeg's own RGB conversion gives, within
    one level), each chroma sample computed from the mean colour of its 2x2 block. OpenCV's
    direct I420 conversion supplies the luma; it takes chroma from one pixel of each block,
    which fringes coloured edges, so chroma comes from a 2x2 area-averaged copy instead."""
    h, w = frame.shape[:2]
    out = cv2.cvtColor(frame, cv2.COLOR_RGBA2YUV_I420)
    half = cv2.resize(frame, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    ycc = cv2.cvtColor(cv2.cvtColor(half, cv2.COLOR_RGBA2RGB), cv2.COLOR_RGB2YCrCb)  # full range
    ycc = cv2.convertScaleAbs(ycc, alpha=_CHROMA_SCALE, beta=128 * (1 - _CHROMA_SCALE))
    out[h:h + h // 4] = ycc[:, :, 2].reshape(h // 4, w)
    out[h + h // 4:] = ycc[:, :, 1].reshape(h // 4, w)
    return out


def _video_stream(stream: object) -> VideoStream:
    if not isinstance(stream, VideoStream):  # pragma: no cover - a video codec gives a video stream
        raise RenderError(f"expected a video stream, got {type(stream).__name__}")
    return stream


class VideoWriter:
    """One video file being written (to a temporary file: ``+faststart`` rewrites it)."""

    def __init__(self, codec: VideoCodec, size: tuple[int, int], fps: int, directory: Path) -> None:
        self.codec = codec
        self.path = directory / f"clip.{codec.fmt}"
        self.fps = fps
        self._n = 0
        self._out = av.open(str(self.path), "w", format=codec.container, options=codec.container_options)
        stream = _video_stream(self._out.add_stream(codec.codec, rate=fps, options=codec.options))
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        cc = stream.codec_context
        # BT.601 matrix (smpte170m), sRGB's BT.709 primaries and transfer, limited range
        cc.colorspace, cc.color_primaries, cc.color_trc, cc.color_range = 6, 1, 1, 1
        self._stream = stream

    def write(self, i420: np.ndarray) -> None:
        frame = av.VideoFrame.from_ndarray(i420, format="yuv420p")
        frame.pts = self._n
        frame.time_base = Fraction(1, self.fps)
        self._n += 1
        for packet in self._stream.encode(frame):
            self._out.mux(packet)

    def close(self) -> bytes:
        for packet in self._stream.encode():
            self._out.mux(packet)
        self._out.close()
        return self.path.read_bytes()

    def abort(self) -> None:
        with contextlib.suppress(av.FFmpegError, OSError):
            self._out.close()


def _produce(clip: Clip, convert: Callable[[np.ndarray], np.ndarray], q: queue.Queue, stop: threading.Event) -> None:
    """Worker: composite and convert every frame into ``q``; then None; or the exception."""
    try:
        canvas = np.empty((clip.size[1], clip.size[0], 4), np.uint8)
        for i in range(clip.count):
            if stop.is_set():
                return
            q.put(convert(clip.frame_rgba(i, canvas)))
        q.put(None)
    except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread, which re-raises it
        q.put(exc)


def frames_ahead(clip: Clip, convert: Callable[[np.ndarray], np.ndarray], *, depth: int = 6):
    """Every frame of ``clip`` passed through ``convert``, composited in a worker thread up to
    ``depth`` frames ahead of the consumer. The worker stops if the consumer stops early."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    worker = threading.Thread(target=_produce, args=(clip, convert, q, stop), daemon=True, name="routix-frames")
    worker.start()
    try:
        while True:
            item = q.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            try:
                q.get_nowait()
            except queue.Empty:
                worker.join(0.01)


def encode_videos(clip: Clip, formats: list[str], progress: ProgressCallback | None = None) -> dict[str, bytes]:
    """Encode ``clip`` into every video format of ``formats`` (mp4, webm) in one pass over its
    frames -> {format: file bytes}."""
    codecs = [VIDEO_CODECS[f] for f in formats]
    w, h = clip.size
    if w % 2 or h % 2:
        raise InvalidInput(f"video sizes must be even, got {w}x{h}")
    label = "+".join(formats)
    with tempfile.TemporaryDirectory(prefix="routix-animate-") as tmp:
        writers: list[VideoWriter] = []
        try:
            for codec in codecs:
                writers.append(VideoWriter(codec, clip.size, clip.fps, Path(tmp)))
            for i, i420 in enumerate(frames_ahead(clip, rgba_to_i420)):
                for writer in writers:
                    writer.write(i420)
                if progress:
                    progress(label, i + 1, clip.count)
            out = {}
            while writers:
                writer = writers.pop(0)
                out[writer.codec.fmt] = writer.close()
            return out
        except av.FFmpegError as exc:
            raise RenderError(f"video encoding failed ({label}): {exc}") from exc
        finally:
            for writer in writers:
                writer.abort()


# ---------------------------------------------------------------------------------- GIF


def gif_size(video_size: tuple[int, int], width: int = GIF_WIDTH) -> tuple[int, int]:
    """The GIF's (w, h) for a clip of ``video_size``: ``width`` wide, same aspect."""
    w, h = video_size
    return width, max(2, round(width * h / w))


#: 8x8 Bayer threshold matrix, values 0..63
_BAYER: Final = np.array([
    [0, 32, 8, 40, 2, 34, 10, 42], [48, 16, 56, 24, 50, 18, 58, 26],
    [12, 44, 4, 36, 14, 46, 6, 38], [60, 28, 52, 20, 62, 30, 54, 22],
    [3, 35, 11, 43, 1, 33, 9, 41], [51, 19, 59, 27, 49, 17, 57, 25],
    [15, 47, 7, 39, 13, 45, 5, 37], [63, 31, 55, 23, 61, 29, 53, 21],
], dtype=np.float32)

#: Dither amplitude in 8-bit levels: about the spacing of a 256-colour adaptive palette.
_DITHER = 12.0


def _dither_offsets(size: tuple[int, int]) -> np.ndarray:
    w, h = size
    tile = (_BAYER + 0.5) / 64 - 0.5
    full = np.tile(tile, (h // 8 + 1, w // 8 + 1))[:h, :w]
    return (full * _DITHER).astype(np.int16)[:, :, None]


def clip_palette(clip: Clip, samples: int = 10) -> Image.Image:
    """One palette for the whole clip: 255 colours by octree quantisation over ``samples``
    frames spread across it -> a ``P`` image carrying the palette (index 255 stays free for
    the GIF encoder's "unchanged pixel" transparency)."""
    idx = sorted({round(k * (clip.count - 1) / max(1, samples - 1)) for k in range(samples)})
    frames = [clip.frame_rgba(i)[:, :, :3] for i in idx]
    montage = Image.fromarray(np.ascontiguousarray(np.vstack(frames)), "RGB")
    return montage.quantize(colors=255, method=Image.Quantize.FASTOCTREE)


def _argb(palette: Image.Image) -> np.ndarray:
    """The palette as PyAV's pal8 table: 256 x ARGB, unused entries fully transparent."""
    rgb = np.asarray(palette.getpalette() or [], np.uint8).reshape(-1, 3)[:255]
    table = np.zeros((256, 4), np.uint8)
    table[:len(rgb), 0] = 255
    table[:len(rgb), 1:] = rgb
    return table


def encode_gif(clip: Clip, *, max_bytes: int = GIF_MAX_BYTES, progress: ProgressCallback | None = None) -> bytes:
    """Encode ``clip`` (already at GIF size and rate) as a looping GIF; refuse, with its size,
    a GIF over ``max_bytes``.

    FFmpeg's GIF encoder (through PyAV) stores each frame as the rectangle that changed, with
    unchanged pixels transparent, which is what keeps a slowly moving clip small.
    """
    palette = clip_palette(clip)
    table = _argb(palette)
    offsets = _dither_offsets(clip.size)

    def quantize(frame: np.ndarray) -> np.ndarray:
        rgb = np.clip(frame[:, :, :3].astype(np.int16) + offsets, 0, 255).astype(np.uint8)
        return np.asarray(Image.fromarray(rgb, "RGB").quantize(palette=palette, dither=Image.Dither.NONE))

    buf = io.BytesIO()
    try:
        out = av.open(buf, "w", format="gif", options={"loop": "0"})
        stream = _video_stream(out.add_stream("gif", rate=clip.fps))
        stream.width, stream.height = clip.size
        stream.pix_fmt = "pal8"
        for i, indices in enumerate(frames_ahead(clip, quantize)):
            # PyAV takes pal8 as an (indices, ARGB table) pair; its type stubs only know arrays
            frame = av.VideoFrame.from_ndarray((indices, table), format="pal8")  # type: ignore[arg-type]
            frame.pts = i
            frame.time_base = Fraction(1, clip.fps)
            for packet in stream.encode(frame):
                out.mux(packet)
            if progress:
                progress("gif", i + 1, clip.count)
        for packet in stream.encode():
            out.mux(packet)
        out.close()
    except av.FFmpegError as exc:
        raise RenderError(f"GIF encoding failed: {exc}") from exc
    data = buf.getvalue()
    if len(data) > max_bytes:
        raise InvalidInput(
            f"the GIF would be {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
            f"({clip.size[0]}x{clip.size[1]}, {clip.fps} fps, {clip.duration:g} s); make it shorter, "
            "narrower (--gif-width) or slower (--gif-fps), or use mp4/webm")
    return data


def poster_bytes(image: Image.Image, kind: str) -> bytes:
    """The poster still as ``jpg`` (adaptive quality, under 2 MB) or ``png``."""
    if kind in ("jpg", "jpeg"):
        return to_jpeg(image)
    if kind == "png":
        return to_png(image)
    raise InvalidInput(f"poster must be jpg or png, got {kind!r}")


__all__ = [
    "FORMATS", "GIF_FPS", "GIF_MAX_BYTES", "GIF_WIDTH", "MP4", "VIDEO_CODECS", "WEBM", "ProgressCallback",
    "VideoCodec", "VideoWriter", "clip_palette", "encode_gif", "encode_videos", "frames_ahead", "gif_size",
    "poster_bytes", "rgba_to_i420",
]
