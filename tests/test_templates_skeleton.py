"""build_template: a valid, renderable skeleton re-creating a reference's DNA, without the reference."""

from __future__ import annotations

import pytest
from PIL import Image

from routix.design import (
    BackgroundLayer,
    ImageLayer,
    LinearGradient,
    ProceduralFill,
    Solid,
    TextLayer,
    box_for,
)
from routix.render import render
from routix.render.art import MOTIFS
from routix.render.samples import sample_subject
from routix.templates import Template, face_box, layout_issues
from routix.templates.skeleton import build_template, mood_style, template_palette
from routix.vision.dna import StyleDNA
from test_vision_dna_cases import case, contains, delta_e, iou, photo_dna, square_case

SLUG, NAME = "u-3f9a0c1b2d", "Secret Reference Thumbnail"
RENDERED = ("solid", "gradient", "photo", "logo", "pattern", "calm", "busy", "slots")
PHOTOS = ("grace_hopper", "astronaut", "chelsea", "coffee", "duo")


def _dna(source: str) -> StyleDNA:
    return photo_dna(source) if source in PHOTOS else case(source).dna


def _build(dna: StyleDNA, category: str = "vlog") -> Template:
    return build_template(dna, slug=SLUG, name=NAME, category=category, tags=["reference", "upload"],
                          description="An uploaded reference thumbnail.")


def _filled(template: Template):
    """The skeleton with every slot filled (what the compositor does), for rendering."""
    texts = {"title": "HOW I BUILT THIS", "subtitle": "and what it cost", "badge": "NEW"}
    layers = [
        layer.model_copy(update={"text": texts[layer.slot]}) if isinstance(layer, TextLayer) and layer.slot else layer
        for layer in template.design.layers
    ]
    return template.design.model_copy(update={"layers": layers})


def _assets(ref: str) -> Image.Image:
    if ref == "slot:subject":
        return sample_subject().copy()
    if ref == "slot:logo":
        return Image.new("RGBA", (120, 120), (255, 200, 0, 255))
    raise KeyError(ref)  # never the reference image: nothing else may be asked for


@pytest.mark.parametrize("source", RENDERED + PHOTOS)
def test_valid_template_for_every_test_image(source):
    dna = _dna(source)
    template = _build(dna)
    # Template() validated the slot conventions; the layout rules hold in every aspect
    assert layout_issues(template.design, "16:9") == [] and layout_issues(template.design, "1:1") == []
    assert layout_issues(template.design, "9:16") == [], "9:16: text and face clear of the player's zones"
    assert all(layer.box_tall is not None for layer in template.design.layers[1:])
    assert template.dna.energy == dna.energy and template.dna.temperature == dna.temperature
    assert template.dna.has_face == dna.has_face and template.dna.has_logo == dna.has_logo
    assert template.dna.has_text  # Routix always draws a title
    assert template.design.palette == template.dna.palette
    assert template.dna.palette[: len(dna.palette)] == [h.upper() for h in dna.palette_hexes()][:5]
    assert template.dna.composition == ("text_only" if not dna.has_face else template.dna.composition)
    # JSON round trip (what the store keeps in templates.skeleton)
    assert Template.model_validate_json(template.model_dump_json()) == template


@pytest.mark.parametrize("source", RENDERED + PHOTOS)
def test_nothing_names_or_contains_the_reference(source):
    template = _build(_dna(source))
    design_json = template.design.to_json()
    for secret in (SLUG, NAME, "3f9a0c1b2d", "Secret", "Reference"):
        assert secret.lower() not in design_json.lower()
    background = template.design.layers[0]
    assert isinstance(background, BackgroundLayer) and background.fill.type != "image"
    for layer in template.design.layers:
        if isinstance(layer, ImageLayer):
            assert layer.asset in ("slot:subject", "slot:logo") and layer.mask is None
        assert layer.id in ("background", "subject", "title", "subtitle", "badge", "logo")


