"""Variants differ in position, treatment and palette; compose fills slots."""

import pytest
from PIL import Image

from routix.brief.models import Brief
from routix.design import (
    BackgroundLayer,
    Box,
    Design,
    ImageLayer,
    ProceduralFill,
    ShapeLayer,
    TextLayer,
)
from routix.generate.assets import MemoryAssets
from routix.generate.compose import compose, derive_title
from routix.generate.variants import make_variants, mirror, rotate_hue, variant


def _skeleton() -> Design:
    return Design(
        palette=["#FF3300", "#101010", "#FFD400"],
        layers=[
            BackgroundLayer(id="background", fill=ProceduralFill(motif="fire_burst", palette=["#FF3300", "#101010"])),
            ImageLayer(id="subject", slot="subject", asset="slot:subject", box=Box(x=0.55, y=0.05, w=0.42, h=0.95),
                       box_square=Box(x=0.2, y=0.35, w=0.6, h=0.65)),
            ShapeLayer(id="arrow", shape="arrow", rotation=0, fill="#FF0000", box=Box(x=0.4, y=0.4, w=0.1, h=0.1)),
            TextLayer(id="title", slot="title", text="{title}", align="left", box=Box(x=0.04, y=0.1, w=0.5, h=0.6)),
            TextLayer(id="badge", slot="badge", text="{badge}", box=Box(x=0.04, y=0.05, w=0.15, h=0.08)),
            ImageLayer(id="logo", slot="logo", asset="slot:logo", box=Box(x=0.04, y=0.85, w=0.1, h=0.1)),
        ],
    )


def _brief(**kw) -> Brief:
    base = {"prompt": "gaming thumbnail with explosions", "category": "gaming", "mood": "energetic", "energy": 9,
                "style": "bold", "visual_elements": ["explosions"]}
    base.update(kw)
    return Brief(**base)


def test_compose_fills_title_subject_and_drops_empty_slots():
    assets = MemoryAssets()
    person = Image.new("RGBA", (300, 400), (200, 150, 120, 255))
    design = compose(_skeleton(), _brief(category="vlog"), title="Boss Fight", subjects=[person], logo=None,
                     assets=assets, seed=3, template_ref="tpl_x")
    ids = [layer.id for layer in design.layers]
    assert "logo" not in ids and "badge" not in ids  # no logo given, vlog has no badge
    assert design.layer("title").text == "Boss Fight"
    assert assets.get(design.layer("subject").asset) is person
    assert design.meta.template_ref == "tpl_x" and design.seed == 3


def test_compose_two_people_get_two_overlapping_columns_host_on_top():
    assets = MemoryAssets()
    host, guest = (Image.new("RGBA", (300, 400), c) for c in ((255, 0, 0, 255), (0, 0, 255, 255)))
    design = compose(_skeleton(), _brief(), title="X", subjects=[host, guest], logo=None, assets=assets, seed=1,
                     template_ref="r")
    subjects = [layer for layer in design.layers if layer.slot == "subject"]
    assert len(subjects) == 2
    guest_layer, host_layer = subjects  # host drawn last = on top
    assert assets.get(host_layer.asset) is host
    assert host_layer.box.x < guest_layer.box.x  # host left, guest right
    assert host_layer.box.x + host_layer.box.w > guest_layer.box.x  # they overlap
    assert guest_layer.box.h < host_layer.box.h


def test_colour_hints_lead_the_palette():
    design = compose(_skeleton(), _brief(color_hints=["#0000FF"]), title="X", subjects=[], logo=None,
                     assets=MemoryAssets(), seed=1, template_ref="r")
    assert design.palette[0] == "#0000FF"
    assert "subject" not in [layer.id for layer in design.layers]


def test_derive_title_prefers_content_words_then_category():
    assert derive_title(_brief(prompt="minecraft speedrun world record thumbnail")) == "MINECRAFT SPEEDRUN WORLD RECORD"
    assert derive_title(_brief(prompt="how to invest your first $1000", category="finance")) == (
        "HOW TO INVEST YOUR FIRST $1000")
    assert derive_title(_brief()) == "EXPLOSIONS"
    assert derive_title(_brief(prompt="make a thumbnail for my trip to japan, sunset vibes", category="travel")) == (
        "TRIP TO JAPAN")
    assert derive_title(_brief(prompt="podcast cover, calm, blue", category="podcast", mood="calm",
                               visual_elements=[])) == "NEW EPISODE"
    assert derive_title(_brief(title="My Title")) == "My Title"


def test_mirror_flips_boxes_alignment_and_arrows():
    design = _skeleton()
    flipped = mirror(design)
    subject = flipped.layer("subject")
    assert subject.box.x == 1 - 0.55 - 0.42
    assert subject.box_square.x == 1 - 0.2 - 0.6
    assert flipped.layer("title").align == "right"
    assert abs(flipped.layer("arrow").rotation) == 180  # arrow now points left
    twice = mirror(flipped)
    assert twice.layer("subject").box.x == pytest.approx(0.55)
    assert twice.layer("arrow").rotation == 0 and twice.layer("title").align == "left"


def test_variants_differ_in_position_treatment_and_palette():
    design = _skeleton()
    variants = make_variants(design, 3)
    assert len(variants) == 3
    titles = [v.layer("title") for v in variants]
    assert len({(t.font, t.fill.model_dump_json()) for t in titles}) == 3  # three different treatments
    assert variants[0].layer("subject").box.x != design.layer("subject").box.x  # variant 1 mirrored
    assert variants[1].layer("subject").box.x == design.layer("subject").box.x  # variant 2 not
    palettes = {tuple(v.palette) for v in variants} | {tuple(design.palette)}
    assert len(palettes) == 4
    assert len({v.seed for v in variants}) == 3
    assert [v.meta.variant for v in variants] == ["variant-1", "variant-2", "variant-3"]
    for v in variants:  # still valid documents
        Design.model_validate(v.model_dump(by_alias=True))


def test_variant_is_deterministic():
    assert variant(_skeleton(), 2) == variant(_skeleton(), 2)


def test_rotate_hue_keeps_alpha_and_grey():
    assert rotate_hue("#FF000080", 120) == "#00FF0080"
    assert rotate_hue("#777777", 90) == "#777777"


def test_mirroring_never_moves_a_badge_into_the_timestamp_corner():
    design = _skeleton()
    badge = design.layer("badge").model_copy(update={"box": Box(x=0.04, y=0.86, w=0.15, h=0.08)})
    design = design.model_copy(update={"layers": [badge if layer.id == "badge" else layer for layer in design.layers]})
    moved = mirror(design).layer("badge").box
    assert moved.x + moved.w > 0.8  # it is on the right now ...
    assert moved.y + moved.h <= 0.84  # ... but above the duration badge
    assert moved.h == badge.box.h
