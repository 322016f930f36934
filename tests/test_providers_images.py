"""Image providers through the real google-genai and openai SDKs against mocked HTTP (respx).

Every test runs with ``assert_all_mocked``: a request to any URL without a route fails the test,
so nothing reaches the network.
"""

from __future__ import annotations

import io
import json

import httpx
import numpy as np
import pytest
import respx
from PIL import Image

from fixtures.providers import mocks
from routix.design import ImageFill
from routix.providers import ContentBlocked, ProviderUnavailable
from routix.providers.imaging import decode_art


@pytest.fixture
def http():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def gemini(http, *responses):
    return http.post(url__regex=mocks.GEMINI_URL.pattern).mock(side_effect=list(responses))


def paint(harness, name="v1", people=1):
    design, assets = mocks.design(people)
    out = harness.algorithm(name).fill_background(design, mocks.brief(), seed=7, assets=assets)
    return out, assets


def test_gemini_success_sends_prompt_and_references_and_becomes_the_background(http):
    h = mocks.Harness()
    route = gemini(http, mocks.reply("gemini_image"))
    out, assets = paint(h, people=2)

    request = route.calls.last.request
    assert request.headers["x-goog-api-key"] == mocks.KEYS["gemini"]
    assert "/models/gemini-3.1-flash-image:generateContent" in str(request.url)
    sent = json.loads(request.content)
    parts = sent["contents"][0]["parts"]
    assert [next(iter(p)) for p in parts] == ["text", "inlineData", "inlineData"]  # prompt + both cutouts
    assert sent["generationConfig"]["imageConfig"] == {"aspectRatio": "16:9", "imageSize": "1K"}
    prompt = parts[0]["text"]
    assert "Do NOT write any text" in prompt and "explosions" in prompt and "#FF3B30" in prompt

    fill = out.layer("background").fill
    assert isinstance(fill, ImageFill) and fill.fit == "cover"
    art = assets.get(fill.asset)
    assert art.size == (1280, 720)
    assert out.layer("title").text == "I SURVIVED 100 DAYS"  # the title stays a Routix text layer
    assert out.meta.algorithm == "gemini:gemini-3.1-flash-image" and not out.meta.notes

    record = h.recorder.to_dict()
    assert record["algorithm_used"] == "gemini:gemini-3.1-flash-image" and record["fallbacks"] == []
    [call] = record["calls"]
    price = h.settings.price("gemini-3.1-flash-image")
    usage = mocks.body("gemini_image")["usageMetadata"]
    expected = (310 * price.text_input + 1120 * price.image_input + 7 * price.text_output
                + 1290 * price.image_output) / 1e6
    assert call["outcome"] == "ok" and call["images"] == 1
    assert (call["input_tokens"], call["output_tokens"]) == (usage["promptTokenCount"], usage["candidatesTokenCount"])
    assert call["cost_usd"] == pytest.approx(expected, abs=1e-6)
    assert h.budget.spent("u1") == pytest.approx(expected, abs=1e-6)


def test_reference_images_are_capped_per_model(http):
    h = mocks.Harness()
    h.settings = mocks.settings(image_models={
        "gemini_flash": {"provider": "gemini", "model": "gemini-3.1-flash-image", "size": "1K",
                         "max_reference_images": 1},
    }, chains={"v1": ["gemini_flash", "lightning"]})
    route = gemini(http, mocks.reply("gemini_image"))
    paint(h, people=3)
    parts = json.loads(route.calls.last.request.content)["contents"][0]["parts"]
    assert sum("inlineData" in p for p in parts) == 1


def test_429_then_success_retries_with_backoff(http):
    h = mocks.Harness()
    route = gemini(http, httpx.Response(429, json=mocks.body("gemini_error_429")), mocks.reply("gemini_image"))
    out, _ = paint(h)
    assert route.call_count == 2
    assert [c.outcome for c in h.recorder.calls] == ["error", "ok"]
    assert "429" in h.recorder.calls[0].error and h.recorder.calls[0].cost_usd == 0
    # one backoff wait: initial (1 s) plus 0..jitter (1 s); no real sleeping
    assert len(h.sleeps) == 1 and 1.0 <= h.sleeps[0] <= 2.0
    assert isinstance(out.layer("background").fill, ImageFill) and h.recorder.fallbacks == []