@pytest.mark.parametrize("source", ["solid", "gradient", "logo", "busy", "slots", "grace_hopper", "duo"])
def test_slots_sit_where_the_dna_says(source):
    dna = _dna(source)
    design = _build(dna).design
    title = design.layer("title").box
    slot = dna.slot("title").box
    assert contains((title.x, title.y, title.w, title.h), slot, tol=0.045)
    assert iou((title.x, title.y, title.w, title.h), slot) > 0.5
    if dna.has_face:
        # the compositor puts the cutout's face in the subject box's face region: there it was
        box = design.layer("subject").box
        if len(dna.faces) == 1:
            region = face_box(box)
            assert iou((region.x, region.y, region.w, region.h), dna.faces[0].box) > 0.6
        for face in dna.faces:  # several people share the box (the compositor splits it)
            assert contains((box.x, box.y, box.w, box.h), face.box)
    else:
        assert not design.by_slot("subject")
    for name in ("subtitle", "badge"):
        if dna.slot(name) is not None:
            box = design.layer(name).box
            assert iou((box.x, box.y, box.w, box.h), dna.slot(name).box) > 0.4, name
            assert contains((box.x, box.y, box.w, box.h), dna.slot(name).box, tol=0.01)
        else:
            assert not design.by_slot(name)
    if dna.has_logo:
        logo = design.layer("logo").box
        assert iou((logo.x, logo.y, logo.w, logo.h), dna.slot("logo").box) > 0.7


@pytest.mark.parametrize("source", ["solid", "slots"])
def test_cover_stacks_title_band_over_a_subject_bleeding_off_the_bottom(source):
    design = _build(case(source).dna).design
    title, subject = design.layer("title").box_square, design.layer("subject").box_square
    assert title.y < 0.1 and title.w > 0.8  # a band across the top
    assert subject.y + subject.h >= 1.0 and subject.y >= title.y + title.h  # below it, cut by the edge
    if design.by_slot("subtitle"):
        sub = design.layer("subtitle").box_square
        assert title.y + title.h <= sub.y and sub.y + sub.h <= face_box(subject).y


def test_square_reference_keeps_its_boxes_on_the_cover():
    c = square_case("logo")
    dna = c.dna
    assert (dna.width, dna.height) == (720, 720) and dna.has_face and dna.has_logo
    design = _build(dna).design
    title, logo = design.layer("title"), design.layer("logo")
    ts, ls = title.box_square, logo.box_square
    assert iou((ts.x, ts.y, ts.w, ts.h), dna.slot("title").box) > 0.5
    assert iou((ls.x, ls.y, ls.w, ls.h), dna.slot("logo").box) > 0.7
    region = face_box(design.layer("subject").box_square)
    assert iou((region.x, region.y, region.w, region.h), dna.faces[0].box) > 0.6
    # 16:9 is designed: the subject on its side (right), the title in the other half
    assert design.layer("subject").box.x >= 0.5 and title.box.x + title.box.w <= 0.5
    assert layout_issues(design, "16:9") == [] and layout_issues(design, "1:1") == []


def test_blank_description_is_written_from_the_dna_and_long_names_are_cut():
    dna = case("solid").dna
    template = build_template(dna, slug=SLUG, name="N" * 200, category="news",
                              tags=[" a ", "a", "", *(f"t{i}" for i in range(60))], description="  ")
    assert len(template.name) == 80 and template.tags[:2] == ["a", "t0"] and len(template.tags) == 40
    assert build_template(dna, slug=SLUG, name=" ", category="news", tags=[], description="x").name
    with pytest.raises(ValueError):
        build_template(dna, slug="Not A Slug", name="x", category="news", tags=[], description="x")
    with pytest.raises(ValueError):
        build_template(dna, slug=SLUG, name="x", category="cooking-shows", tags=[], description="x")
    assert template.description.startswith("A ") and "news thumbnail" in template.description
    assert "on the right" in template.description and "solid background" in template.description
    assert _build(dna).description == "An uploaded reference thumbnail."


