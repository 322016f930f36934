"""apply_edit: every kind of edit changes what it says and nothing else; errors name the
operation; the input design is never changed."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image

from routix.design.models import Design, ImageFill, ShapeLayer
from routix.edit import EditPatch, apply_edit
from routix.edit.apply import TINT_ID
from routix.edit.assets import EditAssets
from routix.edit.describe import describe
from routix.edit.parse import parse_instruction
from routix.errors import InvalidInput

DESIGN = Design.from_json((Path(__file__).parent / "fixtures" / "edit" / "design.json").read_text())
PHOTO = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _assets() -> EditAssets:
    return EditAssets({"assets/subject-1.png": Image.new("RGBA", (40, 80), (200, 150, 120, 255))})


def _edit(*ops: dict) -> Design:
    images = {PHOTO: Image.new("RGBA", (30, 60), (10, 200, 10, 255))}
    return apply_edit(DESIGN, EditPatch.model_validate({"ops": list(ops)}), assets=_assets(), images=images,
                      icon_image=lambda name: Image.new("RGBA", (16, 16), (255, 0, 0, 255)))


def _layer(design: Design, slot: str):
    return next(layer for layer in design.layers if layer.slot == slot)


def _area(box) -> float:
    return box.w * box.h


def _changed(after: Design) -> set[str]:
    """Ids of the layers that differ from DESIGN's (added and removed ones included)."""
    before = {layer.id: layer for layer in DESIGN.layers}
    now = {layer.id: layer for layer in after.layers}
    return {i for i in before.keys() | now.keys() if before.get(i) != now.get(i)}


CASES = [
    # (ops, check(after), layers allowed to change)
    ([{"op": "set_text", "layer": "title", "text": "New Title"}], lambda d: _layer(d, "title").text == "New Title",
     {"title"}),
    ([{"op": "resize", "layer": "title", "factor": 1.3}],
     lambda d: _area(_layer(d, "title").box) > _area(_layer(DESIGN, "title").box), {"title"}),
    ([{"op": "resize", "layer": "title", "factor": 0.7}],
     lambda d: _layer(d, "title").max_size < _layer(DESIGN, "title").max_size, {"title"}),
    ([{"op": "set_color", "layer": "title", "color": "#FFD400"}], lambda d: _layer(d, "title").fill.color == "#FFD400",
     {"title"}),
    ([{"op": "set_font", "layer": "title", "font": "bangers"}], lambda d: _layer(d, "title").font == "bangers",
     {"title"}),
    ([{"op": "shift", "layer": "title", "dy": -0.1}],
     lambda d: _layer(d, "title").box.y < _layer(DESIGN, "title").box.y, {"title"}),
    ([{"op": "set_outline", "layer": "title", "color": "#000000"}],
     lambda d: _layer(d, "title").stroke.color == "#000000", {"title"}),
    ([{"op": "set_shadow", "layer": "title", "on": False}], lambda d: _layer(d, "title").shadow is None, {"title"}),
    ([{"op": "set_glow", "layer": "title", "color": "#00FFFF"}], lambda d: _layer(d, "title").glow.color == "#00FFFF",
     {"title"}),
    ([{"op": "set_case", "layer": "title", "case": "lower"}],
     lambda d: _layer(d, "title").text == "this laptop changed everything" and not _layer(d, "title").uppercase,
     {"title"}),
    ([{"op": "resize", "layer": "subject", "factor": 1.2}],
     lambda d: _area(_layer(d, "subject").box) > _area(_layer(DESIGN, "subject").box), {"subject"}),
    ([{"op": "resize", "layer": "subject", "factor": 0.8}],  # still standing on the bottom edge
     lambda d: abs(_layer(d, "subject").box.y + _layer(d, "subject").box.h
                   - (_layer(DESIGN, "subject").box.y + _layer(DESIGN, "subject").box.h)) < 1e-9, {"subject"}),
    ([{"op": "shift", "layer": "subject", "dx": 0.2}],
     lambda d: _layer(d, "subject").box.x > _layer(DESIGN, "subject").box.x, {"subject"}),
    ([{"op": "shift", "layer": "subject", "dx": -0.9}],  # cropped by the edge, never pushed off
     lambda d: _layer(d, "subject").box.x >= -0.25 * _layer(d, "subject").box.w - 1e-9, {"subject"}),
    ([{"op": "flip", "layer": "subject"}], lambda d: _layer(d, "subject").flip, {"subject"}),
    ([{"op": "remove", "layer": "subject"}], lambda d: not d.by_slot("subject"), {"subject"}),
    ([{"op": "swap_subject", "asset_id": str(PHOTO)}],
     lambda d: _layer(d, "subject").asset != _layer(DESIGN, "subject").asset, {"subject"}),
    ([{"op": "tint_background", "amount": 0.5}], lambda d: d.layer(TINT_ID).fill.startswith("#FFFFFF"), {TINT_ID}),
    ([{"op": "tint_background", "amount": -0.5}], lambda d: d.layer(TINT_ID).fill.startswith("#000000"), {TINT_ID}),
    ([{"op": "blur_background"}], lambda d: isinstance(d.layer("background").fill, ImageFill)
     and d.layer("background").fill.blur > 0, {"background"}),
    ([{"op": "color_scheme", "colors": ["#001847", "#1A68FF", "#5C94FF", "#E4EAF6"]}],
     lambda d: d.layer("background").fill.palette[0] == "#001847" and d.palette[0] == "#001847", {"background"}),
    ([{"op": "new_art", "seed": 7}], lambda d: d.layer("background").fill.seed == 7, {"background"}),
    ([{"op": "add_badge", "text": "NEW"}], lambda d: _layer(d, "badge").text == "REVIEW"
     and any(x.text == "NEW" for x in d.by_slot("badge")), {"badge-1"}),
    ([{"op": "set_text", "layer": "badge", "text": "HONEST"}], lambda d: _layer(d, "badge").text == "HONEST",
     {"badge"}),
    ([{"op": "remove", "layer": "badge"}], lambda d: not d.by_slot("badge"), {"badge"}),
    ([{"op": "add_arrow", "color": "#FF0000"}],
     lambda d: any(isinstance(x, ShapeLayer) and x.shape == "arrow" for x in d.layers), {"arrow-1"}),
    ([{"op": "add_sticker", "icon": "fire", "corner": "bottom-right"}],
     lambda d: _layer(d, "sticker").box.x > 0.5 and _layer(d, "sticker").box.y > 0.5, {"sticker-1"}),
    ([{"op": "add_logo", "asset_id": str(PHOTO)}], lambda d: bool(d.by_slot("logo")), {"logo-1"}),
    ([{"op": "set_layout", "layout": "mirror"}],
     lambda d: _layer(d, "subject").box.x > 0.4 and _layer(d, "title").box.x < 0.2, None),
    ([{"op": "set_layout", "layout": "title_top"}], lambda d: _layer(d, "title").box.y <= 0.06 + 1e-9, {"title"}),
    ([{"op": "emphasize", "layer": "title", "words": ["Laptop"], "color": "#FFD400"}],
     lambda d: _layer(d, "title").accent_words == ["Laptop"], {"title"}),
]


