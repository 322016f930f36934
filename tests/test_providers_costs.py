"""Budgets, usage records, estimates and fallback sentences."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
import respx

from fixtures.providers import mocks
from routix.errors import InvalidInput
from routix.providers import (
    BudgetExceeded,
    MemoryBudget,
    ProviderCall,
    UsageRecorder,
    algorithm_names,
    estimate_cost,
    fallback_sentence,
)
from routix.providers.factory import PROMPT_TOKENS, REFERENCE_TOKENS
from routix.providers.usage import Tokens


class Days:
    def __init__(self) -> None:
        self.today = date(2026, 11, 21)

    def __call__(self) -> date:
        return self.today


def test_per_user_and_global_daily_budgets():
    days = Days()
    budget = MemoryBudget(daily_usd=1.0, user_daily_usd=0.5, today=days)
    budget.check("ann", 0.4)
    budget.record("ann", 0.4)
    with pytest.raises(BudgetExceeded, match=r"\$0.50 a day") as err:
        budget.check("ann", 0.2)
    assert err.value.code == "budget_exceeded" and err.value.status == 402
    budget.check("bob", 0.5)  # another user still has room
    budget.record("bob", 0.5)
    with pytest.raises(BudgetExceeded, match="service"):
        budget.check("cy", 0.2)  # 0.9 spent globally
    with pytest.raises(BudgetExceeded, match="service"):
        budget.check(None, 0.2)  # CLI: global cap only
    assert budget.spent() == pytest.approx(0.9) and budget.spent("ann") == pytest.approx(0.4)
    days.today = date(2026, 11, 22)  # a new UTC day starts from zero
    budget.check("ann", 0.5)
    assert budget.spent() == 0


def test_budget_limits_come_from_settings():
    from routix.config import Settings

    budget = MemoryBudget.from_settings(Settings(daily_budget_usd=3.0, user_daily_budget_usd=0.25))
    assert (budget.daily_usd, budget.user_daily_usd) == (3.0, 0.25)


def test_an_exhausted_budget_refuses_the_paid_call_before_any_request():
    h = mocks.Harness(budget=MemoryBudget(daily_usd=100.0, user_daily_usd=0.01))
    design, assets = mocks.design()
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as http:
        route = http.post(url__regex=mocks.GEMINI_URL.pattern)
        with pytest.raises(BudgetExceeded):
            h.algorithm("v1").fill_background(design, mocks.brief(), seed=1, assets=assets)
        assert route.call_count == 0 and h.recorder.calls == []


def test_estimates_follow_the_price_table():
    s = mocks.settings()
    flash, pro = s.price("gemini-3.1-flash-image"), s.price("gemini-3-pro-image")
    openai = s.price("gpt-image-2")
    assert estimate_cost("lightning", settings=s) == 0.0
    v1 = flash.per_image + PROMPT_TOKENS * flash.text_input / 1e6
    assert estimate_cost("v1", settings=s) == pytest.approx(v1, abs=1e-6)
    pro_steps = [pro.per_image + PROMPT_TOKENS * pro.text_input / 1e6,
                 openai.per_image + PROMPT_TOKENS * openai.text_input / 1e6]
    assert estimate_cost("pro", settings=s) == pytest.approx(max(pro_steps), abs=1e-6)
    with_refs = estimate_cost("v1", settings=s, references=2)
    references = 2 * REFERENCE_TOKENS * flash.image_input / 1e6
    assert with_refs - estimate_cost("v1", settings=s) == pytest.approx(references, abs=1e-6)
    assert algorithm_names(s) == ["lightning", "v1", "pro"]
    with pytest.raises(InvalidInput, match="unknown algorithm"):
        estimate_cost("ultra", settings=s)


def test_tokens_cost_and_the_per_image_price_without_usage():
    price = mocks.settings().price("gpt-image-2")
    tokens = Tokens(text_input=1_000_000, image_output=2_000_000)
    assert tokens.cost(price) == pytest.approx(price.text_input + 2 * price.image_output)
    assert tokens.cost(price, images=2, reported=False) == pytest.approx(2 * price.per_image)


def test_recorder_is_thread_safe_and_json_ready():
    recorder = UsageRecorder()

    def work(i):
        for _ in range(200):
            recorder.record(ProviderCall("gemini", "m", "image", "ok", images=1, cost_usd=0.01))
        recorder.fallback(f"sentence {i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorder.answered("gemini")
    recorder.painted("lightning")
    data = json.loads(json.dumps(recorder.to_dict()))
    assert len(data["calls"]) == 800 and data["cost_usd"] == pytest.approx(8.0)
    assert sorted(data["fallbacks"]) == [f"sentence {i}" for i in range(4)]
    assert (data["planner"], data["algorithm_used"]) == ("gemini", "lightning")
    assert set(data["calls"][0]) == {"provider", "model", "kind", "outcome", "input_tokens", "output_tokens",
                                     "images", "latency_s", "cost_usd", "error"}


def test_fallback_sentences_read_well():
    sentence = fallback_sentence("lightning", [("gemini", "was unavailable")])
    assert sentence == "made with Lightning because Gemini was unavailable"
    assert fallback_sentence("lightning", [("openai", "is not configured"), ("gemini", "timed out")]) == (
        "made with Lightning because OpenAI is not configured and Gemini timed out"
    )
