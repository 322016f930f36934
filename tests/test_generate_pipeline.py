"""The pipeline with its real ports: progress, determinism, secrecy of template ids, contrast fix."""

from __future__ import annotations

import pytest

from routix.assembly import run_generate
from routix.brief import get_planner
from routix.design import BackgroundLayer, Box, Design, Solid, TextLayer
from routix.errors import InvalidInput
from routix.generate import (
    GenerationRequest,
    LightningAlgorithm,
    MemoryAssets,
    generate,
)
from routix.generate.ports import STAGES
from routix.templates import TemplateMatch, starter_index
from routix.vision import load_image


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


@pytest.fixture(scope="module")
def face(photo_path):
    return load_image(photo_path)


def test_progress_is_monotonic_and_walks_the_stages(face):
    events = []
    sink = Sink()
    run_generate(GenerationRequest(prompt="gaming thumbnail with explosions", faces=[face]), sink=sink,
                 progress=events.append, ocr=False)
    percents = [e.percent for e in events]
    assert percents == sorted(percents) and percents[-1] == 100
    stages = list(dict.fromkeys(e.stage for e in events))
    assert stages == [*STAGES, "completed"]
    assert all(e.message for e in events)


def test_same_request_same_pixels_and_no_template_id_leaks(face):
    a, b = Sink(), Sink()
    request = GenerationRequest(prompt="my trip to japan, travel vlog", faces=[face], title="Tokyo At Night")
    first = run_generate(request, sink=a, ocr=False)
    run_generate(request, sink=b, ocr=False)
    assert a.files["thumbnail.jpg"] == b.files["thumbnail.jpg"]
    assert a.files["cover.jpg"] == b.files["cover.jpg"]
    design_json = a.files["design.json"].decode()
    assert first.template_id not in design_json and first.design.meta.template_ref.startswith("tpl_")


def test_without_a_face_a_hero_layout_is_used():
    result = run_generate(GenerationRequest(prompt="how to invest your first $1000"), sink=Sink(), ocr=False)
    assert not result.design.by_slot("subject")
    assert result.design.by_slot("hero"), "no photo: an illustrated hero instead of a person"
    # the counted number leads in its own layer, the title carries the rest
    assert result.design.layer("number").text == "$1000"
    assert result.design.layer("title").text == "HOW TO INVEST YOUR FIRST"


def test_bad_variant_count_is_refused_before_anything_is_written(face):
    sink = Sink()
    with pytest.raises(InvalidInput, match="variants"):
        run_generate(GenerationRequest(prompt="vlog", faces=[face], variants=9), sink=sink)
    assert sink.files == {}


class OneTemplate:
    """A template index holding one deliberately unreadable template (white on white)."""

    def __init__(self) -> None:
        base = starter_index().get("education-big-question")
        design = Design(palette=["#FFFFFF"], layers=[
            BackgroundLayer(id="background", fill=Solid(color="#FFFFFF")),
            TextLayer(id="title", slot="title", text="{title}", fill=Solid(color="#FAFAFA"),
                      box=Box(x=0.1, y=0.2, w=0.6, h=0.5), box_square=Box(x=0.1, y=0.2, w=0.8, h=0.4)),
        ])
        self.template = base.model_copy(update={"design": design})

    def search(self, query, filters=None, k=5, min_score=None):
        return [TemplateMatch(template=self.template, score=0.5)]

    def get(self, template_id):
        return self.template


class SolidAlgorithm(LightningAlgorithm):
    """Keeps the template's white background so the contrast problem stays."""

    def fill_background(self, design, brief, *, seed, assets, references=()):
        return design


def test_a_low_contrast_title_is_fixed_before_it_is_returned():
    result = generate(GenerationRequest(prompt="explained", title="Why Is The Sky Blue"), planner=get_planner(),
                      index=OneTemplate(), algorithm=SolidAlgorithm(), assets=MemoryAssets(), sink=Sink(), ocr=False)
    check = next(c for c in result.quality.checks if c.name == "title_contrast")
    assert check.passed and check.value >= 4.5
    title = result.design.layer("title")
    assert title.stroke is not None or title.highlight is not None
    assert any("contrast" in note.lower() for note in result.design.meta.notes)
