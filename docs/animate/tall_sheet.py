"""Contact sheet of every starter template laid out for 9:16 (1080x1920), for docs/animate.md.

    .venv/bin/python docs/animate/tall_sheet.py        # writes docs/animate/tall-starters.png

Each template is filled by ``routix generate`` offline (the bundled sample photo for templates
with a person; a text-only request for the hero layouts), painted by Lightning, and its
design.json rendered at 1080x1920. The
player's interface zones (bottom 20 %: caption and buttons; right 15 %: the action column)
are shaded so a look shows whether the title and the face stay clear of them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from routix.assembly import run_generate  # noqa: E402
from routix.design import Design  # noqa: E402
from routix.design.boxes import UI_BOTTOM, UI_RIGHT  # noqa: E402
from routix.generate import FolderSink, GenerationRequest  # noqa: E402
from routix.generate.assets import DirectoryAssets  # noqa: E402
from routix.render import render  # noqa: E402
from routix.render.fonts import get_font  # noqa: E402
from routix.templates.starter import STARTER_TEMPLATES  # noqa: E402
from routix.vision import load_image  # noqa: E402

OUT = Path(__file__).resolve().parent / "tall-starters.png"
SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
THUMB_W, COLS = 216, 9
#: A text-only request per hero layout kind, so the hero slots get their icons and numbers.
HERO_PROMPTS = {
    "hero_center": "why is the sky blue?",
    "hero_side": "easy vegan pasta recipe",
    "hero_number": "day 100 of learning piano",
    "hero_versus": "iphone vs android, which is better",
    "hero_grid": "pizza, burger and sushi taste test",
}


def tall_render(template_id: str, composition: str) -> Image.Image:
    """The template filled by ``routix generate`` (Lightning, contrast fixed), rendered at 9:16."""
    hero = composition in HERO_PROMPTS or composition == "text_only"
    prompt = HERO_PROMPTS.get(composition, "the first computer bug, explained")
    request = GenerationRequest(prompt=prompt, title=None if hero else "The First Computer Bug",
                                faces=[] if hero else [load_image(SAMPLE)], template_id=template_id, seed=7)
    with tempfile.TemporaryDirectory(prefix="routix-tall-") as tmp:
        folder = Path(tmp)
        run_generate(request, sink=FolderSink(folder), ocr=False)
        design = Design.from_json((folder / "design.json").read_bytes())
        return render(design, (1080, 1920), DirectoryAssets(folder)).image


def shade_ui(image: Image.Image) -> Image.Image:
    w, h = image.size
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, round(UI_BOTTOM * h), w, h), fill=(255, 255, 255, 60), outline=(255, 255, 255, 200), width=4)
    draw.rectangle((round(UI_RIGHT * w), 0, w, round(UI_BOTTOM * h)), fill=(255, 255, 255, 60),
                   outline=(255, 255, 255, 200), width=4)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def main() -> None:
    th = THUMB_W * 16 // 9
    label_h, gap = 20, 6
    rows = -(-len(STARTER_TEMPLATES) // COLS)
    sheet = Image.new("RGB", (COLS * (THUMB_W + gap) - gap, rows * (th + label_h + gap)), "white")
    draw = ImageDraw.Draw(sheet)
    font = get_font("oswald", 13)
    for i, template in enumerate(STARTER_TEMPLATES):
        image = shade_ui(tall_render(template.id, template.dna.composition))
        r, c = divmod(i, COLS)
        x, y = c * (THUMB_W + gap), r * (th + label_h + gap)
        sheet.paste(image.resize((THUMB_W, th), Image.Resampling.LANCZOS), (x, y + label_h))
        draw.text((x + 2, y + 2), template.id, font=font, fill="#222222")
        print(template.id, flush=True)
    sheet.save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
