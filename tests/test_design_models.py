"""The design document: validation, JSON round trip, JSON Schema, 1:1 box derivation."""

import json

import pytest
from pydantic import ValidationError

from routix.design import (
    Aspect,
    BackgroundLayer,
    Box,
    Design,
    ImageLayer,
    LinearGradient,
    ProceduralFill,
    Solid,
    TextLayer,
    box_for,
    derive_square_box,
    design_json_schema,
)


def _design() -> Design:
    return Design(
        seed=7,
        palette=["#FF0000", "#111111"],
        layers=[
            BackgroundLayer(id="background", fill=ProceduralFill(motif="fire_burst", palette=["#FF5500"])),
            ImageLayer(id="subject", slot="subject", asset="assets/subject-1.png",
                       box=Box(x=0.55, y=0.05, w=0.4, h=0.95)),
            TextLayer(id="title", slot="title", text="Boss fight", box=Box(x=0.05, y=0.1, w=0.5, h=0.5)),
        ],
    )


def test_round_trip_is_lossless():
    design = _design()
    again = Design.from_json(design.to_json())
    assert again == design
    assert json.loads(design.to_json())["schema"] == "routix.design/1"


def test_unknown_fields_are_rejected_at_every_level():
    data = json.loads(_design().to_json())
    data["layers"][2]["colour"] = "#FFFFFF"
    with pytest.raises(ValidationError, match="colour"):
        Design.model_validate(data)
    data = json.loads(_design().to_json())
    data["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        Design.model_validate(data)


@pytest.mark.parametrize("color", ["red", "#FFF", "#GGGGGG", "FF0000"])
def test_colours_must_be_hex(color):
    with pytest.raises(ValidationError):
        Solid(color=color)


def test_layer_kind_discriminates_and_ids_are_unique():
    data = json.loads(_design().to_json())
    data["layers"][1]["kind"] = "video"
    with pytest.raises(ValidationError):
        Design.model_validate(data)
    with pytest.raises(ValidationError, match="duplicate layer ids"):
        Design(layers=[TextLayer(id="a", text="x"), TextLayer(id="a", text="y")])


def test_blank_text_and_empty_layers_rejected():
    with pytest.raises(ValidationError):
        TextLayer(id="t", text="   ")
    with pytest.raises(ValidationError):
        Design(layers=[])


def test_gradient_needs_two_stops():
    with pytest.raises(ValidationError):
        LinearGradient(stops=[{"offset": 0, "color": "#000000"}])


def test_json_schema_describes_all_layer_kinds_and_forbids_extras():
    schema = design_json_schema()
    defs = schema["$defs"]
    for name in ("BackgroundLayer", "ImageLayer", "TextLayer", "ShapeLayer", "Adjustments"):
        assert defs[name]["additionalProperties"] is False
    assert schema["properties"]["schema"]["const"] == "routix.design/1"


def test_square_box_keeps_pixel_aspect_and_centre():
    wide = Box(x=0.3, y=0.2, w=0.2, h=0.5)
    square = derive_square_box(wide)
    # pixel aspect: 0.2*1280 / (0.5*720) == square.w*3000 / (square.h*3000)
    assert square.w / square.h == pytest.approx((0.2 * 1280) / (0.5 * 720))
    assert square.cx == pytest.approx(wide.cx)
    assert square.cy == pytest.approx(wide.cy)


def test_square_box_shrinks_wide_boxes_and_stays_inside():
    square = derive_square_box(Box(x=0.05, y=0.1, w=0.9, h=0.3))
    assert square.w == pytest.approx(1.0)
    assert square.h == pytest.approx(0.3 / (0.9 * 16 / 9))
    right = derive_square_box(Box(x=0.6, y=0.05, w=0.38, h=0.9))
    assert right.x + right.w <= 1.0 + 1e-9 and right.x >= 0


def test_box_for_prefers_explicit_square_box_and_backgrounds_fill():
    explicit = Box(x=0.1, y=0.5, w=0.8, h=0.4)
    layer = TextLayer(id="t", text="x", box=Box(x=0, y=0, w=0.5, h=0.5), box_square=explicit)
    assert box_for(layer, Aspect.SQUARE) == explicit
    assert box_for(layer, "16:9") == layer.box
    bg = _design().layers[0]
    assert box_for(bg, Aspect.SQUARE) == Box(x=0, y=0, w=1, h=1)