def test_429_with_retry_after_waits_as_long_as_the_provider_asks(http):
    h = mocks.Harness()
    busy = httpx.Response(429, json=mocks.body("gemini_error_429"), headers={"Retry-After": "7"})
    route = gemini(http, busy, mocks.reply("gemini_image"))
    paint(h)
    assert route.call_count == 2
    assert h.sleeps == [7.0]  # the header, not the 1-2 s backoff


def test_openai_retry_after_is_capped_at_the_longest_backoff(http):
    h = mocks.Harness(retry_max=5)
    busy = httpx.Response(429, headers={"retry-after": "120"},
                          json={"error": {"message": "Rate limit", "type": "requests", "code": "rate_limit_exceeded"}})
    route = http.post(mocks.OPENAI_GENERATE).mock(side_effect=[busy, mocks.reply("openai_image")])
    paint(h, name="pro", people=0)
    assert route.call_count == 2
    assert h.sleeps == [5.0]


def test_500_until_the_breaker_opens_then_lightning_without_calling(http):
    h = mocks.Harness(retry_attempts=2, breaker_fail_max=3)
    route = gemini(http, *[httpx.Response(500, json=mocks.body("gemini_error_500"))] * 10)

    first, _ = paint(h)  # 2 attempts, both 500 -> Lightning
    assert route.call_count == 2 and h.breakers["gemini"].state == "closed"
    assert h.recorder.fallbacks == ["made with Lightning because Gemini was unavailable"]
    assert h.recorder.algorithm_used == "lightning"
    assert first.layer("background").fill.type == "procedural"
    assert first.meta.notes == ["made with Lightning because Gemini was unavailable"]

    paint(h)  # third failure opens the breaker; no retry through an open breaker
    assert route.call_count == 3 and h.breakers["gemini"].state == "open"

    third, _ = paint(h)  # skipped without an HTTP call
    assert route.call_count == 3 and h.recorder.calls == []
    assert h.recorder.fallbacks == ["made with Lightning because Gemini was unavailable"]
    assert third.layer("background").fill.type == "procedural"

    h.clock.now += h.settings.breaker_reset  # half-open: one probe goes through and closes it
    route.side_effect = [mocks.reply("gemini_image")]
    probe, _ = paint(h)
    assert route.call_count == 4 and h.breakers["gemini"].state == "closed"
    assert isinstance(probe.layer("background").fill, ImageFill)


@pytest.mark.parametrize("fixture", ["gemini_prompt_blocked", "gemini_image_safety"])
def test_gemini_safety_block_is_a_clear_error_not_retried_not_replaced(http, fixture):
    h = mocks.Harness()
    route = gemini(http, mocks.reply(fixture), mocks.reply("gemini_image"))
    with pytest.raises(ContentBlocked) as err:
        paint(h)
    assert err.value.code == "content_blocked" and err.value.status == 422
    assert "Gemini declined" in err.value.message and "Lightning" in err.value.message
    assert route.call_count == 1 and h.sleeps == []
    assert [c.outcome for c in h.recorder.calls] == ["blocked"]
    assert h.recorder.algorithm_used is None and h.recorder.fallbacks == []
    assert h.breakers["gemini"].state == "closed"


def test_timeout_is_not_retried_and_falls_back(http):
    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(side_effect=httpx.ReadTimeout("read timed out"))
    out, _ = paint(h)
    assert route.call_count == 1
    assert [c.outcome for c in h.recorder.calls] == ["timeout"]
    assert h.recorder.fallbacks == ["made with Lightning because Gemini timed out"]
    assert out.layer("background").fill.type == "procedural"


def test_no_key_skips_the_provider_and_says_so(http, monkeypatch):
    monkeypatch.delenv("ROUTIX_GEMINI_API_KEY", raising=False)
    h = mocks.Harness(keys={"gemini": "", "openai": ""})
    from routix.config import get_settings

    get_settings.cache_clear()
    try:
        out, _ = paint(h)
    finally:
        get_settings.cache_clear()
    assert h.recorder.calls == [] and out.layer("background").fill.type == "procedural"
    assert h.recorder.fallbacks == ["made with Lightning because Gemini is not configured"]


