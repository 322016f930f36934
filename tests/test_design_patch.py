"""DesignPatch: typed edits applied purely, with errors that name the operation."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import ValidationError

from routix.design import (
    BackgroundLayer,
    Box,
    Design,
    DesignMeta,
    DesignPatch,
    ImageLayer,
    LinearGradient,
    ShapeLayer,
    Solid,
    TextLayer,
    apply_patch,
)
from routix.design.patch import MAX_OPS, FontId
from routix.errors import InvalidInput
from routix.providers.structured import strict_schema
from routix.render.fonts import FONTS


def design() -> Design:
    gradient = LinearGradient(stops=[{"offset": 0, "color": "#FF0000"}, {"offset": 1, "color": "#FFFF00"}])
    return Design(
        palette=["#111111", "#FFD400"],
        layers=[
            BackgroundLayer(id="background", fill=Solid(color="#101020")),
            ImageLayer(id="subject", slot="subject", asset="mem://cutout-1", box=Box(x=0.55, y=0.1, w=0.4, h=0.9)),
            TextLayer(id="title", slot="title", text="I SURVIVED 100 DAYS", fill=gradient,
                      box=Box(x=0.04, y=0.1, w=0.5, h=0.6)),
            ShapeLayer(id="arrow", shape="arrow", box=Box(x=0.4, y=0.5, w=0.1, h=0.1)),
        ],
        meta=DesignMeta(template_ref="tpl_0123456789ab"),
    )


def patch(*ops, note="") -> DesignPatch:
    return DesignPatch.model_validate({"ops": list(ops), "note": note})


def test_every_op_applies_and_the_input_is_unchanged():
    before = design()
    snapshot = before.model_dump_json()
    out = apply_patch(before, patch(
        {"op": "set_text", "layer": "title", "text": " Day 100 "},
        {"op": "set_color", "layer": "title", "color": "#00FF88"},
        {"op": "set_color", "layer": "arrow", "color": "#123456"},
        {"op": "move", "layer": "title", "aspect": "16:9", "box": {"x": 0.05, "y": 0.05, "w": 0.45, "h": 0.5}},
        {"op": "move", "layer": "subject", "aspect": "1:1", "box": {"x": 0.2, "y": 0.3, "w": 0.6, "h": 0.7}},
        {"op": "set_visible", "layer": "arrow", "visible": False},
        {"op": "set_palette", "colors": ["#000000", "#FFFFFF", "#FF3B30"]},
        {"op": "set_font", "layer": "title", "font": "bangers"},
        {"op": "emphasize", "layer": "title", "words": ["100"], "color": "#FF3B30"},
    ))
    assert before.model_dump_json() == snapshot  # pure
    title = out.layer("title")
    assert title.text == "Day 100" and title.font == "bangers"
    assert title.fill == Solid(color="#00FF88")  # the gradient is replaced by the solid
    assert (title.accent_words, title.accent_color) == (["100"], "#FF3B30")
    assert title.box == Box(x=0.05, y=0.05, w=0.45, h=0.5) and title.box_square is None
    subject = out.layer("subject")
    assert subject.box == before.layer("subject").box and subject.box_square == Box(x=0.2, y=0.3, w=0.6, h=0.7)
    assert out.layer("arrow").fill == "#123456" and out.layer("arrow").visible is False
    assert out.palette == ["#000000", "#FFFFFF", "#FF3B30"]
    # what a patch can never touch
    assert subject.asset == "mem://cutout-1"
    assert [layer.slot for layer in out.layers] == [None, "subject", "title", None]
    assert out.meta.template_ref == "tpl_0123456789ab"
    Design.from_json(out.to_json())  # a valid design document


def test_an_empty_patch_is_the_same_design():
    assert apply_patch(design(), patch()) == design()


@pytest.mark.parametrize("op, message", [
    ({"op": "set_text", "layer": "headline", "text": "X"},
     "op 1 (set_text): no layer 'headline'; the layers are background, subject, title, arrow"),
    ({"op": "set_text", "layer": "subject", "text": "X"},
     "op 1 (set_text): layer 'subject' is an image layer, not a text layer"),
    ({"op": "set_font", "layer": "background", "font": "anton"},
     "op 1 (set_font): layer 'background' is the background layer"),
    ({"op": "set_color", "layer": "subject", "color": "#FFFFFF"},
     "op 1 (set_color): layer 'subject' is an image layer; only text and shape"),
    ({"op": "move", "layer": "title", "aspect": "16:9", "box": {"x": 0.7, "y": 0.1, "w": 0.5, "h": 0.2}},
     "op 1 (move): box x+w=1.200"),
    ({"op": "move", "layer": "background", "aspect": "1:1", "box": {"x": 0, "y": 0, "w": 1, "h": 1}},
     "op 1 (move): the background always fills"),
    ({"op": "set_visible", "layer": "background", "visible": False},
     "op 1 (set_visible): the background layer cannot be hidden"),
    ({"op": "emphasize", "layer": "title", "words": ["WEEKS"], "color": "#FF0000"},
     "op 1 (emphasize): ['WEEKS'] not in the text"),
    ({"op": "set_text", "layer": "title", "text": "   "}, "op 1 (set_text): text must not be blank"),
])
def test_errors_name_the_op_index(op, message):
    first = {"op": "set_visible", "layer": "arrow", "visible": True}
    with pytest.raises(InvalidInput) as err:
        apply_patch(design(), patch(first, op))
    assert err.value.message.startswith(message), err.value.message


@pytest.mark.parametrize("data", [
    {"ops": [{"op": "set_color", "layer": "title", "color": "red"}]},
    {"ops": [{"op": "set_color", "layer": "title", "color": "#FF000080"}]},  # opaque colours only
    {"ops": [{"op": "move", "layer": "title", "aspect": "16:9", "box": {"x": -0.1, "y": 0, "w": 0.5, "h": 0.5}}]},
    {"ops": [{"op": "move", "layer": "title", "aspect": "4:3", "box": {"x": 0, "y": 0, "w": 0.5, "h": 0.5}}]},
    {"ops": [{"op": "set_font", "layer": "title", "font": "comic-sans"}]},
    {"ops": [{"op": "set_slot", "layer": "title", "slot": "logo"}]},
    {"ops": [{"op": "set_text", "layer": "title", "text": "x", "asset": "mem://other"}]},
    {"ops": [{"op": "set_visible", "layer": "arrow", "visible": True}] * (MAX_OPS + 1)},
    {"ops": [], "template_ref": "tpl_x"},
])
def test_the_model_refuses_what_no_op_may_do(data):
    with pytest.raises(ValidationError):
        DesignPatch.model_validate(data)


def test_fonts_are_the_bundled_families():
    assert set(typing.get_args(FontId)) == set(FONTS)


def test_the_schema_is_strict_mode_compatible():
    schema = strict_schema(DesignPatch)
    text = json.dumps(schema)
    assert '"oneOf"' not in text and '"const"' not in text and '"discriminator"' not in text
    assert schema["required"] == ["ops", "note"] and schema["additionalProperties"] is False
    members = schema["properties"]["ops"]["items"]["anyOf"]
    assert len(members) == 7 and schema["properties"]["ops"]["maxItems"] == MAX_OPS
    for name, sub in schema["$defs"].items():
        assert sub["additionalProperties"] is False and set(sub["required"]) == set(sub["properties"]), name
    assert schema["$defs"]["SetText"]["properties"]["op"] == {"type": "string", "enum": ["set_text"]}
    # every $ref resolves
    refs = {m["$ref"].rsplit("/", 1)[1] for m in members} | {"PatchBox"}
    assert refs <= set(schema["$defs"])
