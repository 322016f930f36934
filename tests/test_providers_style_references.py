"""The user's style references reach the image models: sent after the creator's cut-outs,
named in the prompt by their mode, capped by the model's limit and counted in the budget."""

from __future__ import annotations

import base64
import io
import json

import pytest
import respx
from PIL import Image

from fixtures.providers import mocks
from routix.providers import BudgetExceeded, MemoryBudget
from routix.providers.references import art_inputs, numbered, style_images, style_lines

STYLE = "follow its palette, lighting and energy; do not copy its content, people or text"
LAYOUT = "follow its layout: subject and title placement"


@pytest.fixture
def http():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def references() -> list[tuple[Image.Image, str]]:
    """Two references bigger than the max side: a blue style-only and a green layout one."""
    return [(Image.new("RGB", (2400, 1350), (20, 40, 220)), "style_only"),
            (Image.new("RGB", (1600, 1600), (30, 200, 60)), "style_and_composition")]


def paint(harness, name: str, people: int = 1, refs=None):
    design, assets = mocks.design(people)
    out = harness.algorithm(name).fill_background(
        design, mocks.brief(), seed=7, assets=assets, references=references() if refs is None else refs
    )
    return out


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def inline(part: dict) -> Image.Image:
    """The image of a Gemini ``inlineData`` part (the SDK sends URL-safe base64)."""
    data = part["inlineData"]["data"]
    return decoded(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def test_gemini_gets_the_cutout_then_both_references_and_the_prompt_names_them(http):
    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=mocks.reply("gemini_image"))
    out = paint(h, "v1")

    parts = json.loads(route.calls.last.request.content)["contents"][0]["parts"]
    assert [next(iter(p)) for p in parts] == ["text", "inlineData", "inlineData", "inlineData"]
    images = [inline(p) for p in parts[1:]]
    assert images[0].size == (300, 400)  # the creator's cut-out first
    assert images[1].size == (1024, 576) and images[1].getpixel((5, 5))[:3] == (20, 40, 220)
    assert images[2].size == (1024, 1024) and images[2].getpixel((5, 5))[:3] == (30, 200, 60)
    prompt = parts[0]["text"]
    assert "Image 1 shows the creator" in prompt
    assert f"Image 2 is a style reference: {STYLE}." in prompt
    assert f"Image 3 is a style and layout reference: follow its palette, lighting and energy; {LAYOUT};" in prompt
    assert "do not copy its content, people or text" in prompt.split("Image 3")[1]
    assert not out.meta.notes


def test_openai_edit_gets_the_references_as_files_and_the_prompt_lines(http):
    h = mocks.Harness()
    generate = http.post(mocks.OPENAI_GENERATE).mock(return_value=mocks.reply("openai_image"))
    edit = http.post(mocks.OPENAI_EDIT).mock(return_value=mocks.reply("openai_image"))
    paint(h, "pro", people=0)  # no cut-out: the references alone make it an edit call

    assert generate.call_count == 0
    body = edit.calls.last.request.content
    assert body.count(b'filename="reference-') == 2
    assert b"Image 1 is a style reference: " + STYLE.encode() in body
    assert b"Image 2 is a style and layout reference" in body and LAYOUT.encode() in body
    assert b"shows the creator" not in body
    png = body.split(b'filename="reference-1.png"')[1].split(b"\r\n\r\n", 1)[1]
    assert decoded(png).size == (1024, 576)


def test_the_model_limit_keeps_the_cutouts_and_drops_references_with_a_note(http):
    h = mocks.Harness()
    h.settings = mocks.settings(image_models={
        "gemini_flash": {"provider": "gemini", "model": "gemini-3.1-flash-image", "size": "1K",
                         "max_reference_images": 2},
    }, chains={"v1": ["gemini_flash", "lightning"]})
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=mocks.reply("gemini_image"))
    out = paint(h, "v1", people=1)

    parts = json.loads(route.calls.last.request.content)["contents"][0]["parts"]
    assert sum("inlineData" in p for p in parts) == 2
    assert "Image 1 shows the creator" in parts[0]["text"] and "Image 2 is a style reference" in parts[0]["text"]
    assert "Image 3" not in parts[0]["text"]
    assert out.meta.notes == ["1 style reference was left out: gemini-3.1-flash-image takes at most 2 images."]


