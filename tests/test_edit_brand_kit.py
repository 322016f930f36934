"""The ``apply_brand_kit`` edit on a design: the kit's colours lead the palette, its font and
title style go on the title, its logo into the logo slot, the art is kept and the contrast fix
still runs; an unresolved kit is a clear error; the summary says what the kit brought."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image

from routix.design.models import Design, ImageLayer, TextLayer
from routix.edit import EditPatch, apply_edit
from routix.edit.assets import EditAssets
from routix.edit.describe import describe
from routix.errors import InvalidInput

DESIGN = Design.from_json((Path(__file__).parent / "fixtures" / "edit" / "design.json").read_text())
LOGO = uuid.UUID("00000000-0000-4000-8000-0000000000aa")
KIT = uuid.UUID("00000000-0000-4000-8000-0000000000bb")


def look(**overrides) -> dict:
    values = {"kit_id": str(KIT), "name": "Pasta Lab", "colors": ["#E4572E", "#29335C", "#F3A712"],
              "font": "bangers", "uppercase": True, "fill": "#F3A712", "stroke": "#29335C", "stroke_width": 0.08,
              "logo_asset_id": str(LOGO)}
    values.update(overrides)
    return values


def edit(design: Design, kit: dict | None) -> Design:
    assets = EditAssets({"assets/subject-1.png": Image.new("RGBA", (40, 80), (200, 150, 120, 255))})
    patch = EditPatch.model_validate({"ops": [{"op": "apply_brand_kit", "kit": kit}]})
    return apply_edit(design, patch, assets=assets, images={LOGO: Image.new("RGBA", (60, 30), (255, 255, 255, 255))})


def title(design: Design) -> TextLayer:
    layer = next(layer for layer in design.layers if layer.slot == "title")
    assert isinstance(layer, TextLayer)
    return layer


def test_the_kit_sets_palette_font_title_style_and_adds_the_logo():
    after = edit(DESIGN, look())
    assert after.palette[:3] == ["#E4572E", "#29335C", "#F3A712"]
    new_title = title(after)
    assert new_title.font == "bangers" and new_title.uppercase
    assert new_title.fill.color == "#F3A712" and new_title.stroke.color == "#29335C"
    assert new_title.text == title(DESIGN).text
    logos = [layer for layer in after.layers if isinstance(layer, ImageLayer) and layer.slot == "logo"]
    assert len(logos) == 1
    assert after.layer("background") == DESIGN.layer("background")  # the art is kept
    assert after.layer("subject") == DESIGN.layer("subject")
    assert "Brand kit: Pasta Lab." in after.meta.notes


def test_an_existing_logo_slot_shows_the_kit_logo_in_its_box():
    with_logo = edit(DESIGN, look())
    logo = next(layer for layer in with_logo.layers if layer.slot == "logo")
    again = edit(with_logo, look(name="Other", colors=["#111111", "#222222", "#333333"]))
    logos = [layer for layer in again.layers if layer.slot == "logo"]
    assert len(logos) == 1 and logos[0].box == logo.box and logos[0].id == logo.id


def test_an_unreadable_kit_colour_gets_the_contrast_fix():
    dark = look(fill="#0F172A", stroke=None, stroke_width=0.0, logo_asset_id=None, font=None)  # the art's navy
    after = edit(DESIGN, dark)
    fixed = title(after)
    assert fixed.fill.color == "#0F172A"
    assert fixed.stroke is not None or fixed.shadow is not None or fixed.backdrop is not None
    assert any("contrast" in note.lower() for note in after.meta.notes)


def test_a_dry_run_skips_the_contrast_render():
    dark = look(fill="#0F172A", stroke=None, stroke_width=0.0, logo_asset_id=None, font=None)
    patch = EditPatch.model_validate({"ops": [{"op": "apply_brand_kit", "kit": dark}]})
    assets = EditAssets({"assets/subject-1.png": Image.new("RGBA", (40, 80), (200, 150, 120, 255))})
    after = apply_edit(DESIGN, patch, assets=assets, contrast=False)
    assert title(after).fill.color == "#0F172A" and title(after).stroke is None
    assert not any("contrast" in note.lower() for note in after.meta.notes)


def test_a_kit_without_font_or_logo_keeps_them():
    after = edit(DESIGN, look(font=None, logo_asset_id=None, fill=None, stroke=None, stroke_width=None,
                              uppercase=None))
    assert title(after).font == title(DESIGN).font and not after.by_slot("logo")
    assert after.palette[:3] == ["#E4572E", "#29335C", "#F3A712"]


def test_an_unresolved_kit_is_a_clear_error():
    with pytest.raises(InvalidInput, match=r"op 0 \(apply_brand_kit\): the brand kit was not looked up"):
        edit(DESIGN, None)


def test_the_summary_says_what_the_kit_brought():
    full = EditPatch.model_validate({"ops": [{"op": "apply_brand_kit", "kit": look()}]})
    assert describe(full, DESIGN) == 'Brand kit "Pasta Lab" applied: its colours, font and logo'
    bare = EditPatch.model_validate({"ops": [{"op": "apply_brand_kit", "kit": look(font=None, logo_asset_id=None)}]})
    assert describe(bare, DESIGN) == 'Brand kit "Pasta Lab" applied: its colours'
    assert full.asset_ids() == [LOGO] and bare.asset_ids() == []


def test_a_queued_edit_may_name_only_the_kit():
    from routix.generations.versions import _queued_kits

    patch = _queued_kits("Please use my brand kit!")
    assert patch is not None and [op.model_dump() for op in patch.ops] == [
        {"op": "apply_brand_kit", "kit_id": None, "name": None, "kit": None}]
    assert _queued_kits("use the Pasta Lab kit").ops[0].name == "pasta lab"
    assert _queued_kits("make the title bigger") is None
    with pytest.raises(InvalidInput, match="Send them separately"):
        _queued_kits("use my brand kit and make the title bigger")