def test_openai_generate_without_references_then_edit_with_them(http):
    h = mocks.Harness()
    generate = http.post(mocks.OPENAI_GENERATE).mock(return_value=mocks.reply("openai_image"))
    edit = http.post(mocks.OPENAI_EDIT).mock(return_value=mocks.reply("openai_image"))

    out, assets = paint(h, "pro", people=0)
    sent = json.loads(generate.calls.last.request.content)
    assert sent["model"] == "gpt-image-2" and sent["size"] == "1536x864" and sent["quality"] == "medium"
    assert generate.calls.last.request.headers["authorization"] == f"Bearer {mocks.KEYS['openai']}"
    assert assets.get(out.layer("background").fill.asset).size == (1280, 720)
    [call] = h.recorder.calls
    price = h.settings.price("gpt-image-2")
    expected = (320 * price.text_input + 1130 * price.image_input + 1372 * price.image_output) / 1e6
    assert call.cost_usd == pytest.approx(expected, abs=1e-6)

    paint(h, "pro", people=2)
    request = edit.calls.last.request
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert request.content.count(b'filename="reference-') == 2 and b"gpt-image-2" in request.content


def test_openai_moderation_block_raises_content_blocked(http):
    h = mocks.Harness()
    route = http.post(mocks.OPENAI_GENERATE).mock(return_value=mocks.reply("openai_moderation_blocked", 400))
    gemini_route = gemini(http, mocks.reply("gemini_image"))
    with pytest.raises(ContentBlocked, match="OpenAI declined"):
        paint(h, "pro", people=0)
    assert route.call_count == 1 and gemini_route.call_count == 0  # no silent fallback to Gemini
    assert [c.outcome for c in h.recorder.calls] == ["blocked"]


def test_pro_chain_falls_back_from_openai_to_gemini(http):
    h = mocks.Harness(retry_attempts=2)
    http.post(mocks.OPENAI_GENERATE).mock(return_value=mocks.reply("openai_error_500", 500))
    gemini(http, mocks.reply("gemini_image"))
    out, _ = paint(h, "pro", people=0)
    outcomes = [(c.provider, c.outcome) for c in h.recorder.calls]
    assert outcomes == [("openai", "error"), ("openai", "error"), ("gemini", "ok")]
    assert h.recorder.calls[-1].model == "gemini-3-pro-image"
    assert h.recorder.fallbacks == ["made with Gemini because OpenAI was unavailable"]
    assert out.meta.notes == ["made with Gemini because OpenAI was unavailable"]
    assert out.meta.algorithm == "gemini:gemini-3-pro-image"


def test_a_chain_without_lightning_that_fails_raises(http):
    h = mocks.Harness(retry_attempts=1, chains={"v1": ["gemini_flash"]})
    overloaded = {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}
    gemini(http, httpx.Response(503, json=overloaded))
    with pytest.raises(ProviderUnavailable, match="Gemini was unavailable"):
        paint(h)


def test_an_unreadable_image_moves_on_without_tripping_the_breaker(http):
    h = mocks.Harness(breaker_fail_max=1)
    gemini(http, mocks.reply("gemini_image", image=b"not a png at all"))
    out, _ = paint(h)
    assert h.recorder.fallbacks == ["made with Lightning because Gemini returned no usable answer"]
    assert h.breakers["gemini"].state == "closed" and out.layer("background").fill.type == "procedural"