@pytest.mark.parametrize(("ops", "check", "allowed"), CASES, ids=[c[0][0]["op"] + str(i) for i, c in enumerate(CASES)])
def test_each_kind_of_edit(ops, check, allowed):
    before = DESIGN.model_dump()
    after = _edit(*ops)
    assert check(after)
    assert DESIGN.model_dump() == before  # pure
    if allowed is not None:
        assert _changed(after) == allowed
    assert describe(EditPatch.model_validate({"ops": ops}), DESIGN)


def test_at_least_25_kinds():
    assert len({c[0][0]["op"] for c in CASES}) >= 20 and len(CASES) >= 25


@pytest.mark.parametrize(("ops", "fragment"), [
    ([{"op": "flip", "layer": "title"}], "op 0 (flip)"),
    ([{"op": "resize", "layer": "nope", "factor": 1.2}], "no layer 'nope'"),
    ([{"op": "remove", "layer": "background"}], "cannot be removed"),
    ([{"op": "set_case", "layer": "subject", "case": "upper"}], "not a text layer"),
    ([{"op": "swap_subject", "asset_id": str(uuid.uuid4())}], "was not provided"),
])
def test_errors_name_the_operation(ops, fragment):
    with pytest.raises(InvalidInput, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        _edit(*ops)


def test_summaries_say_what_changed():
    parsed = parse_instruction("make the title 20% bigger and move it up", DESIGN)
    assert describe(parsed.patch, DESIGN) == "Title 20 % larger, moved up"
    parsed = parse_instruction("darker background and flip me", DESIGN)
    assert describe(parsed.patch, DESIGN) == "Background darker; Subject mirrored"
