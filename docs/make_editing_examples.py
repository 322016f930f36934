"""Regenerates the before/after pictures of docs/editing.md (docs/editing/*.jpg).

Run: PYTHONPATH=src python docs/make_editing_examples.py
Generates one thumbnail offline (Lightning, the sample photo), then applies each instruction
with the offline parser and renders both sides at 480x270 next to each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from routix.assembly import assemble  # noqa: E402
from routix.design.models import Design  # noqa: E402
from routix.edit import apply_edit  # noqa: E402
from routix.edit.assets import EditAssets  # noqa: E402
from routix.edit.describe import describe  # noqa: E402
from routix.edit.parse import parse_instruction  # noqa: E402
from routix.generate import MemoryAssets  # noqa: E402
from routix.generate.assets import FolderSink  # noqa: E402
from routix.generate.pipeline import GenerationRequest  # noqa: E402
from routix.render import render  # noqa: E402
from routix.vision import load_image  # noqa: E402

OUT = ROOT / "docs" / "editing"
EXAMPLES = [
    ("title-bigger", "make the title bigger and move it up"),
    ("title-yellow", "title in yellow with a black outline"),
    ("title-font", "use a comic font"),
    ("blue-scheme", "use a blue colour scheme"),
    ("darker", "make the background darker"),
    ("blur", "blur the background"),
    ("subject-left", "move me to the left"),
    ("flip", "flip me"),
    ("sticker", "add a fire emoji"),
    ("badge-arrow", "add a badge saying NEW and add a red arrow"),
    ("mirror-layout", "swap sides"),
    ("remove-badge", "remove the badge"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = ROOT / "out" / "editing"
    ports = assemble(None)
    photo = load_image(ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg")
    memory = MemoryAssets()
    result = ports.run(GenerationRequest(prompt="tech review of a new laptop", faces=[photo],
                                              title="This Laptop Changed Everything"),
                            assets=memory, sink=FolderSink(work))
    design = Design.model_validate(result.design.model_dump(by_alias=True))
    assets = EditAssets(dict(memory.items()))
    before = render(design, (480, 270), assets.get).image.convert("RGB")
    for name, instruction in EXAMPLES:
        parsed = parse_instruction(instruction, design)
        assert parsed.patch is not None, (instruction, parsed.question)
        after = render(apply_edit(design, parsed.patch, assets=assets), (480, 270), assets.get).image.convert("RGB")
        sheet = Image.new("RGB", (980, 300), "#101014")
        sheet.paste(before, (0, 30))
        sheet.paste(after, (500, 30))
        draw = ImageDraw.Draw(sheet)
        draw.text((4, 6), "before", fill="#9A9AA2")
        draw.text((504, 6), f'"{instruction}" -> {describe(parsed.patch, design)}', fill="#F4F4F6")
        sheet.save(OUT / f"{name}.jpg", quality=82, optimize=True)
        print(OUT / f"{name}.jpg")


if __name__ == "__main__":
    main()
