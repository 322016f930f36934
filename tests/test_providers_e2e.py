"""One whole generation through ``generate()`` with Gemini mocked at the HTTP layer: the LLM
planner answers the brief, Gemini paints the art (a real photo), Routix draws the title on top."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import respx
from PIL import Image

from fixtures.providers import mocks
from routix.design import Design, ImageFill
from routix.generate import GenerationRequest, MemoryAssets, generate
from routix.providers import build_planner
from routix.render import render
from routix.templates import starter_index
from routix.vision import load_image

ANSWER = {
    "category": "gaming", "mood": "energetic", "energy": 9, "style": "bold", "visual_elements": ["explosions"],
    "title": None, "color_hints": [], "format": "youtube",
}


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def is_image_call(request) -> bool:
    return "responseModalities" in json.loads(request.content).get("generationConfig", {})


@pytest.mark.slow
def test_generation_with_gemini_art_keeps_the_routix_title(photo_path):
    h = mocks.Harness()
    with respx.mock(assert_all_mocked=True) as http:
        route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(
            side_effect=lambda request, **route: mocks.reply("gemini_image") if is_image_call(request)
            else mocks.reply("gemini_text", text=json.dumps(ANSWER))
        )
        planner = build_planner("auto", recorder=h.recorder, budget=h.budget, user_id="u1", settings=h.settings,
                                keys=h.keys, breakers=h.breakers, sleep=h.sleeps.append)
        recorder = h.recorder
        algorithm = h.algorithm("v1", recorder=recorder)
        sink = Sink()
        result = generate(
            GenerationRequest(prompt="minecraft survival, huge explosions", title="I Survived 100 Days",
                              faces=[load_image(photo_path)]),
            planner=planner, index=starter_index(), algorithm=algorithm, assets=MemoryAssets(), sink=sink, ocr=False,
        )
    assert route.call_count == 2
    assert result.brief.planner == "gemini" and result.brief.title == "I Survived 100 Days"
    record = recorder.to_dict()
    assert record["planner"] == "gemini" and record["algorithm_used"] == "gemini:gemini-3.1-flash-image"
    assert [c["kind"] for c in record["calls"]] == ["text", "image"] and record["fallbacks"] == []
    assert record["cost_usd"] == pytest.approx(sum(c["cost_usd"] for c in record["calls"])) and record["cost_usd"] > 0

    design = Design.from_json(sink.files["design.json"])
    fill = design.layer("background").fill
    assert isinstance(fill, ImageFill) and fill.asset in sink.files
    art = Image.open(io.BytesIO(sink.files[fill.asset]))
    assert art.size == (1280, 720)
    assert design.by_slot("title")[0].text.upper() == "I SURVIVED 100 DAYS"
    assert design.by_slot("subject"), "the creator's cutout stays a layer over the art"

    # the title is drawn by Routix: the thumbnail differs from the same design rendered without its
    # text layers inside the title box, and (JPEG noise aside) nowhere outside the text boxes
    def asset(ref):
        return Image.open(io.BytesIO(sink.files[ref]))

    no_text = design.model_copy(update={"layers": [layer for layer in design.layers if layer.kind != "text"]})
    plain = np.asarray(render(no_text, (1280, 720), asset).image.convert("RGB")).astype(int)
    thumb = np.asarray(Image.open(io.BytesIO(sink.files["thumbnail.jpg"])).convert("RGB")).astype(int)
    diff = np.abs(thumb - plain).mean(axis=2)
    texts = np.zeros(diff.shape, bool)
    for layer in design.layers:
        if layer.kind == "text":
            x0, y0, x1, y1 = layer.box.to_px(1280, 720)
            texts[max(y0, 0):y1, max(x0, 0):x1] = True
    x0, y0, x1, y1 = design.by_slot("title")[0].box.to_px(1280, 720)
    assert diff[y0:y1, x0:x1].mean() > 20
    assert diff[~texts].mean() < 4
