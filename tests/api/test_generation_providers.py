"""Provider-backed algorithms through the service: fallback chain, usage and cost on the row.

Gemini is mocked at the HTTP layer (respx), so these run on the embedded backend only: the
scaled backend's Celery worker is another process the mock cannot reach.
"""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from api.backends import BACKEND
from api.jobs_support import load_row, wait_row
from fixtures.providers import mocks
from routix.config import get_settings
from routix.providers import get_provider_settings

pytestmark = pytest.mark.skipif(BACKEND == "scaled", reason="HTTP mocks reach in-process workers only")


def _reset_settings() -> None:
    get_settings.cache_clear()
    get_provider_settings.reset()


@pytest.fixture
def gemini_key(monkeypatch):
    """ROUTIX_GEMINI_API_KEY set; the planner stays offline so only the image call goes out."""
    monkeypatch.setenv("ROUTIX_GEMINI_API_KEY", mocks.KEYS["gemini"])
    monkeypatch.setenv("ROUTIX_PROVIDERS_PLANNER_ORDER", "[]")
    monkeypatch.setenv("ROUTIX_PROVIDERS_RETRY_INITIAL", "0")
    monkeypatch.setenv("ROUTIX_PROVIDERS_RETRY_JITTER", "0")
    _reset_settings()
    yield
    monkeypatch.undo()
    _reset_settings()


def _create(client, account, algorithm: str) -> str:
    response = client.post("/api/v1/generation/create", headers=account.headers,
                           json={"prompt": "gaming thumbnail with explosions", "algorithm": algorithm})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _done(row) -> bool:
    return row.status in ("completed", "failed")


