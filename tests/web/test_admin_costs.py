"""The admin dashboard's "Cost per provider" section in Chromium: dollars, calls, failed calls and
latency per provider and per provider and algorithm, from the usage the generations recorded
(written directly: the providers are offline in tests), on a desktop and a phone."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from routix.store.models import GenerationRequest, utcnow
from web.admin_helpers import make_admin, sign_in_with_cookie
from web.conftest import api_account


def _call(provider: str, cost: float, latency: float, outcome: str = "ok") -> dict:
    return {"provider": provider, "model": "m", "kind": "image", "outcome": outcome, "input_tokens": 0,
            "output_tokens": 0, "images": 1, "latency_s": latency, "cost_usd": cost, "error": None}


def _record(live_server) -> None:
    user = api_account(live_server, "Spender")
    with live_server.services.db.session() as session:
        for algorithm, calls in (("pro", [_call("gemini", 1.25, 2.0), _call("gemini", 0.0, 30.0, "timeout")]),
                                 ("v1", [_call("openai", 0.04, 1.0)])):
            session.add(GenerationRequest(user_id=uuid.UUID(user["user"]["id"]), algorithm=algorithm, prompt="p",
                                          status="completed", stage="completed", created_at=utcnow(),
                                          completed_at=utcnow(), usage={"calls": calls}))


def test_the_dashboard_shows_cost_per_provider_and_algorithm(new_page, live_server, tmp_path):
    _record(live_server)
    admin = make_admin(live_server)
    for width, height, name in ((1440, 1100, "desktop"), (390, 844, "phone")):
        page = new_page(width=width, height=height)
        sign_in_with_cookie(page, admin)
        page.goto("/admin")
        gemini = page.locator("#cost-provider-rows tr", has_text="gemini")
        expect(gemini).to_have_count(1)
        expect(gemini.locator("td").nth(0)).to_have_text("$1.25")  # the costliest provider first
        expect(gemini.locator("td").nth(1)).to_have_text("2")
        expect(gemini.locator("td").nth(2)).to_have_text("50.0 %")
        assert page.locator("#cost-provider-rows tr").first.locator("th").inner_text() == "gemini"
        openai = page.locator("#cost-algo-rows tr", has_text="openai")
        expect(openai.locator("td").nth(0)).to_have_text("v1")
        expect(openai.locator("td").nth(1)).to_have_text("$0.0400")
        expect(page.locator("#cost-summary")).to_contain_text("provider calls in 30 days")
        page.locator("#cost-title").scroll_into_view_if_needed()
        page.locator("#cost-title").locator("xpath=..").screenshot(path=str(tmp_path / f"costs-{name}.png"))
        page.get_by_role("button", name="7 days").click()
        expect(page.locator("#cost-summary")).to_contain_text("in 7 days")
        assert page.console_errors == [], page.console_errors
