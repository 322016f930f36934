"""A request without a title shows suggested titles as chips; a click picks one and the
thumbnail carries it."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from web.conftest import GENERATION_TIMEOUT_MS, register


def test_a_suggested_title_is_picked_with_a_click(page, live_server, tmp_path):
    register(page)
    page.get_by_label("Message").fill("gaming thumbnail with explosions for my minecraft survival")
    page.get_by_label("Message").press("Enter")
    chips = page.get_by_role("group", name="Suggested titles").get_by_role("button")
    expect(chips.first).to_be_visible()
    assert 1 <= chips.count() <= 3
    picked = chips.first.inner_text()
    chips.first.click()
    expect(page.locator("li.msg-assistant .bubble").filter(has_text=f"Title set: \u201c{picked}\u201d")).to_be_visible()
    expect(chips.first).to_have_attribute("aria-pressed", "true")
    if os.environ.get("ROUTIX_STUDIO_SCREENSHOTS"):
        page.screenshot(path=str(tmp_path / "titles.png"))
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    page.get_by_role("button", name="Skip, generate without").click()
    result = page.locator("li[data-type=thumbnail_result] .result-image img")
    expect(result).to_have_count(1, timeout=GENERATION_TIMEOUT_MS)
    expect(chips.first).to_be_disabled()  # the request started: its choices are closed
