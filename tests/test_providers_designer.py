"""LLM designer through the real SDKs against mocked HTTP: a DesignPatch in structured output,
applied to the composed design; one retry with validation/apply errors fed back; the template's
design when the answer stays invalid; safety refusals; budget; usage."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from fixtures.providers import mocks
from routix.design import DesignPatch, Solid
from routix.generate import OfflineDesigner
from routix.providers import ContentBlocked, MemoryBudget, build_designer
from routix.providers.designer import LLMDesigner
from routix.providers.structured import strict_schema

GOOD = {
    "ops": [
        {"op": "set_text", "layer": "title", "text": "DAY 100"},
        {"op": "set_color", "layer": "title", "color": "#FFD400"},
    ],
    "note": "Shorter title in the palette's yellow.",
}
UNKNOWN_LAYER = {"ops": [{"op": "set_text", "layer": "headline", "text": "DAY 100"}], "note": "x"}


@pytest.fixture
def http():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def designer(harness: mocks.Harness, name: str = "auto", algorithm: str = "v1"):
    return build_designer(
        algorithm, name=name, recorder=harness.recorder, budget=harness.budget, user_id="u1",
        settings=harness.settings, keys=harness.keys, breakers=harness.breakers, sleep=harness.sleeps.append,
    )


def answer(provider: str, data) -> httpx.Response:
    text = data if isinstance(data, str) else json.dumps(data)
    return mocks.reply("gemini_text" if provider == "gemini" else "openai_response_text", text=text)


def route(http, provider: str, *responses):
    if provider == "gemini":
        target = http.post(url__regex=mocks.GEMINI_URL.pattern)
    else:
        target = http.post(mocks.OPENAI_RESPONSES)
    return target.mock(side_effect=list(responses))


def turns(provider: str, request: httpx.Request) -> list[tuple[str, str]]:
    """(role, text) of every turn a request sent, for both providers' body shapes."""
    sent = json.loads(request.content)
    if provider == "gemini":
        return [(c["role"], c["parts"][0]["text"]) for c in sent["contents"]]
    return [(t["role"], t["content"]) for t in sent["input"]]


def refine(harness, provider, brief=None):
    design, _ = mocks.design()
    return design, designer(harness, provider).refine(design, brief or mocks.brief(title=None))


@pytest.mark.parametrize("provider", ["gemini", "openai"])
def test_a_valid_patch_is_applied_and_recorded(http, provider):
    h = mocks.Harness()
    calls = route(http, provider, answer(provider, GOOD))
    before, out = refine(h, provider)

    assert out.layer("title").text == "DAY 100" and out.layer("title").fill == Solid(color="#FFD400")
    assert out.layer("subject-1") == before.layer("subject-1") and out.meta == before.meta
    sent = json.loads(calls.calls.last.request.content)
    [(role, request)] = turns(provider, calls.calls.last.request)
    assert role == "user" and "gaming thumbnail with explosions" in request
    assert '"id": "title", "kind": "text", "slot": "title", "text": "I SURVIVED 100 DAYS"' in request
    assert "mem://" not in request  # asset references never go to the model
    if provider == "gemini":
        system = sent["systemInstruction"]["parts"][0]["text"]
        assert sent["generationConfig"]["responseJsonSchema"] == strict_schema(DesignPatch)
    else:
        system = sent["instructions"]
        assert sent["text"]["format"] == {"type": "json_schema", "name": "design_patch",
                                          "schema": strict_schema(DesignPatch), "strict": True}
    assert "background, subject-1, title" in system and "Never put text into the art" in system

    record = h.recorder.to_dict()
    assert record["designer"] == provider and record["fallbacks"] == []
    [call] = record["calls"]
    assert call["provider"] == provider and call["kind"] == "text" and call["outcome"] == "ok" and call["cost_usd"] > 0
    assert h.budget.spent("u1") == pytest.approx(call["cost_usd"], abs=1e-6)


@pytest.mark.parametrize("provider", ["gemini", "openai"])
def test_malformed_json_then_valid_is_applied_after_one_retry_with_the_errors(http, provider):
    h = mocks.Harness()
    calls = route(http, provider, answer(provider, '{"ops": [{"op": "set_text", '), answer(provider, GOOD))
    _, out = refine(h, provider)
    assert calls.call_count == 2 and out.layer("title").text == "DAY 100"
    second = turns(provider, calls.calls.last.request)
    assert [role for role, _ in second] == ["user", "model" if provider == "gemini" else "assistant", "user"]
    assert second[1][1] == '{"ops": [{"op": "set_text", '
    assert "did not validate" in second[2][1] and "Invalid JSON" in second[2][1]
    assert h.recorder.designer == provider and h.recorder.fallbacks == []


