"""The thumbnail shows in the progress card as soon as the first phase made it, while the
cover, PSD and variants are still being made (the final events are held back here)."""

from __future__ import annotations

import json
import os
import re

from playwright.sync_api import expect

from web.conftest import GENERATION_TIMEOUT_MS, register

HELD = ("generation:completed", "generation:output", "chat:message")


def test_the_progress_card_shows_the_thumbnail_before_the_job_ends(page, live_server, tmp_path):
    seen: list[str] = []

    def route(ws):
        server = ws.connect_to_server()

        def to_page(message):
            try:
                name = json.loads(message).get("event", "")
            except (TypeError, ValueError):
                name = ""
            seen.append(name)
            if name not in HELD:  # the page stays where the first phase left it
                ws.send(message)

        server.on_message(to_page)
        ws.on_message(lambda message: server.send(message))

    page.route_web_socket(re.compile(r"/ws\?token="), route)
    register(page)
    page.get_by_label("Message").fill("Cooking video: crispy roast potatoes")
    page.get_by_label("Message").press("Enter")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    skip = page.get_by_role("button", name="Skip, generate without")
    expect(skip).to_be_enabled()
    skip.click()
    card = page.locator(".progress-card")
    thumb = card.locator("img.progress-thumb")
    expect(thumb).to_be_visible(timeout=GENERATION_TIMEOUT_MS)
    page.wait_for_function("() => { const i = document.querySelector('.progress-thumb'); "
                           "return i && i.complete && i.naturalWidth === 1280; }")
    expect(thumb).to_have_attribute("alt", re.compile("cover, PSD and variants are on their way"))
    expect(card.get_by_role("progressbar")).not_to_have_attribute("aria-valuenow", "100")
    expect(page.locator("li[data-type=thumbnail_result]")).to_have_count(0)
    assert "generation:thumbnail" in seen
    box = thumb.bounding_box()
    assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02
    if os.environ.get("ROUTIX_STUDIO_SCREENSHOTS"):
        card.screenshot(path=str(tmp_path / "thumbnail-first.png"))
