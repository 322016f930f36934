"""Animated thumbnails: `python bench/animate.py` (part of `make bench`).

For each case (a 5 s parallax of a design made offline from the bundled sample photo):

* **ours**: build the clip (every layer rendered once) + composite every frame + encode, wall
  time, as `routix animate` does it;
* **plain encode**: the same number of frames, rendered beforehand (not timed), encoded by a
  plain PyAV loop (`VideoFrame.from_ndarray(rgb24)` -> the same encoder and options), in the
  same run;
* the ratio ours / plain (target <= 1.5x) and the real-time factor clip seconds / our seconds
  (target > 1: faster than real time);
* what 5 s of full renders would cost instead: `render()` per frame, measured on 10 frames.

Cases: MP4 (H.264) 1280x720 30 fps, WebM (VP9) 1280x720 30 fps, GIF 480x270 15 fps, MP4
1080x1080 30 fps, MP4 1080x1920 30 fps (the 9:16 layout). Each is timed `--repeat` times
(default 3), interleaved, and the median kept: the machine is shared, so single runs are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from routix.animate import Animation, Clip, encode_gif, encode_videos, gif_size  # noqa: E402
from routix.animate.encode import VIDEO_CODECS  # noqa: E402
from routix.assembly import run_generate  # noqa: E402
from routix.design import Design  # noqa: E402
from routix.generate import FolderSink, GenerationRequest  # noqa: E402
from routix.generate.assets import DirectoryAssets  # noqa: E402
from routix.render import render  # noqa: E402
from routix.vision import load_image  # noqa: E402

SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"



def make_design(folder: Path) -> tuple[Design, DirectoryAssets]:
    request = GenerationRequest(prompt="tech explainer about the first computer bug, bold",
                                faces=[load_image(SAMPLE)], title="The First Computer Bug", seed=7)
    run_generate(request, sink=FolderSink(folder), ocr=False)
    return Design.from_json((folder / "design.json").read_bytes()), DirectoryAssets(folder)


def plain_encode(frames: list[np.ndarray], fmt: str, fps: int, folder: Path) -> tuple[float, float]:
    """(wall s, CPU s) of a plain PyAV encode of ready RGB frames, same encoder and options as ours."""
    t0, c0 = time.perf_counter(), time.process_time()
    h, w = frames[0].shape[:2]
    if fmt == "gif":
        out = av.open(str(folder / "plain.gif"), "w", format="gif")
        stream = out.add_stream("gif", rate=fps)
        stream.pix_fmt = "rgb8"
    else:
        codec = VIDEO_CODECS[fmt]
        out = av.open(str(folder / f"plain.{fmt}"), "w", format=codec.container, options=codec.container_options)
        stream = out.add_stream(codec.codec, rate=fps, options=codec.options)
        stream.pix_fmt = "yuv420p"
    stream.width, stream.height = w, h
    for i, rgb in enumerate(frames):
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts, frame.time_base = i, Fraction(1, fps)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return time.perf_counter() - t0, time.process_time() - c0


def ours(design: Design, assets: DirectoryAssets, anim: Animation, fmt: str) -> tuple[float, float, int, Clip]:
    """(wall s, CPU s, file bytes, clip) of building and encoding the clip."""
    t0, c0 = time.perf_counter(), time.process_time()
    if fmt == "gif":
        clip = Clip(design, assets, anim, size=gif_size(anim.size), fps=15)
        data = encode_gif(clip)
    else:
        clip = Clip(design, assets, anim)
        data = encode_videos(clip, [fmt])[fmt]
    return time.perf_counter() - t0, time.process_time() - c0, len(data), clip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = [("mp4", "1280x720"), ("webm", "1280x720"), ("gif", "1280x720"), ("mp4", "1080x1080"),
             ("mp4", "1080x1920")]
    print(f"animate bench: 5 s parallax, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="routix-bench-animate-") as tmp:
        folder = Path(tmp)
        design, assets = make_design(folder / "design")
        results: dict = {case: {"ours": [], "plain": [], "ours_cpu": [], "plain_cpu": []} for case in cases}
        info: dict = {}
        for _ in range(args.repeat):
            for fmt, size in cases:
                anim = Animation(preset="parallax", duration=5, fps=30, size=size)
                t_ours, c_ours, nbytes, clip = ours(design, assets, anim, fmt)
                frames = [np.ascontiguousarray(clip.frame_rgba(i)[:, :, :3]) for i in range(clip.count)]
                t_plain, c_plain = plain_encode(frames, fmt, clip.fps, folder)
                for key, value in (("ours", t_ours), ("plain", t_plain), ("ours_cpu", c_ours), ("plain_cpu", c_plain)):
                    results[(fmt, size)][key].append(value)
                info[(fmt, size)] = (clip, nbytes)
        # full renders for comparison, 10 frames at each size
        full = {}
        for size in ("1280x720", "1080x1080", "1080x1920"):
            anim = Animation(preset="parallax", size=size)
            render(design, anim.size, assets)  # warm the art cache like a real run would be
            t0 = time.perf_counter()
            for _ in range(10):
                render(design, anim.size, assets)
            full[size] = (time.perf_counter() - t0) / 10
        print(f"load average {os.getloadavg()[0]:.1f} at end; median of {args.repeat} runs")
        print(f"  {'case':<26}{'frames':>7}{'ours s':>9}{'plain s':>9}{'ratio':>8}{'CPU ratio':>11}"
              f"{'x real time':>13}{'size':>10}{'full renders s':>16}")
        for fmt, size in cases:
            clip, nbytes = info[(fmt, size)]
            r = {key: statistics.median(values) for key, values in results[(fmt, size)].items()}
            label = f"{fmt} {clip.size[0]}x{clip.size[1]} {clip.fps} fps"
            renders = full[size] * clip.count if fmt != "gif" else float("nan")
            print(f"  {label:<26}{clip.count:>7}{r['ours']:>9.2f}{r['plain']:>9.2f}{r['ours'] / r['plain']:>7.2f}x"
                  f"{r['ours_cpu'] / r['plain_cpu']:>10.2f}x{5.0 / r['ours']:>12.1f}x{nbytes / 1e6:>8.2f}MB"
                  f"{renders:>16.2f}")


if __name__ == "__main__":
    main()
