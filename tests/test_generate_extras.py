"""The two phases of the pipeline: the thumbnail phase stops at thumbnail.jpg, the extras phase
makes the rest from the design alone, read back from its files as another process would."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from routix.brief import get_planner
from routix.design import Design
from routix.edit.assets import EditAssets
from routix.generate import GenerationRequest, LightningAlgorithm, MemoryAssets, generate, make_thumbnail
from routix.generate.extras import make_extras
from routix.quality import assess, with_file_size, with_legibility
from routix.render import render
from routix.templates import starter_index
from routix.vision import load_image


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.order: list[str] = []

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data
        self.order.append(name)


@pytest.fixture(scope="module")
def first(photo_path):
    request = GenerationRequest(prompt="tech review of a new phone", faces=[load_image(photo_path)],
                                title="Worth It?", seed=11, variants=2)
    sink = Sink()
    thumb = make_thumbnail(request, planner=get_planner(), index=starter_index(), algorithm=LightningAlgorithm(),
                           assets=MemoryAssets(), sink=sink)
    return request, thumb, sink


def test_the_first_phase_stops_at_the_thumbnail(first):
    _, thumb, sink = first
    assert sink.order[0] == "thumbnail.jpg"
    assert set(sink.files) == {"thumbnail.jpg", "design.json", *[n for n in sink.files if n.startswith("assets/")]}
    assert any(n.startswith("assets/") for n in sink.files)  # the cut-out travels with the design
    assert Image.open(io.BytesIO(sink.files["thumbnail.jpg"])).size == (1280, 720)
    assert thumb.quality.legible_at_small is None  # no OCR yet
    assert thumb.quality.file_size_bytes == len(sink.files["thumbnail.jpg"])
    assert thumb.quality.check("file_size").passed and not thumb.quality.check("file_size").skipped


def test_the_extras_from_stored_files_match_the_extras_in_process(first):
    request, thumb, sink = first
    stored = _assets_of(sink)
    design = Design.model_validate(json.loads(sink.files["design.json"]))
    later, now = Sink(), Sink()
    from_files = make_extras(design, stored, thumb.quality, later.put, variants=2, ocr=True)
    in_process = make_extras(thumb.design, _assets_of(sink), thumb.quality, now.put, variants=2, ocr=True,
                             rendered=thumb.rendered)
    expected = {"thumbnail.png", "cover.jpg", "design.psd", "design-1x1.psd", "quality.json",
                *(f"variant-{k}.{ext}" for k in (1, 2) for ext in ("jpg", "png", "json"))}
    assert set(later.files) == set(now.files) == expected
    assert later.order[-1] == "quality.json"
    assert Image.open(io.BytesIO(later.files["cover.jpg"])).size == (3000, 3000)
    assert from_files.quality.legible_at_small is not None  # the OCR check ran
    assert from_files.quality == in_process.quality
    assert later.files["variant-1.json"] == now.files["variant-1.json"]


def _assets_of(sink: Sink) -> EditAssets:
    """The design's assets read back from their PNG files."""
    return EditAssets({name: Image.open(io.BytesIO(data)).copy() for name, data in sink.files.items()
                       if name.startswith("assets/")})


def test_with_legibility_and_file_size_equal_a_full_assessment(first):
    _, thumb, sink = first
    assets = _assets_of(sink)
    rendered = render(thumb.design, (1280, 720), assets.get)
    full = assess(rendered.image, thumb.design, rendered.boxes, file_size=123_456, ocr=True)
    partial = assess(rendered.image, thumb.design, rendered.boxes, ocr=False)
    rebuilt = with_legibility(with_file_size(partial, 123_456), rendered.image, thumb.design, rendered.boxes)
    assert rebuilt == full
    too_big = with_file_size(partial, 3_000_000)
    assert not too_big.passed and not too_big.check("file_size").passed


def test_generate_runs_both_phases_once_each(photo_path):
    sink = Sink()
    request = GenerationRequest(prompt="podcast cover, calm, blue", faces=[load_image(photo_path)], seed=3, variants=1)
    result = generate(request, planner=get_planner(), index=starter_index(), algorithm=LightningAlgorithm(),
                      assets=MemoryAssets(), sink=sink, ocr=False, png=True)
    assert len(sink.order) == len(set(sink.order)) == len(result.outputs)  # every file put exactly once
    assert sink.order.index("thumbnail.jpg") < sink.order.index("cover.jpg")
    assert len(result.variants) == 1 and "quality.json" in result.outputs
