"""Design DNA of rendered thumbnails with known colours, face position, title and logo.

The designs are built and rendered in tests/test_vision_dna_cases.py: a real person cutout at
a known box, a title at a known box, a solid / gradient / photo / striped background.
"""

from __future__ import annotations

import pytest

from routix.vision.dna import StyleDNA, analyse_dna
from test_vision_dna_cases import case, contains, delta_e, expected_face, iou, photo_dna

WITH_SUBJECT = ("solid", "gradient", "photo", "logo", "busy", "slots")


def _closest(dna: StyleDNA, hex_color: str):
    return min(dna.palette, key=lambda c: delta_e(c.hex, hex_color))


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("solid", {"#1E3A8A": 0.4, "#FFD400": 0.03}),   # background, yellow title
        ("logo", {"#0F766E": 0.4, "#FFD400": 0.03}),
        ("pattern", {"#FFFFFF": 0.3, "#E11D48": 0.3}),  # white / red stripes, half each
        ("calm", {"#EBE8EE": 0.6}),                      # the pale background (mid-gradient)
    ],
)
def test_palette_finds_the_known_colours_with_their_shares(name, known):
    dna = case(name).dna
    assert 1 <= len(dna.palette) <= 6
    assert sum(c.share for c in dna.palette) == pytest.approx(1.0, abs=0.01)
    assert [c.share for c in dna.palette] == sorted((c.share for c in dna.palette), reverse=True)
    for hex_color, min_share in known.items():
        near = _closest(dna, hex_color)
        assert delta_e(near.hex, hex_color) < 10, (hex_color, dna.palette_hexes())
        assert near.share >= min_share, (hex_color, near)
    # a clearly dominant known colour (the background) comes first
    shares = sorted(known.values(), reverse=True)
    if shares[0] >= 0.4 and (len(shares) == 1 or shares[1] < 0.4):
        assert delta_e(dna.palette[0].hex, max(known, key=known.get)) < 10


@pytest.mark.parametrize("name", WITH_SUBJECT)
def test_face_and_subject_slot_where_the_person_is(name):
    dna = case(name).dna
    assert dna.has_face and len(dna.faces) == 1
    assert iou(dna.faces[0].box, expected_face()) > 0.4
    subject = dna.slot("subject")
    assert subject is not None and contains(subject.box, dna.faces[0].box)
    # head and shoulders: wider and taller than the face, starting just above it
    assert subject.box[2] > 1.5 * dna.faces[0].box[2] and subject.box[3] > 2 * dna.faces[0].box[3]
    assert dna.composition.focal_points[0].weight == 1.0
    fx, fy = dna.composition.focal_points[0].x, dna.composition.focal_points[0].y
    assert contains(dna.faces[0].box, [fx, fy, 0, 0])


@pytest.mark.parametrize("name", ["solid", "gradient", "photo", "logo", "pattern", "busy"])
def test_text_regions_and_title_slot_on_the_title(name):
    c = case(name)
    dna, ink = c.dna, c.ink["title"]
    assert dna.has_text and dna.text
    lines = [t.box for t in dna.text]
    assert all(iou(ink, box) > 0.1 or contains(ink, box, 0.03) for box in lines)
    union = [min(b[0] for b in lines), min(b[1] for b in lines)]
    union += [max(b[0] + b[2] for b in lines) - union[0], max(b[1] + b[3] for b in lines) - union[1]]
    assert iou(union, ink) > 0.3
    title = dna.slot("title")
    assert title is not None and iou(title.box, ink) > 0.3


@pytest.mark.parametrize(("name", "fill"), [("solid", "#FFD400"), ("gradient", "#FFFFFF"), ("calm", "#9AA5B8"),
                                           ("busy", "#00FF3C"), ("pattern", "#111111")])
def test_text_colour_is_the_letters_not_the_stroke_or_background(name, fill):
    colours = [t.color for t in case(name).dna.text]
    assert colours and all(c is not None and delta_e(c, fill) < 12 for c in colours), colours


def test_subtitle_and_badge_slots():
    c = case("slots")
    for slot in ("title", "subtitle", "badge"):
        assert iou(c.dna.slot(slot).box, c.ink[slot]) > 0.4, slot
    assert delta_e(c.dna.text[-1].color, "#F59E0B") < 12  # the amber subtitle


def test_words_are_read():
    assert [w.upper() for w in case("solid").dna.words] == ["BIG", "NEWS", "TODAY"]
    assert [w.upper() for w in case("calm").dna.words] == ["SLOW", "MORNING"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("solid", "solid"), ("logo", "solid"), ("gradient", "gradient"), ("photo", "photo"), ("pattern", "pattern"),
     ("busy", "photo")],
)
def test_background_kind(name, kind):
    assert case(name).dna.background.kind == kind