def test_the_budget_check_counts_every_image_sent(http):
    h = mocks.Harness()
    step = h.algorithm("v1").steps[0]
    with_three = step.estimate_usd + 3 * step.reference_usd  # cut-out + 2 references
    with_one = step.estimate_usd + step.reference_usd
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=mocks.reply("gemini_image"))
    # a budget between the two: the cut-out alone would pass, with the references it is refused
    h.budget = MemoryBudget(daily_usd=100.0, user_daily_usd=(with_one + with_three) / 2)
    with pytest.raises(BudgetExceeded):
        paint(h, "v1")
    assert route.call_count == 0
    paint(h, "v1", refs=[])
    assert route.call_count == 1


def test_selection_and_prompt_helpers():
    styles = style_images(references(), max_side=512)
    assert [decoded(s.png).size for s in styles] == [(512, 288), (512, 512)]
    assert [s.mode for s in styles] == ["style_only", "style_and_composition"]
    picked = art_inputs([b"me", b"friend"], styles, limit=3)
    assert picked.images[:2] == [b"me", b"friend"] and picked.creators == 2
    assert picked.modes == ("style_only",) and picked.dropped == 1
    note = "1 style reference was left out: gpt-image-2 takes at most 3 images."
    assert picked.dropped_note("gpt-image-2", 3) == note
    none = art_inputs([b"me"], styles, limit=1)
    assert none.images == [b"me"] and none.dropped_note("m", 1).startswith("2 style references were")
    assert art_inputs([], [], limit=4).dropped_note("m", 4) is None
    assert numbered(1, 1) == "Image 1" and numbered(1, 2) == "Images 1 and 2" and numbered(2, 3) == "Images 2-4"
    assert style_lines(["weird"], first=2) == [f"Image 2 is a style reference: {STYLE}."]



class _Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


@pytest.mark.slow
def test_a_whole_generation_hands_its_references_to_the_image_model(http, photo_path):
    """Through ``generate()``: the request's reference input reaches Gemini's image call, after
    the creator's cut-out, and its pixels never become a layer of the design."""
    from routix.brief import OfflinePlanner
    from routix.design import ImageFill
    from routix.generate import GenerationRequest, MemoryAssets, generate
    from routix.generate.inputs import Input
    from routix.templates import starter_index
    from routix.vision import load_image

    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=mocks.reply("gemini_image"))
    style = Image.new("RGB", (1280, 720), (200, 30, 160))
    sink = _Sink()
    result = generate(
        GenerationRequest(prompt="tech review of a new phone", title="Worth It?", faces=[load_image(photo_path)],
                          inputs=[Input(style, "reference", "style_only")], seed=3),
        planner=OfflinePlanner(), index=starter_index(), algorithm=h.algorithm("v1"), assets=MemoryAssets(),
        sink=sink, ocr=False,
    )
    parts = json.loads(route.calls.last.request.content)["contents"][0]["parts"]
    images = [inline(p) for p in parts if "inlineData" in p]
    assert len(images) == 2
    assert images[1].getpixel((5, 5))[:3] == (200, 30, 160)  # the reference, after the cut-out
    assert "Image 2 is a style reference" in parts[0]["text"]
    fill = result.design.layer("background").fill
    assert isinstance(fill, ImageFill)  # the model's art, not the reference
    for name, data in sink.files.items():
        if name.startswith("assets/"):
            assert decoded(data).getpixel((5, 5))[:3] != (200, 30, 160), name