def test_background_follows_the_dna():
    solid = _build(case("solid").dna).design.layers[0].fill
    assert isinstance(solid, Solid) and delta_e(solid.color, "#1E3A8A") < 5
    gradient = _build(case("gradient").dna).design.layers[0].fill
    assert isinstance(gradient, LinearGradient) and gradient.angle == pytest.approx(90, abs=10)
    assert delta_e(gradient.stops[0].color, "#FF5E3A") < 12 and delta_e(gradient.stops[-1].color, "#3A0CA3") < 12
    for source in ("photo", "pattern", "busy", "coffee"):
        template = _build(_dna(source))
        fill = template.design.layers[0].fill
        assert isinstance(fill, ProceduralFill) and template.dna.background == "procedural"
        assert fill.motif == template.dna.motifs[0] and fill.palette == template.dna.palette
    # a calm pastel reference prefers a calm motif, the fire-burst render a livelier one
    calm, busy = _build(case("calm").dna).dna.motifs[0], _build(case("busy").dna).dna.motifs[0]
    assert MOTIFS[calm].energy <= 4 and MOTIFS[busy].energy >= 6


@pytest.mark.parametrize(("name", "fill", "stroke"), [("solid", "#FFD400", "#000000"), ("calm", "#9AA5B8", "#000000"),
                                                     ("pattern", "#111111", "#FFFFFF")])
def test_title_keeps_the_reference_letter_colour(name, fill, stroke):
    title = _build(case(name).dna).design.layer("title")
    assert isinstance(title.fill, Solid) and delta_e(title.fill.color, fill) < 12
    assert title.stroke is not None and title.stroke.color == stroke


def test_subtitle_and_badge_keep_their_colours():
    design = _build(case("slots").dna).design
    sub, bdg = design.layer("subtitle"), design.layer("badge")
    assert delta_e(sub.fill.color, "#F59E0B") < 12 and sub.highlight is None
    assert bdg.highlight is not None and delta_e(bdg.highlight.color, "#DC2626") < 12
    assert delta_e(bdg.fill.color, "#FFFFFF") < 12


def test_palette_padding():
    one = case("calm").dna.model_copy(update={"palette": case("calm").dna.palette[:1]})
    padded = template_palette(one)
    assert len(padded) == 3 and padded[0] == one.palette[0].hex.upper() and len(set(padded)) == 3
    assert _build(one).dna.palette == padded


@pytest.mark.parametrize(
    ("energy", "temperature", "brightness", "saturation", "expected"),
    [
        (9, "warm", 0.5, 0.6, ("energetic", "comic")),
        (9, "cool", 0.2, 0.5, ("dramatic", "neon")),
        (6, "warm", 0.2, 0.4, ("mysterious", "cinematic")),
        (6, "warm", 0.5, 0.4, ("playful", "bold")),
        (6, "cool", 0.5, 0.4, ("serious", "clean")),
        (3, "warm", 0.6, 0.4, ("cozy", "retro")),
        (3, "neutral", 0.2, 0.1, ("mysterious", "luxury")),
        (2, "neutral", 0.9, 0.05, ("calm", "minimal")),
    ],
)
def test_mood_and_style_table(energy, temperature, brightness, saturation, expected):
    dna = case("calm").dna.model_copy(update={"energy": energy, "temperature": temperature,
                                              "brightness": brightness, "saturation": saturation})
    assert mood_style(dna) == expected
    assert _build(dna).dna.mood == expected[0] and _build(dna).dna.style == expected[1]


@pytest.mark.parametrize("source", RENDERED + PHOTOS)
def test_renders_in_every_aspect(source):
    design = _filled(_build(_dna(source)))
    wide = render(design, (640, 360), _assets)
    square = render(design, (360, 360), _assets)
    tall = render(design, (360, 640), _assets)
    assert wide.image.size == (640, 360) and square.image.size == (360, 360) and tall.image.size == (360, 640)
    for result, size in ((wide, (640, 360)), (square, (360, 360)), (tall, (360, 640))):
        assert "title" in result.boxes  # the title was drawn
        aspect = "16:9" if size[0] > size[1] else "1:1" if size[0] == size[1] else "9:16"
        box = box_for(design.layer("title"), aspect).to_px(*size)
        l, t, r, b = result.boxes["title"]
        assert box[0] - 4 <= l and t >= box[1] - 4 and r <= box[2] + 4 and b <= box[3] + 4
        if design.by_slot("subject"):
            assert "subject" in result.boxes


def test_renders_as_a_3000px_cover():
    design = _filled(_build(case("logo").dna))
    result = render(design, (3000, 3000), _assets)
    assert result.image.size == (3000, 3000)
    assert {"title", "subject", "logo"} <= set(result.boxes)