def test_solid_background_colour():
    bg = case("solid").dna.background
    assert bg.angle is None and delta_e(bg.colors[0], "#1E3A8A") < 5


def test_gradient_direction_and_end_colours():
    bg = case("gradient").dna.background
    assert bg.angle == pytest.approx(90, abs=10)  # top -> bottom
    assert len(bg.colors) == 3
    # the subject and title hide part of the gradient; the ends are extrapolated from the fit
    assert delta_e(bg.colors[0], "#FF5E3A") < 12 and delta_e(bg.colors[-1], "#3A0CA3") < 12


def test_logo_blob_in_the_corner():
    dna = case("logo").dna
    assert dna.has_logo and dna.logo_box is not None
    assert iou(dna.logo_box, case("logo").ink["logo"]) > 0.5
    assert iou(dna.slot("logo").box, case("logo").ink["logo"]) > 0.5
    for name in ("solid", "gradient", "pattern"):
        assert not case(name).dna.has_logo, name


def test_energy_busy_saturated_render_beats_calm_pastel():
    calm, busy = case("calm").dna, case("busy").dna
    assert busy.energy > calm.energy
    assert calm.energy <= 4 and busy.energy >= 6
    assert calm.saturation < busy.saturation and calm.edge_density < busy.edge_density


def test_temperature_follows_the_colours():
    assert case("solid").dna.temperature == "cool"   # navy background
    assert case("busy").dna.temperature == "warm"    # fire burst
    assert case("calm").dna.temperature == "neutral"  # near-white pastel
    assert case("solid").dna.temperature_score < 0 < case("busy").dna.temperature_score


def test_layout_from_faces():
    # a single subject on the right third of the canvas
    assert case("solid").dna.composition.layout in ("rule_of_thirds", "right_heavy")
    # two people side by side
    duo = photo_dna("duo")
    assert len(duo.faces) == 2 and duo.composition.layout == "split"


def test_without_ocr_there_is_no_text_but_still_a_title_slot():
    c = case("solid")
    dna = analyse_dna(c.image, ocr=False)
    assert dna.ocr is False and dna.text == [] and dna.words == [] and dna.has_text is False
    title, subject = dna.slot("title"), dna.slot("subject")
    assert title is not None and subject is not None
    # the calm area chosen for the title keeps clear of the subject
    assert iou(title.box, subject.box) < 0.1
    # everything else is the same analysis
    assert dna.faces == c.dna.faces and dna.palette == c.dna.palette


def test_json_round_trip_and_determinism():
    dna = case("gradient").dna
    data = dna.model_dump(mode="json")
    assert StyleDNA.model_validate(data) == dna
    assert analyse_dna(case("gradient").image) == dna


@pytest.mark.slow
def test_energy_calibration_on_the_starter_templates():
    """The energy formula was calibrated on the rendered starter templates (see
    routix.vision.dna.analyse.energy_level): each stays within 2 levels of its hand label and
    the mean error stays below one level."""
    from PIL import Image

    from routix.design import TextLayer
    from routix.render import render
    from routix.render.samples import sample_subject
    from routix.templates import STARTER_TEMPLATES

    def assets(ref: str) -> Image.Image:
        if ref == "slot:subject":
            return sample_subject().copy()
        return Image.new("RGBA", (120, 120), (255, 200, 0, 255))

    texts = {"title": "HOW I WON THIS", "subtitle": "the full story", "badge": "NEW", "number": "100",
             "accent": "?", "label": "THIS", "label_b": "THAT"}
    errors = []
    for template in STARTER_TEMPLATES:
        layers = [
            layer.model_copy(update={"text": texts.get(layer.slot, "THIS")})
            if isinstance(layer, TextLayer) and layer.slot else layer
            for layer in template.design.layers
        ]
        image = render(template.design.model_copy(update={"layers": layers}), (1280, 720), assets).image
        errors.append(analyse_dna(image, ocr=False).energy - template.dna.energy)
    assert max(abs(e) for e in errors) <= 2, errors
    assert sum(abs(e) for e in errors) / len(errors) < 1.0, errors


def test_concurrent_analyses_give_the_sequential_result():
    """Workers analyse uploads in parallel threads: the shared OCR engine and face models are
    serialised by their locks, so results do not depend on interleaving."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["solid", "gradient", "logo", "solid"]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda n: analyse_dna(case(n).image), names))
    assert results == [case(n).dna for n in names]
