"""Designs without a photo, rendered: moods land in measured light and colour, variants differ.

Luminance is Rec. 601 luma (PIL ``L``, 0..255); colourfulness is the mean chroma
``(max(R,G,B) - min(R,G,B)) / 255`` (HSV saturation x value), which, unlike HSV saturation,
does not call a nearly black pixel with a trace of colour "saturated".
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from routix.assembly import run_generate
from routix.brief import get_planner
from routix.design import Design
from routix.generate import GenerationRequest, LightningAlgorithm, MemoryAssets
from routix.generate.hero import keep_look_motif
from routix.generate.layout import layout_request
from routix.render import render
from routix.templates import starter_index

FIXTURE = Path(__file__).parent / "fixtures" / "no_photo_requests.json"
REQUESTS: list[dict] = json.loads(FIXTURE.read_text())["requests"]
#: (luminance range, chroma range) each mood group must land in.
RANGES = {
    "dark": ((0.0, 70.0), (0.0, 0.08)),
    "calm": ((50.0, 170.0), (0.0, 0.16)),
    "loud": ((40.0, 200.0), (0.2, 1.0)),
}
#: Three requests per group keep the test quick; the group lists are in the fixture.
PICKED = [case for tone in RANGES for case in [c for c in REQUESTS if c["tone"] == tone][:3]]


def _painted(prompt: str) -> tuple[Design, MemoryAssets]:
    request = GenerationRequest(prompt=prompt)
    brief = get_planner().analyze(prompt)
    assets = MemoryAssets()
    seed = request.resolved_seed()
    layout = layout_request(brief, index=starter_index(), assets=assets, seed=seed)
    design = LightningAlgorithm().fill_background(layout.design, brief, seed=seed, assets=assets)
    assert layout.hero is not None
    return keep_look_motif(design, layout.hero.look, brief.category), assets


def measure(image: Image.Image) -> tuple[float, float]:
    """(mean luminance 0..255, mean chroma 0..1) of an RGB image."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    luma = float(np.asarray(image.convert("L"), dtype=np.float32).mean())
    chroma = float(((rgb.max(axis=2) - rgb.min(axis=2)) / 255.0).mean())
    return luma, chroma


@pytest.mark.parametrize("case", PICKED, ids=[f"{c['tone']}-{c['prompt'][:30]}" for c in PICKED])
def test_mood_lands_in_its_light_and_colour(case: dict) -> None:
    design, assets = _painted(case["prompt"])
    luma, chroma = measure(render(design, (480, 270), assets.get).image)
    (lo, hi), (clo, chi) = RANGES[case["tone"]]
    print(f"{case['tone']}: {case['prompt']!r} luminance {luma:.1f}, chroma {chroma:.3f}")
    assert lo <= luma <= hi, luma
    assert clo <= chroma <= chi, chroma


def test_dark_calm_and_loud_are_told_apart() -> None:
    values = {}
    for tone in RANGES:
        case = next(c for c in REQUESTS if c["tone"] == tone)
        design, assets = _painted(case["prompt"])
        values[tone] = measure(render(design, (320, 180), assets.get).image)
    assert values["dark"][0] < values["calm"][0]
    assert values["loud"][1] > 2 * values["calm"][1] > 0


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def test_a_text_only_request_makes_every_output_with_a_hero_and_varied_variants() -> None:
    sink = Sink()
    result = run_generate(GenerationRequest(prompt="easy vegan pasta recipe", variants=2), sink=sink, ocr=False)
    design = result.design
    hero = design.layer("hero")
    assert hero.kind == "image" and hero.asset in sink.files  # the toned icon ships with the design
    expected = {"thumbnail.jpg", "cover.jpg", "design.psd", "design.json", "variant-1.jpg", "variant-2.jpg"}
    assert expected <= set(sink.files)
    assert result.template_id == "food-hero-side"
    assert not any(getattr(layer, "text", "").strip() == "?" for layer in design.layers)
    main, first, second = (
        np.asarray(Image.open(io.BytesIO(sink.files[name])).convert("L").resize((160, 90)), dtype=float)
        for name in ("thumbnail.jpg", "variant-1.jpg", "variant-2.jpg")
    )
    assert np.abs(main - first).mean() > 10 and np.abs(main - second).mean() > 10 and np.abs(first - second).mean() > 5
    again = Design.from_json(sink.files["design.json"])
    assert again.layer("hero").box_square is not None
