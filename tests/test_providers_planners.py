"""LLM planners through the real SDKs against mocked HTTP: structured output, strict validation,
one retry with the errors fed back, offline fallback, safety refusals."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from fixtures.providers import mocks
from routix.brief import CATEGORIES, Brief, get_planner
from routix.errors import InvalidInput
from routix.providers import ContentBlocked, MemoryBudget, build_planner
from routix.providers.planners import BriefAnswer
from routix.providers.structured import strict_schema

GOOD = {
    "category": "gaming", "mood": "energetic", "energy": 9, "style": "bold",
    "visual_elements": ["explosions", "fire"], "title": "I Survived 100 Days",
    "color_hints": ["#FF3B30"], "format": "youtube",
}


class StubOffline:
    """Stands in for the offline planner (no embedding model in these tests)."""

    name = "offline"

    def analyze(self, prompt: str, *, title: str | None = None) -> Brief:
        return Brief(prompt=prompt, category="vlog", mood="calm", energy=3, style="clean", title=title,
                     planner="offline")


@pytest.fixture
def http():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def planner(harness: mocks.Harness, name: str = "auto", **kw):
    return build_planner(
        name, recorder=harness.recorder, budget=harness.budget, user_id="u1", settings=harness.settings,
        keys=harness.keys, fallback=kw.pop("fallback", StubOffline()), breakers=harness.breakers,
        sleep=harness.sleeps.append, **kw,
    )


def gemini_text(answer) -> httpx.Response:
    return mocks.reply("gemini_text", text=answer if isinstance(answer, str) else json.dumps(answer))


def openai_text(answer) -> httpx.Response:
    return mocks.reply("openai_response_text", text=answer if isinstance(answer, str) else json.dumps(answer))


def test_answer_fields_are_brief_fields_and_the_schema_is_strict():
    assert set(BriefAnswer.model_fields) <= set(Brief.model_fields)
    schema = strict_schema(BriefAnswer)
    assert schema["additionalProperties"] is False and set(schema["required"]) == set(BriefAnswer.model_fields)
    assert schema["properties"]["category"]["enum"] == list(CATEGORIES)
    assert "pattern" not in json.dumps(schema) and "default" not in json.dumps(schema)


def test_gemini_planner_uses_structured_output_and_records_the_planner(http):
    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=gemini_text(GOOD))
    brief = planner(h).analyze("  gaming video, title: I Survived 100 Days  ")

    sent = json.loads(route.calls.last.request.content)
    assert "/models/gemini-3.8-flash:generateContent" in str(route.calls.last.request.url)
    assert sent["generationConfig"]["responseMimeType"] == "application/json"
    assert sent["generationConfig"]["responseJsonSchema"] == strict_schema(BriefAnswer)
    assert "JSON" in sent["systemInstruction"]["parts"][0]["text"]
    assert sent["contents"] == [{"role": "user", "parts": [{"text": "gaming video, title: I Survived 100 Days"}]}]

    assert brief.planner == "gemini" and brief.prompt == "gaming video, title: I Survived 100 Days"
    found = (brief.category, brief.energy, brief.title, brief.color_hints)
    assert found == ("gaming", 9, "I Survived 100 Days", ["#FF3B30"])
    assert h.recorder.planner == "gemini" and h.recorder.fallbacks == []
    [call] = h.recorder.calls
    price = h.settings.price("gemini-3.8-flash")
    assert call.kind == "text"
    assert call.cost_usd == pytest.approx((640 * price.text_input + (96 + 180) * price.text_output) / 1e6, abs=1e-7)


def test_an_explicit_title_wins(http):
    h = mocks.Harness()
    http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=gemini_text(GOOD))
    assert planner(h).analyze("gaming video", title=" My Own Title ").title == "My Own Title"


def test_invalid_answer_is_retried_once_with_the_errors(http):
    h = mocks.Harness()
    bad = {**GOOD, "category": "cooking", "energy": 42}
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(side_effect=[gemini_text(bad), gemini_text(GOOD)])
    brief = planner(h).analyze("gaming video")
    assert route.call_count == 2 and brief.planner == "gemini" and brief.category == "gaming"
    second = json.loads(route.calls.last.request.content)["contents"]
    assert [c["role"] for c in second] == ["user", "model", "user"]
    assert json.loads(second[1]["parts"][0]["text"]) == bad
    feedback = second[2]["parts"][0]["text"]
    assert "category" in feedback and "energy" in feedback and "less than or equal to 10" in feedback


def test_malformed_json_twice_falls_back_to_the_offline_planner(http):
    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(
        side_effect=[gemini_text('{"category": "gaming", "mood": '), gemini_text("Sure! Here is your brief.")]
    )
    brief = planner(h).analyze("gaming video", title="T")
    assert route.call_count == 2
    assert brief.planner == "offline" and brief.title == "T"
    assert h.recorder.planner == "offline"
    assert h.recorder.fallbacks == ["planned by the offline planner because Gemini gave an invalid answer twice"]
    assert [c.outcome for c in h.recorder.calls] == ["ok", "ok"]  # both answers were paid for


def test_openai_planner_uses_the_responses_api_with_a_strict_schema(http):
    h = mocks.Harness()
    route = http.post(mocks.OPENAI_RESPONSES).mock(return_value=openai_text(GOOD))
    brief = planner(h, "openai").analyze("gaming video")
    sent = json.loads(route.calls.last.request.content)
    assert sent["model"] == "gpt-5.4-mini" and sent["input"] == [{"role": "user", "content": "gaming video"}]
    assert sent["text"]["format"] == {"type": "json_schema", "name": "brief", "schema": strict_schema(BriefAnswer),
                                      "strict": True}
    assert brief.planner == "openai" and brief.mood == "energetic"
    price = h.settings.price("gpt-5.4-mini")
    expected = (812 * price.text_input + 160 * price.text_output) / 1e6
    assert h.recorder.calls[0].cost_usd == pytest.approx(expected, abs=1e-7)


def test_openai_refusal_is_content_blocked(http):
    h = mocks.Harness()
    refusal = mocks.body("openai_response_text", text="x")
    refusal["output"][1]["content"] = [{"type": "refusal", "refusal": "I can't help with that request."}]
    http.post(mocks.OPENAI_RESPONSES).mock(return_value=httpx.Response(200, json=refusal))
    with pytest.raises(ContentBlocked, match="OpenAI declined"):
        planner(h, "openai").analyze("something nasty")
    assert [c.outcome for c in h.recorder.calls] == ["blocked"] and h.recorder.planner is None


def test_gemini_prompt_block_is_content_blocked(http):
    h = mocks.Harness()
    http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=mocks.reply("gemini_prompt_blocked"))
    with pytest.raises(ContentBlocked, match="PROHIBITED_CONTENT"):
        planner(h).analyze("something nasty")


def test_server_errors_after_retries_fall_back_to_offline(http):
    h = mocks.Harness(retry_attempts=2)
    route = http.post(mocks.OPENAI_RESPONSES).mock(return_value=mocks.reply("openai_error_500", 500))
    brief = planner(h, "openai").analyze("gaming video")
    assert route.call_count == 2 and brief.planner == "offline"
    assert h.recorder.fallbacks == ["planned by the offline planner because OpenAI was unavailable"]


def test_timeout_falls_back_to_offline(http):
    h = mocks.Harness()
    http.post(url__regex=mocks.GEMINI_URL.pattern).mock(side_effect=httpx.ReadTimeout("slow"))
    assert planner(h).analyze("gaming video").planner == "offline"
    assert h.recorder.fallbacks == ["planned by the offline planner because Gemini timed out"]
    assert [c.outcome for c in h.recorder.calls] == ["timeout"]


def test_exhausted_budget_plans_offline_without_a_call(http):
    h = mocks.Harness(budget=MemoryBudget(daily_usd=1.0, user_daily_usd=0.0))
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=gemini_text(GOOD))
    assert planner(h).analyze("gaming video").planner == "offline"
    assert route.call_count == 0
    assert h.recorder.fallbacks == ["planned by the offline planner because the daily AI budget is used up"]


def test_bad_input_is_refused_before_any_paid_call(http):
    h = mocks.Harness()
    route = http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=gemini_text(GOOD))
    llm = planner(h, fallback=get_planner())  # the real offline planner validates before loading its model
    with pytest.raises(InvalidInput, match="empty"):
        llm.analyze("   ")
    with pytest.raises(InvalidInput, match="too long"):
        llm.analyze("x" * 5000)
    assert route.call_count == 0


def test_planner_choice_follows_keys_and_names(monkeypatch):
    from routix.config import get_settings

    for var in ("ROUTIX_GEMINI_API_KEY", "ROUTIX_OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    try:
        h = mocks.Harness()
        assert planner(h, "offline").name == "offline"
        assert planner(h, "auto").name == "gemini"  # planner_order: gemini first
        h.keys = {"openai": mocks.KEYS["openai"]}
        assert planner(h, "auto").name == "openai"
        assert planner(h, "gemini").name == "offline"  # named provider without a key
        h.keys = {}
        assert planner(h, "auto").name == "offline"
        with pytest.raises(InvalidInput, match="unknown planner"):
            planner(h, "claude")
    finally:
        get_settings.cache_clear()
