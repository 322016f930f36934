"""Routix benchmarks: `make bench`.

Prints, in one run on this machine:

* render + JPEG export p50/p95 at 1280x720 and 3000x3000 for a typical design
  (procedural art, person cutout with outline and shadow, two-line stroked title, a shape,
  vignette), with fresh art each run and with the art cache warm;
* the same photo composite (3000x3000 JPEG -> cover 1280x720 -> blur -> darken -> cutout ->
  JPEG q90) done by Routix and by a plain pyvips pipeline, as a ratio;
* the whole `generate` (one thumbnail, cover, PSD, quality report with OCR) after model load,
  with a photo and text only (a hero icon instead of a cutout);
* peak RSS of a real `routix generate` run (a separate process, so the benchmark's own
  allocations do not count).

Targets (2-core machine): render+JPEG p50 <= 60 ms at 1280x720; generate <= 1.5 s; peak RSS <= 600 MB.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from routix.assembly import run_generate  # noqa: E402
from routix.design import Box, Design, ImageFill, ImageLayer  # noqa: E402
from routix.generate import GenerationRequest, MemoryAssets  # noqa: E402
from routix.render import render, to_jpeg  # noqa: E402
from routix.vision import extract_subjects, load_image  # noqa: E402

SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t0)
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def row(name: str, values: list[float], target: str = "") -> None:
    p50, p95 = statistics.median(values) * 1000, pct(values, 0.95) * 1000
    print(f"  {name:<44} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   n={len(values):<3} {target}")


class NullSink:
    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.last = name


def typical_design() -> tuple[Design, MemoryAssets]:
    """The design `generate` makes for the sample photo, plus its assets."""
    sink = NullSink()
    request = GenerationRequest(prompt="gaming thumbnail with explosions", faces=[load_image(SAMPLE)],
                                title="I Survived The Final Boss", seed=1)
    from routix.brief import get_planner
    from routix.generate import LightningAlgorithm, generate
    from routix.templates import starter_index

    assets = MemoryAssets()
    result = generate(request, planner=get_planner(), index=starter_index(), algorithm=LightningAlgorithm(),
                      assets=assets, sink=sink, ocr=False)
    return result.design, assets


def with_seed(design: Design, seed: int) -> Design:
    layers = list(design.layers)
    bg = layers[0]
    if getattr(bg.fill, "type", "") == "procedural":
        layers[0] = bg.model_copy(update={"fill": bg.fill.model_copy(update={"seed": seed})})
    return design.model_copy(update={"layers": layers})


def bench_render(design: Design, assets: MemoryAssets) -> None:
    print("render + JPEG export (typical design)")
    for size, n in (((1280, 720), 30), ((3000, 3000), 6)):
        render(design, size, assets.get)  # warm fonts, art cache
        fresh = timed(lambda i, size=size: to_jpeg(render(with_seed(design, 1000 + i), size, assets.get).image), n)
        warm = timed(lambda i, size=size: to_jpeg(render(design, size, assets.get).image), n)
        target = "(target p50 <= 60 ms)" if size == (1280, 720) else ""
        row(f"{size[0]}x{size[1]}, fresh art each run", fresh, target)
        row(f"{size[0]}x{size[1]}, art cache warm", warm)


def bench_vs_pyvips(cutout: Image.Image) -> None:
    import pyvips

    print("photo composite: Routix vs plain pyvips (same operations)")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jpg"
        Image.open(SAMPLE).convert("RGB").resize((3000, 3000), Image.LANCZOS).save(big, quality=90)
        cut_png = Path(tmp) / "cut.png"
        cutout.save(cut_png)
        assets = MemoryAssets()
        bg_ref = assets.put(load_image(big), hint="bg")
        cut_ref = assets.put(cutout, hint="cut")
        blur = 8 / 720
        design = Design(layers=[
            {"kind": "background", "id": "bg", "fill": ImageFill(asset=bg_ref, blur=blur, darken=0.3)},
            ImageLayer(id="cut", asset=cut_ref, box=Box(x=0.5, y=0.05, w=0.45, h=0.95)),
        ])

        def routix_run(_: int) -> bytes:
            assets._images[bg_ref] = load_image(big)  # decode is part of the pipeline in both
            return to_jpeg(render(design, (1280, 720), assets.get).image, quality=90)

        def vips_run(_: int) -> bytes:
            bg = pyvips.Image.thumbnail(str(big), 1280, height=720, crop="centre")
            bg = bg.gaussblur(8 / 2).linear(0.7, 0)
            cut = pyvips.Image.new_from_file(str(cut_png))
            scale = 684 / cut.height
            cut = cut.resize(scale)
            left = int(0.5 * 1280 + (0.45 * 1280 - cut.width) / 2)
            out = bg.composite2(cut, "over", x=left, y=720 - cut.height)
            return out.flatten().jpegsave_buffer(Q=90)

        routix_times = timed(routix_run, 12)
        vips_times = timed(vips_run, 12)
        row("Routix (Pillow/numpy)", routix_times)
        row("pyvips baseline", vips_times)
        ratio = statistics.median(routix_times) / statistics.median(vips_times)
        print(f"  ratio Routix / pyvips (p50): {ratio:.2f}x")


def bench_generate() -> None:
    """The whole generate with a photo and without one (the hero instead of a cutout): the same
    prompts both ways, run alternately so that the machine's load weighs on both alike, then
    prompts that exercise the hero plans (number, versus, grid)."""
    print("whole generate (thumbnail + cover + PSD + quality with OCR), models loaded")
    face = load_image(SAMPLE)
    with tempfile.TemporaryDirectory():
        run_generate(GenerationRequest(prompt="warm up", faces=[face]), sink=NullSink())
        run_generate(GenerationRequest(prompt="warm up without a photo"), sink=NullSink())
        prompts = ["gaming thumbnail with explosions", "podcast cover, calm, blue", "how to invest your first $1000",
                   "my trip to japan travel vlog", "easy pasta recipe in 10 minutes"]
        photo: list[float] = []
        text: list[float] = []
        for i in range(10):
            prompt = prompts[i % len(prompts)]
            for faces, into in (([face], photo), ([], text)) if i % 2 == 0 else (([], text), ([face], photo)):
                t0 = time.perf_counter()
                run_generate(GenerationRequest(prompt=prompt, faces=faces), sink=NullSink())
                into.append(time.perf_counter() - t0)
        row("generate, one thumbnail, with the photo", photo, "(target p50 <= 1500 ms)")
        row("generate, same prompts, text only (hero)", text, "(target p50 <= 1500 ms)")
        print(f"  ratio text only / with the photo (p50): {statistics.median(text) / statistics.median(photo):.2f}"
              "   (target <= 1.00: the hero must not make a request slower)")
        hero = ["easy vegan pasta recipe", "meditation for sleep", "bitcoin crash explained",
                "iphone vs android, which is better", "day 100 of learning piano"]
        times = timed(lambda i: run_generate(GenerationRequest(prompt=hero[i % len(hero)]), sink=NullSink()), 5)
        row("generate, hero plans (number, versus, grid)", times)


def bench_peak_rss() -> None:
    """Peak RSS of `routix generate` with a face, 2 variants and OCR, in its own process.

    Sampled every 5 ms with psutil: the child's own ru_maxrss would include this benchmark
    process's pages copied at fork time."""
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(Path(sys.executable).parent / "routix"), "generate", "gaming thumbnail with explosions",
               "--face", str(SAMPLE), "--variants", "2", "--out", str(Path(tmp) / "out"), "--json"]
        t0 = time.perf_counter()
        child = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while child.poll() is None:
            try:
                peak = max(peak, child.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.005)
        wall = time.perf_counter() - t0
        if child.returncode != 0:
            raise SystemExit(f"routix generate failed with status {child.returncode}")
    print(f"`routix generate` (cold start, 2 variants): {wall:.2f} s wall, peak RSS {peak / 2**20:.0f} MB "
          "(target <= 600 MB)")


def main() -> None:
    t0 = time.perf_counter()
    cutout = extract_subjects(load_image(SAMPLE)).subjects[0].image
    print(f"model load + first cutout: {(time.perf_counter() - t0) * 1000:.0f} ms")
    design, assets = typical_design()
    bench_render(design, assets)
    bench_vs_pyvips(cutout)
    bench_generate()
    bench_peak_rss()


if __name__ == "__main__":
    main()
