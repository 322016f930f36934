"""Frame strips of every animation preset, for docs/animate.md.

    .venv/bin/python docs/animate/strips.py            # writes docs/animate/<preset>.png
    .venv/bin/python docs/animate/strips.py parallax-tall   # only that strip

Makes a design offline from the bundled sample photo (the same one `routix demo` uses), then
for each preset composites six frames spread over a 5 s clip and puts them side by side,
each labelled with its time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from routix.animate import Animation, Clip  # noqa: E402
from routix.assembly import run_generate  # noqa: E402
from routix.design import Design  # noqa: E402
from routix.generate import FolderSink, GenerationRequest  # noqa: E402
from routix.generate.assets import DirectoryAssets  # noqa: E402
from routix.render.fonts import get_font  # noqa: E402
from routix.vision import load_image  # noqa: E402

OUT = Path(__file__).resolve().parent
SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
STRIPS = {
    "zoom": {"preset": "zoom"},
    "pan": {"preset": "pan"},
    "fade_in": {"preset": "fade_in"},
    "parallax": {"preset": "parallax"},
    "parallax-square": {"preset": "parallax", "size": "1080x1080"},
    "parallax-tall": {"preset": "parallax", "size": "1080x1920"},
    "parallax-loop": {"preset": "parallax", "loop": True},
    "title_reveal-type": {"preset": "title_reveal", "reveal": "type"},
    "title_reveal-slide": {"preset": "title_reveal", "reveal": "slide"},
    "title_reveal-pop": {"preset": "title_reveal", "reveal": "pop"},
    "subject_pop": {"preset": "subject_pop"},
}
FRAMES = 6
THUMB_W = 320



def strip(clip: Clip) -> Image.Image:
    w, h = clip.size
    tw, th = THUMB_W, round(THUMB_W * h / w)
    label_h, gap = 22, 4
    out = Image.new("RGB", (FRAMES * tw + (FRAMES - 1) * gap, th + label_h), "white")
    draw = ImageDraw.Draw(out)
    font = get_font("oswald", 15)
    for k in range(FRAMES):
        i = round(k * (clip.count - 1) / (FRAMES - 1))
        x = k * (tw + gap)
        out.paste(clip.frame(i).resize((tw, th), Image.Resampling.LANCZOS), (x, label_h))
        draw.text((x + 4, 2), f"frame {i + 1}/{clip.count}  t = {i / clip.fps:.2f} s", font=font, fill="#333333")
    return out


def sample_design(folder: Path) -> tuple[Design, DirectoryAssets]:
    """The design `routix generate` makes from the bundled sample photo, written into ``folder``."""
    request = GenerationRequest(prompt="tech explainer about the first computer bug, bold",
                                faces=[load_image(SAMPLE)], title="The First Computer Bug", seed=7)
    run_generate(request, sink=FolderSink(folder), ocr=False)
    return Design.from_json((folder / "design.json").read_bytes()), DirectoryAssets(folder)


def main(only: list[str] | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="routix-strips-") as tmp:
        design, assets = sample_design(Path(tmp))
        for name, options in STRIPS.items():
            if only and name not in only:
                continue
            clip = Clip(design, assets, Animation(duration=5, fps=30, **options))
            path = OUT / f"{name}.png"
            strip(clip).save(path, optimize=True)
            print(path)


if __name__ == "__main__":
    main(sys.argv[1:] or None)  # names of strips to make again; all by default