def test_cover_crop_to_the_canvas_cuts_only_the_overflow():
    # a 3:2 answer (gpt-image-1.5's 1536x1024): scale 1280/1536, height 853 -> 66 px cut top and bottom
    source = Image.new("RGB", (1536, 1024), (40, 90, 160))
    source.paste((255, 0, 255), (0, 0, 1536, 48))  # magenta bands inside the part that is cut
    source.paste((255, 0, 255), (0, 1024 - 48, 1536, 1024))
    source.paste((0, 255, 0), (0, 0, 24, 1024))  # green bands on the sides stay (no horizontal crop)
    source.paste((0, 255, 0), (1536 - 24, 0, 1536, 1024))
    art = np.asarray(decode_art(mocks_png(source)))
    assert art.shape == (720, 1280, 3)
    magenta = (art[:, :, 0] > 200) & (art[:, :, 1] < 60) & (art[:, :, 2] > 200)
    green = (art[:, :, 1] > 200) & (art[:, :, 0] < 60)
    assert not magenta.any()
    assert green[:, :15].mean() > 0.95 and green[:, -15:].mean() > 0.95 and not green[:, 30:-30].any()
    # 1344x768 (Gemini 16:9): only ~5 px rows cut at top and bottom, the full width is kept
    wide = np.asarray(decode_art(mocks.art_png((1344, 768))))
    assert wide.shape == (720, 1280, 3)


def mocks_png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- square art (podcast covers)


def paint_brief(harness, name, brief, people=1):
    design, assets = mocks.design(people)
    return harness.algorithm(name).fill_background(design, brief, seed=7, assets=assets), assets


@pytest.mark.parametrize("fmt, ratio", [("podcast", "1:1"), ("youtube", "16:9")])
def test_gemini_is_asked_for_square_art_for_a_podcast_brief(http, fmt, ratio):
    h = mocks.Harness()
    answer = mocks.art_png((1024, 1024)) if fmt == "podcast" else mocks.art_png()
    route = gemini(http, mocks.reply("gemini_image", image=answer))
    out, assets = paint_brief(h, "v1", mocks.brief(format=fmt, category="podcast"))
    sent = json.loads(route.calls.last.request.content)
    assert sent["generationConfig"]["imageConfig"] == {"aspectRatio": ratio, "imageSize": "1K"}
    prompt = sent["contents"][0]["parts"][0]["text"]
    art = assets.get(out.layer("background").fill.asset)
    if fmt == "podcast":
        assert "square (1:1) podcast cover" in prompt and "middle band" in prompt
        assert art.size == (1024, 1024)  # kept whole: the cover uses all of it
    else:
        assert "16:9 YouTube thumbnail" in prompt and "middle band" not in prompt
        assert art.size == (1280, 720)


@pytest.mark.parametrize("fmt, size", [("podcast", "1024x1024"), ("youtube", "1536x864")])
def test_openai_is_asked_for_its_square_size_for_a_podcast_brief(http, fmt, size):
    h = mocks.Harness()
    route = http.post(mocks.OPENAI_GENERATE).mock(return_value=mocks.reply("openai_image"))
    paint_brief(h, "pro", mocks.brief(format=fmt), people=0)
    assert json.loads(route.calls.last.request.content)["size"] == size


def test_square_art_is_the_centred_square_and_the_thumbnail_crops_its_middle_band():
    from routix.design import SIZES, Design
    from routix.generate import MemoryAssets
    from routix.providers.algorithms import with_art
    from routix.render import render

    source = Image.new("RGB", (1200, 1000), (40, 90, 160))
    source.paste((255, 0, 0), (0, 0, 1200, 100))  # red band at the top: outside the 16:9 middle band
    art = decode_art(mocks_png(source), "1:1")
    assert art.size == (1000, 1000)  # largest centred square at the provider's resolution
    design, _ = mocks.design(people=0)
    assets = MemoryAssets()
    painted = with_art(design, assets.put(art, hint="background"), None, "gemini:x")
    document = painted.model_dump(by_alias=True)
    no_text = Design.model_validate({**document, "layers": document["layers"][:1]})
    thumb = np.asarray(render(no_text, SIZES["youtube"], assets.get).image)
    cover = np.asarray(render(no_text, (600, 600), assets.get).image)
    red = lambda a: (a[:, :, 0] > 200) & (a[:, :, 2] < 80)  # noqa: E731
    assert not red(thumb).any()  # the thumbnail is cut from the middle band
    assert red(cover)[:50].mean() > 0.9  # the cover shows the whole square
