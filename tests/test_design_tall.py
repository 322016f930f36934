"""The 9:16 aspect: boxes by aspect, old documents, the layout rule and every starter at 1080x1920."""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw

from routix.design import (
    Aspect,
    Box,
    Design,
    ImageLayer,
    TextLayer,
    aspect_of,
    box_for,
    derive_tall_box,
    tall_layout,
    with_tall_layout,
)
from routix.design.boxes import SAFE_LEFT, SAFE_TOP, UI_BOTTOM, UI_RIGHT
from routix.render import render
from routix.templates.conventions import face_box
from routix.templates.starter import STARTER_TEMPLATES

TALL = (1080, 1920)

OLD_DOCUMENT = {
    "schema": "routix.design/1",
    "layers": [
        {"kind": "background", "id": "background", "fill": {"type": "solid", "color": "#102030"}},
        {"kind": "text", "id": "title", "slot": "title", "text": "Old title",
         "box": {"x": 0.05, "y": 0.1, "w": 0.5, "h": 0.4},
         "box_square": {"x": 0.05, "y": 0.05, "w": 0.9, "h": 0.3}},
        {"kind": "image", "id": "subject", "slot": "subject", "asset": "face.png",
         "box": {"x": 0.55, "y": 0.1, "w": 0.4, "h": 0.9}},
    ],
}


def test_old_document_with_box_square_loads_and_keeps_its_boxes() -> None:
    design = Design.from_json(json.dumps(OLD_DOCUMENT))
    title = design.layer("title")
    assert title.box == Box(x=0.05, y=0.1, w=0.5, h=0.4)
    assert title.box_square == Box(x=0.05, y=0.05, w=0.9, h=0.3)
    assert title.boxes == {Aspect.SQUARE: Box(x=0.05, y=0.05, w=0.9, h=0.3)}
    assert box_for(title, "1:1") == title.box_square
    subject = design.layer("subject")
    assert subject.box_square is None and subject.box_tall is None
    # written back as the map; reading it again gives the same document
    dumped = json.loads(design.to_json())
    assert "box_square" not in dumped["layers"][1]
    assert dumped["layers"][1]["boxes"] == {"1:1": {"x": 0.05, "y": 0.05, "w": 0.9, "h": 0.3}}
    assert Design.from_json(design.to_json()) == design


def test_box_stays_the_writable_16_9_box_and_the_map_takes_every_aspect() -> None:
    layer = TextLayer(id="t", text="x", boxes={"16:9": Box(x=0.1, y=0.1, w=0.3, h=0.2),
                                                 "9:16": Box(x=0.1, y=0.2, w=0.7, h=0.1)})
    assert layer.box == Box(x=0.1, y=0.1, w=0.3, h=0.2)
    assert set(layer.boxes or {}) == {Aspect.TALL}
    layer.box = Box(x=0.2, y=0.2, w=0.3, h=0.2)
    layer.box_square = Box(x=0.0, y=0.0, w=0.5, h=0.5)
    assert box_for(layer, "16:9").x == 0.2 and box_for(layer, "1:1").w == 0.5 and box_for(layer, "9:16").w == 0.7
    copied = layer.model_copy(update={"box_square": None, "box_tall": Box(x=0.3, y=0.3, w=0.2, h=0.2)})
    assert copied.box_square is None and copied.box_tall == Box(x=0.3, y=0.3, w=0.2, h=0.2)
    assert layer.box_tall == Box(x=0.1, y=0.2, w=0.7, h=0.1), "the original is untouched"
    assert layer.with_box("1:1", None).boxes == {Aspect.TALL: Box(x=0.1, y=0.2, w=0.7, h=0.1)}
    with pytest.raises(ValueError):
        TextLayer(id="t", text="x", boxes={"4:3": Box(x=0, y=0, w=1, h=1)})


def test_aspect_of_portrait_is_tall() -> None:
    assert aspect_of(1080, 1920) is Aspect.TALL
    assert aspect_of(1280, 720) is Aspect.WIDE
    assert aspect_of(1080, 1080) is Aspect.SQUARE


def test_derived_tall_box_keeps_pixel_aspect_and_stays_left_of_the_action_column() -> None:
    square = Box(x=0.1, y=0.1, w=0.8, h=0.4)
    tall = derive_tall_box(square)
    assert tall.w * 1080 / (tall.h * 1920) == pytest.approx(square.w / square.h)
    assert tall.x + tall.w <= UI_RIGHT + 1e-9 and tall.y + tall.h <= UI_BOTTOM
    assert derive_tall_box(Box(x=0, y=0, w=1, h=1)) == Box(x=0, y=0, w=1, h=1)


def test_layout_rule_stacks_the_title_above_the_subject() -> None:
    design = Design.from_json(json.dumps(OLD_DOCUMENT))
    boxes = tall_layout(design)
    title, subject = boxes["title"], boxes["subject"]
    assert title.y + title.h <= subject.y + 1e-9
    assert title.x >= SAFE_LEFT and title.x + title.w <= UI_RIGHT and title.y >= SAFE_TOP
    assert subject.y + subject.h >= 1.0, "a person cut off at the bottom still stands on the frame"
    laid = with_tall_layout(design)
    assert laid.layer("title").box_tall == title and laid.layer("title").box == design.layer("title").box
    # a designed 9:16 box is kept
    mine = Box(x=0.1, y=0.6, w=0.6, h=0.1)
    designed = design.model_copy(update={"layers": [design.layers[0], design.layers[1].with_box("9:16", mine),
                                                    design.layers[2]]})
    assert with_tall_layout(designed).layer("title").box_tall == mine


def _face(size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((size[0] * 0.1, 0, size[0] * 0.9, size[1]), fill=(230, 180, 150, 255))
    return image


def _filled(design: Design) -> Design:
    layers = []
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.text.startswith("{"):
            words = {"title": "How I built a robot in one day", "number": "100", "accent": "?"}
            layer = layer.model_copy(update={"text": words.get(layer.slot or "", "New")})
        layers.append(layer)
    return design.model_copy(update={"layers": layers})


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=[t.id for t in STARTER_TEMPLATES])
def test_every_starter_renders_9_16_with_title_and_face_clear_of_the_player_interface(template) -> None:
    design = _filled(template.design)
    result = render(design, TALL, lambda ref: _face((600, 800)))
    assert result.image.size == TALL
    w, h = TALL

    def inside(px: tuple[int, int, int, int], what: str) -> None:
        left, top, right, bottom = px
        assert left >= 0.04 * w - 1 and top >= 0.04 * h - 1, f"{what} leaves the safe margin: {px}"
        assert right <= UI_RIGHT * w + 1, f"{what} enters the action column: {px}"
        assert bottom <= UI_BOTTOM * h + 1, f"{what} enters the caption zone: {px}"

    inside(result.boxes["title"], "title")
    subject = design.layers[[layer.slot for layer in design.layers].index("subject")] \
        if any(layer.slot == "subject" for layer in design.layers) else None
    if isinstance(subject, ImageLayer):
        left, top, right, bottom = result.boxes[subject.id]
        drawn = Box(x=left / w, y=top / h, w=(right - left) / w, h=(bottom - top) / h)
        face = face_box(drawn)
        inside((round(face.x * w), round(face.y * h), round((face.x + face.w) * w), round((face.y + face.h) * h)),
               "face of subject")