def _run_with_gemini(client, services, account, reply, algorithm: str = "v1"):
    """Create an ``algorithm`` generation while Gemini answers every call with ``reply`` (a
    response, or a function of the request); returns (the finished row, the mocked route)."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as http:
        http.route(host="testserver").pass_through()
        target = http.post(url__regex=mocks.GEMINI_URL.pattern)
        route = target.mock(side_effect=reply) if callable(reply) else target.mock(return_value=reply)
        row = wait_row(services, _create(client, account, algorithm), _done)
    return row, route


def test_without_a_key_v1_falls_back_to_lightning_and_says_so(client, services, make_account, monkeypatch):
    monkeypatch.delenv("ROUTIX_GEMINI_API_KEY", raising=False)
    _reset_settings()
    account = make_account()
    row = wait_row(services, _create(client, account, "v1"), _done)
    assert row.status == "completed", row.error_message
    assert row.usage["algorithm_used"] == "lightning" and row.usage["calls"] == []
    assert row.usage["fallbacks"] and "Lightning" in row.usage["fallbacks"][0]
    assert row.usage["fallbacks"][0] in row.notes
    assert float(row.cost_incurred) == 0.0
    result = client.get(f"/api/v1/generation/{row.id}", headers=account.headers).json()
    assert row.usage["fallbacks"][0] in json.dumps(result)


def test_gemini_art_is_recorded_with_its_cost_on_the_row(client, services, make_account, gemini_key):
    account = make_account()
    row, route = _run_with_gemini(client, services, account, mocks.reply("gemini_image"))
    assert row.status == "completed", row.error_message
    assert route.call_count == 1
    usage = row.usage
    assert usage["algorithm_used"].startswith("gemini:") and usage["fallbacks"] == []
    [call] = usage["calls"]
    assert call["provider"] == "gemini" and call["kind"] == "image" and call["outcome"] == "ok"
    assert call["cost_usd"] > 0 and float(row.cost_incurred) == pytest.approx(call["cost_usd"], abs=1e-4)
    assert mocks.KEYS["gemini"] not in json.dumps(usage)


def test_gemini_outage_falls_back_and_the_chain_is_on_the_row(client, services, make_account, gemini_key):
    account = make_account()
    row, _ = _run_with_gemini(client, services, account, mocks.reply("gemini_error_500", status=500))
    assert row.status == "completed", row.error_message
    assert row.usage["algorithm_used"] == "lightning"
    assert [c["outcome"] for c in row.usage["calls"]] and all(c["outcome"] != "ok" for c in row.usage["calls"])
    assert any("Gemini" in s and "Lightning" in s for s in row.usage["fallbacks"])
    assert float(row.cost_incurred) == 0.0


def test_safety_block_fails_the_generation_with_a_clear_message(client, services, make_account, gemini_key):
    account = make_account()
    row, route = _run_with_gemini(client, services, account, mocks.reply("gemini_prompt_blocked"))
    assert row.status == "failed" and row.error_code == "content_blocked"
    assert route.call_count == 1, "a safety block is not retried"
    status = client.get(f"/api/v1/generation/{row.id}/status", headers=account.headers).json()
    assert "safety" in json.dumps(status).lower() or "blocked" in json.dumps(status).lower()
    assert load_row(services, row.id).attempt == 1


def test_budget_exceeded_is_refused_before_the_job_exists(client, services, make_account, gemini_key, monkeypatch):
    from decimal import Decimal

    from routix.store.models import GenerationRequest

    account = make_account()
    first = wait_row(services, _create(client, account, "lightning"), _done)
    with services.db.session() as session:  # pretend today's paid generations used the whole budget
        session.get(GenerationRequest, first.id).cost_incurred = Decimal("50")
    response = client.post("/api/v1/generation/create", headers=account.headers,
                           json={"prompt": "gaming thumbnail", "algorithm": "v1"})
    assert response.status_code == 402 and response.json()["code"] == "budget_exceeded"
    assert client.post("/api/v1/generation/create", headers=account.headers,
                       json={"prompt": "gaming thumbnail", "algorithm": "lightning"}).status_code == 201


def test_algorithm_selector_shows_a_cost_estimate_only_when_a_provider_can_charge(services, monkeypatch):
    from routix.chat.service import algorithm_options

    monkeypatch.delenv("ROUTIX_GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("ROUTIX_OPENAI_API_KEY", raising=False)
    _reset_settings()
    with services.db.session() as session:
        free = {o["name"]: o["estimated_cost_usd"] for o in algorithm_options(session)}
    monkeypatch.setenv("ROUTIX_GEMINI_API_KEY", mocks.KEYS["gemini"])
    _reset_settings()
    try:
        with services.db.session() as session:
            paid = {o["name"]: o["estimated_cost_usd"] for o in algorithm_options(session)}
    finally:
        monkeypatch.undo()
        _reset_settings()
    assert free == {"lightning": 0.0, "v1": 0.0, "pro": 0.0}
    assert paid["lightning"] == 0.0 and paid["v1"] > 0 and paid["pro"] > 0


BRIEF = {"category": "gaming", "mood": "energetic", "energy": 9, "style": "bold",
         "visual_elements": ["explosions"], "title": None, "color_hints": [], "format": "youtube"}


def _gemini_everything(request: httpx.Request, **_) -> httpx.Response:
    """Gemini as planner (BriefAnswer), designer (DesignPatch naming the composed title layer)
    and painter, told apart by what the request asks for."""
    sent = json.loads(request.content)
    config = sent.get("generationConfig", {})
    if "responseModalities" in config:
        return mocks.reply("gemini_image")
    if "ops" not in config["responseJsonSchema"]["properties"]:
        return mocks.reply("gemini_text", text=json.dumps(BRIEF))
    layers = [json.loads(line) for line in sent["contents"][0]["parts"][0]["text"].splitlines() if line.startswith("{")]
    title = next(layer["id"] for layer in layers if layer.get("slot") == "title")
    patch = {"ops": [{"op": "set_text", "layer": title, "text": "DAY 100"},
                     {"op": "set_color", "layer": title, "color": "#FFD400"},
                     {"op": "set_palette", "colors": ["#FFD400", "#101010", "#FF3B30"]}],
             "note": "Short title in yellow."}
    return mocks.reply("gemini_text", text=json.dumps(patch))


@pytest.fixture
def gemini_plans(gemini_key, monkeypatch):
    """Gemini plans and designs too; fresh process breakers (an outage test may have opened them)."""
    from routix.providers import resilience

    monkeypatch.setenv("ROUTIX_PROVIDERS_PLANNER_ORDER", '["gemini"]')
    monkeypatch.setattr(resilience, "_BREAKERS", None)
    _reset_settings()


def test_gemini_designer_patch_is_in_design_json_and_its_call_on_the_row(client, services, make_account, gemini_plans):
    row, route = _run_with_gemini(client, services, make_account(), _gemini_everything)
    assert row.status == "completed", row.error_message
    assert route.call_count == 3
    usage = row.usage
    assert (usage["planner"], usage["designer"]) == ("gemini", "gemini") and usage["fallbacks"] == [], usage
    assert [(c["kind"], c["outcome"]) for c in usage["calls"]] == [("text", "ok"), ("text", "ok"), ("image", "ok")]
    assert float(row.cost_incurred) == pytest.approx(sum(c["cost_usd"] for c in usage["calls"]), abs=1e-4)

    design = json.loads(services.blobs.get(row.outputs["design.json"]))
    [title] = [layer for layer in design["layers"] if layer.get("slot") == "title"]
    assert title["text"] == "DAY 100" and title["fill"]["color"] == "#FFD400"
    assert design["palette"] == ["#FFD400", "#101010", "#FF3B30"]
    assert [layer for layer in row.design["layers"] if layer.get("slot") == "title"][0]["text"] == "DAY 100"


def test_lightning_keeps_the_template_design_without_a_designer_call(client, services, make_account, gemini_plans):
    row, route = _run_with_gemini(client, services, make_account(), _gemini_everything, "lightning")
    assert row.status == "completed", row.error_message
    assert route.call_count == 1  # the planner only
    assert row.usage["designer"] is None and [c["kind"] for c in row.usage["calls"]] == ["text"]
