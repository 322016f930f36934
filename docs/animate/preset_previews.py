"""The studio's preset previews: a small looping animated WebP and a poster per animation preset.

    .venv/bin/python docs/animate/preset_previews.py   # writes src/routix/web/static/img/presets/

Made once from the bundled sample photo (the same design as docs/animate/strips.py): each
preset animates it for 3 s in loop mode at 240x135, 12 fps (animated WebP, quality 60: a
GIF of the procedural art is several times larger). The animate panel of a result card
shows them next to each preset's name; they are static files, so they cost nothing at run time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from strips import sample_design  # noqa: E402  (docs/animate/strips.py, next to this script)

from routix.animate import PRESETS, Animation, Clip  # noqa: E402

OUT = ROOT / "src" / "routix" / "web" / "static" / "img" / "presets"
SIZE, FPS = (240, 135), 12


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="routix-presets-") as tmp:
        design, assets = sample_design(Path(tmp))
        for preset in PRESETS:
            clip = Clip(design, assets, Animation(preset=preset, duration=3, fps=24, loop=True), size=SIZE, fps=FPS)
            frames = [clip.frame(i) for i in range(clip.count)]
            frames[0].save(OUT / f"{preset}.webp", save_all=True, append_images=frames[1:], duration=1000 // FPS,
                           loop=0, quality=60, method=6)
            frames[clip.count // 2].save(OUT / f"{preset}-poster.webp", quality=75, method=6)
            print(OUT / f"{preset}.webp")


if __name__ == "__main__":
    main()
