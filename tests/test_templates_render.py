"""Every starter template renders into a legible 1280x720 thumbnail (and a square cover).

Slots are filled the way the compositor fills them: the subject with a real person cutout
(``routix.vision.extract_subjects`` on the bundled Grace Hopper photo), the logo with a drawn
RGBA mark, text slots with placeholder text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from routix.design import Design, TextLayer
from routix.render import render
from routix.templates import STARTER_TEMPLATES, TIMESTAMP_CORNER, Template
from routix.vision import extract_subjects

PLACEHOLDERS = {
    "{title}": "I BEAT THE HARDEST BOSS", "{subtitle}": "FULL GUIDE", "{badge}": "NEW", "{number}": "DAY 100",
    "{label_a}": "IPHONE", "{label_b}": "ANDROID", "{accent}": "?",
}


@pytest.fixture(scope="module")
def slot_assets(photo_path: Path) -> dict[str, Image.Image]:
    cutout = extract_subjects(photo_path).subjects[0].image
    assert cutout.mode == "RGBA"
    logo = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((8, 8, 248, 248), fill=(255, 255, 255, 255))
    draw.ellipse((40, 40, 216, 216), fill=(230, 30, 60, 255))
    icon = Image.new("RGBA", (300, 260), (0, 0, 0, 0))
    ImageDraw.Draw(icon).rounded_rectangle((10, 10, 290, 250), radius=60, fill=(250, 180, 40, 255))
    return {"slot:subject": cutout, "slot:logo": logo, "slot:hero": icon, "slot:hero_b": icon}


def filled(template: Template) -> Design:
    design = template.design.model_copy(deep=True)
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.text in PLACEHOLDERS:
            layer.text = PLACEHOLDERS[layer.text]
    return design


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=[t.id for t in STARTER_TEMPLATES])
def test_renders_a_legible_youtube_thumbnail(template: Template, slot_assets: dict[str, Image.Image]) -> None:
    width, height = 1280, 720
    result = render(filled(template), (width, height), slot_assets.__getitem__)
    image = result.image
    assert image.size == (width, height) and image.mode == "RGB"
    luma = np.asarray(image.convert("L"), dtype=np.float32)
    assert luma.std() > 25, "the thumbnail should not be flat"

    title = result.text_layouts["title"]
    assert not title.overflow
    assert title.font_size >= 0.1 * height, f"title too small: {title.font_size}px"
    assert " ".join(title.lines) == PLACEHOLDERS["{title}"]
    corner = (round(TIMESTAMP_CORNER[0] * width), round(TIMESTAMP_CORNER[1] * height), width, height)
    for layer_id in ("title", "subtitle", "badge", "logo"):
        if layer_id in result.boxes:
            left, top, right, bottom = result.boxes[layer_id]
            assert left >= 0 and top >= 0 and right <= width and bottom <= height, layer_id
            assert not overlap(result.boxes[layer_id], corner), f"{layer_id} in the timestamp corner"

    if template.dna.has_face:
        left, top, right, bottom = result.boxes["subject"]
        assert bottom - top >= 0.6 * height, "the subject should be big"
        assert bottom >= height - 2, "the subject stands on the bottom edge"


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=[t.id for t in STARTER_TEMPLATES])
def test_square_cover_keeps_the_title_big(template: Template, slot_assets: dict[str, Image.Image]) -> None:
    side = 600
    result = render(filled(template), (side, side), slot_assets.__getitem__)
    assert result.image.size == (side, side)
    title = result.text_layouts["title"]
    assert not title.overflow
    assert title.font_size >= 0.09 * side, f"square title too small: {title.font_size}px"
    if template.dna.has_face:
        subject = result.boxes["subject"]
        assert subject[3] - subject[1] >= 0.5 * side