def test_apply_errors_are_fed_back_like_validation_errors(http):
    h = mocks.Harness()
    calls = route(http, "gemini", answer("gemini", UNKNOWN_LAYER), answer("gemini", GOOD))
    _, out = refine(h, "gemini")
    assert calls.call_count == 2 and out.layer("title").text == "DAY 100"
    feedback = turns("gemini", calls.calls.last.request)[2][1]
    assert "op 0 (set_text): no layer 'headline'; the layers are background, subject-1, title" in feedback


@pytest.mark.parametrize("provider", ["gemini", "openai"])
def test_an_unknown_layer_twice_keeps_the_template_design(http, provider):
    h = mocks.Harness()
    calls = route(http, provider, answer(provider, UNKNOWN_LAYER), answer(provider, UNKNOWN_LAYER))
    before, out = refine(h, provider)
    assert calls.call_count == 2 and out == before
    name = "Gemini" if provider == "gemini" else "OpenAI"
    assert h.recorder.fallbacks == [f"designed by the template because {name} returned an invalid patch"]
    assert h.recorder.designer == "offline"
    assert [c.outcome for c in h.recorder.calls] == ["ok", "ok"]  # both answers were paid for


def test_the_creators_title_is_kept_and_long_titles_are_refused(http):
    h = mocks.Harness()
    rewrite = {"ops": [{"op": "set_text", "layer": "title", "text": "DAY 100"}], "note": "x"}
    long = {"ops": [{"op": "set_text", "layer": "title", "text": "ONE TWO THREE FOUR FIVE SIX SEVEN"}], "note": "x"}
    calls = route(http, "gemini", answer("gemini", rewrite), answer("gemini", rewrite),
                  answer("gemini", long), answer("gemini", long))
    before, out = refine(h, "gemini", mocks.brief())  # the brief carries the creator's title
    assert out == before
    assert "the creator chose the title 'I Survived 100 Days'" in turns("gemini", calls.calls[1].request)[2][1]
    _, out = refine(h, "gemini")
    assert out == before and "a title has at most 6 words" in turns("gemini", calls.calls[3].request)[2][1]


@pytest.mark.parametrize("provider", ["gemini", "openai"])
def test_429_is_retried(http, provider):
    h = mocks.Harness()
    busy = httpx.Response(429, json=mocks.body(f"{provider}_error_429"))
    calls = route(http, provider, busy, answer(provider, GOOD))
    _, out = refine(h, provider)
    assert calls.call_count == 2 and out.layer("title").text == "DAY 100"
    assert [c.outcome for c in h.recorder.calls] == ["error", "ok"] and len(h.sleeps) == 1


def test_server_errors_keep_the_template_design(http):
    h = mocks.Harness(retry_attempts=2)
    route(http, "openai", *[httpx.Response(500, json=mocks.body("openai_error_500"))] * 2)
    before, out = refine(h, "openai")
    assert out == before
    assert h.recorder.fallbacks == ["designed by the template because OpenAI was unavailable"]


def test_gemini_safety_block_is_content_blocked(http):
    h = mocks.Harness()
    route(http, "gemini", mocks.reply("gemini_prompt_blocked"))
    with pytest.raises(ContentBlocked, match="Gemini declined"):
        refine(h, "gemini")
    assert [c.outcome for c in h.recorder.calls] == ["blocked"] and h.recorder.designer is None


def test_openai_refusal_is_content_blocked(http):
    h = mocks.Harness()
    refusal = mocks.body("openai_response_text", text="x")
    refusal["output"][1]["content"] = [{"type": "refusal", "refusal": "I can't help with that request."}]
    route(http, "openai", httpx.Response(200, json=refusal))
    with pytest.raises(ContentBlocked, match="OpenAI declined"):
        refine(h, "openai")


def test_exhausted_budget_keeps_the_template_design_without_a_call(http):
    h = mocks.Harness(budget=MemoryBudget(daily_usd=1.0, user_daily_usd=0.0))
    calls = route(http, "gemini", answer("gemini", GOOD))
    before, out = refine(h, "gemini")
    assert calls.call_count == 0 and out == before
    assert h.recorder.fallbacks == ["designed by the template because the daily AI budget is used up"]


def test_only_provider_backed_algorithms_with_a_key_get_an_llm_designer(monkeypatch):
    from routix.config import get_settings
    from routix.errors import InvalidInput

    for var in ("ROUTIX_GEMINI_API_KEY", "ROUTIX_OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    try:
        h = mocks.Harness()
        assert isinstance(designer(h, algorithm="lightning"), OfflineDesigner)
        made = designer(h, algorithm="pro")
        assert isinstance(made, LLMDesigner) and made.name == "gemini"  # planner_order: gemini first
        assert designer(h, "openai", algorithm="v1").name == "openai"
        assert isinstance(designer(h, "offline"), OfflineDesigner)
        h.keys = {}
        assert isinstance(designer(h, algorithm="v1"), OfflineDesigner)
        with pytest.raises(InvalidInput, match="unknown algorithm"):
            designer(h, algorithm="turbo")
    finally:
        get_settings.cache_clear()
