"""Inputs by role in the pipeline: objects, scenes and logos on real photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from routix.assembly import LOCAL_ALGORITHM, assemble
from routix.brief import get_planner
from routix.design import BackgroundLayer, ImageLayer
from routix.design.models import ImageFill
from routix.generate import GenerationRequest, MemoryAssets
from routix.generate.inputs import Input
from routix.generate.layout import layout_request
from routix.quality.layout import badge_corner, box_area, intersection
from routix.render import render
from routix.templates import starter_index
from routix.vision import load_image

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CANVAS = (1280, 720)


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def _run(request: GenerationRequest):
    assets = MemoryAssets()
    result = assemble(None, LOCAL_ALGORITHM).run(request, assets=assets, sink=Sink(), ocr=False)
    return result, assets


def _check(result, name: str):
    return next(c for c in result.quality.checks if c.name == name)


@pytest.mark.parametrize(("name", "prompt"), [
    ("coffee.jpg", "is this the best espresso in town"),
    ("chelsea.jpg", "my cat reacts to cucumbers"),
])
def test_object_photo_is_cut_out_and_kept_out_of_the_badge_corner(name, prompt):
    result, assets = _run(GenerationRequest(prompt=prompt, inputs=[Input(load_image(FIXTURES / name))]))
    assert result.notes[0] == "Photo 1 looks like an object; used it as one."
    (subject,) = result.design.by_slot("subject")
    assert isinstance(subject, ImageLayer)
    ink = render(result.design, CANVAS, assets.get).boxes[subject.id]
    assert box_area(intersection(ink, badge_corner(CANVAS))) == 0
    assert box_area(ink) > 0.08 * CANVAS[0] * CANVAS[1]  # still a big, readable subject
    assert _check(result, "timestamp_corner").passed


@pytest.mark.parametrize("name", ["photos/hubble_deep_field.jpg", "photos/rocket.jpg"])
def test_photo_without_a_subject_becomes_the_graded_background(name):
    photo = load_image(FIXTURES / name)
    result, assets = _run(GenerationRequest(prompt="the deepest picture of space ever taken", inputs=[Input(photo)]))
    assert "Photo 1 looks like a scene; used it as one." in result.notes
    assert not result.design.by_slot("subject")  # never a blob cut out of nothing
    background = next(layer for layer in result.design.layers if isinstance(layer, BackgroundLayer))
    assert isinstance(background.fill, ImageFill)
    graded = assets.get(background.fill.asset)
    assert graded.size == photo.size and graded.tobytes() != photo.convert("RGB").tobytes()


def test_given_role_wins_over_the_guess():
    photo = load_image(FIXTURES / "coffee.jpg")
    result, _ = _run(GenerationRequest(prompt="coffee shop review", inputs=[Input(photo, "scene")]))
    assert not result.design.by_slot("subject")
    assert not any("looks like" in note for note in result.notes)


def test_badge_check_counts_subjects():
    from routix.design import Design
    from routix.design.models import Box, Solid
    from routix.quality import assess

    cutout = Image.new("RGBA", (200, 200), (200, 30, 30, 255))
    assets = MemoryAssets()
    ref = assets.put(cutout, hint="subject")
    design = Design(layers=[
        BackgroundLayer(id="bg", fill=Solid(color="#223344")),
        ImageLayer(id="thing", slot="subject", asset=ref, box=Box(x=0.7, y=0.6, w=0.3, h=0.4), anchor_x=1.0),
    ])
    rendered = render(design, CANVAS, assets.get)
    report = assess(rendered.image, design, rendered.boxes, ocr=False)
    corner = next(c for c in report.checks if c.name == "timestamp_corner")
    assert not corner.passed and corner.severity == "warning" and "subject" in corner.message


def test_every_starter_template_places_a_logo():
    logo = load_image(FIXTURES / "photos" / "skimage_logo.png")
    index = starter_index()
    brief = get_planner().analyze("my channel's new series")
    face = Image.new("RGBA", (300, 400), (180, 120, 90, 255))
    for template in index.all():
        assets = MemoryAssets()
        laid = layout_request(brief, index=index, assets=assets, seed=3, template_id=template.id,
                              subjects=[face], logo=logo)
        logos = laid.design.by_slot("logo")
        assert len(logos) == 1, template.id
        assert isinstance(logos[0], ImageLayer) and assets.get(logos[0].asset) is not None
        note = next(n for n in laid.design.meta.notes if n.startswith("Logo placed in the"))
        assert "bottom-right" not in note, template.id
        rendered = render(laid.design, CANVAS, assets.get)
        ink = rendered.boxes[logos[0].id]
        assert box_area(ink) > 0.004 * CANVAS[0] * CANVAS[1], template.id  # visible, not a dot
        if "no logo slot" in note:
            assert box_area(intersection(ink, badge_corner(CANVAS))) == 0
            title = laid.design.by_slot("title")
            if title:
                title_ink = rendered.boxes.get(title[0].id)
                if title_ink:
                    assert box_area(intersection(ink, title_ink)) < 0.2 * box_area(ink), template.id


def test_logo_goes_into_the_report():
    logo = load_image(FIXTURES / "photos" / "skimage_logo.png")
    result, _ = _run(GenerationRequest(prompt="how to invest your first $1000", logo=logo))
    assert any(n.startswith("Logo placed in the") for n in result.quality.notes)
    assert result.design.by_slot("logo")


@pytest.mark.parametrize("template_id", ["podcast-studio-split", "reaction-duo", "gaming-neon-arena"])
def test_host_and_guest_faces_stay_inside_the_canvas(template_id):
    from test_vision_faces import host_and_guest

    result, _ = _run(GenerationRequest(prompt="podcast with my guest", inputs=[Input(host_and_guest(), "person")],
                                       template_id=template_id))
    assert len(result.design.by_slot("subject")) == 2
    margins = _check(result, "safe_margins")
    assert margins.passed, margins.message  # both faces inside the safe area, none cut by the edge


def test_a_reference_lends_its_style_but_never_its_pixels():
    reference = load_image(FIXTURES / "photos" / "hubble_deep_field.jpg")
    result, assets = _run(GenerationRequest(prompt="my weekend baking project",
                                            inputs=[Input(reference, "reference", "style_and_composition")]))
    note = next(n for n in result.notes if n.startswith("Followed the reference's palette and energy"))
    from routix.templates.skeleton import composition_of
    from routix.vision.dna import analyse_dna

    dna = analyse_dna(reference, ocr=False)
    assert f"its {composition_of(dna)} layout" in note
    assert starter_index().get(result.template_id).dna.composition == composition_of(dna)
    assert dna.palette[0].hex in result.design.palette
    assert not result.design.by_slot("subject")
    background = next(layer for layer in result.design.layers if isinstance(layer, BackgroundLayer))
    assert not isinstance(background.fill, ImageFill)  # the reference is not the background
    assert all(image.size != reference.size for _, image in assets.items())  # nor any layer
