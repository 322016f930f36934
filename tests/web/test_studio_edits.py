"""Edits from a result card in Chromium: type a change into the card's editor, the assistant
says what changed and a new card arrives with the version strip; Undo on that card goes back;
Regenerate on the first card regenerates that card's request."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from routix.store.models import GenerationRequest
from web.conftest import GENERATION_TIMEOUT_MS, register


def _row(live_server, request_id: str) -> GenerationRequest:
    with live_server.services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(request_id))
        session.expunge(row)
        return row


def test_edit_undo_and_regenerate_from_the_card(page, live_server, tmp_path):
    register(page)
    page.get_by_label("Message").fill("Tech review thumbnail: tiny drone, title 'Tiny Drone Big Deal'")
    page.get_by_label("Message").press("Enter")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    skip = page.get_by_role("button", name="Skip, generate without")
    expect(skip).to_be_enabled()
    skip.click()
    cards = page.locator("li[data-type=thumbnail_result] .result-card")
    expect(cards.locator(".result-image img")).to_have_count(1, timeout=GENERATION_TIMEOUT_MS)
    first = cards.nth(0)
    first_id = first.get_attribute("data-request-id")

    first.get_by_label("Describe a change to this thumbnail").fill("make the title bigger")
    first.get_by_role("button", name="Apply").click()
    expect(page.locator("li[data-type=generation_progress]").last).to_contain_text("Editing: Title 25 % larger")
    expect(cards.locator(".result-image img")).to_have_count(2, timeout=GENERATION_TIMEOUT_MS)
    expect(page.locator("li[data-type=thumbnail_result]").nth(1)).to_contain_text("Done: Title 25 % larger")
    second = cards.nth(1)
    strip = second.get_by_role("list", name="Versions of this thumbnail")
    expect(strip.get_by_role("listitem")).to_have_count(2)
    expect(strip.locator('[aria-current="true"]')).to_have_attribute("data-kind", "edit")
    second.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "studio-edit.png"), full_page=False)  # looked at while writing the docs

    second.get_by_role("button", name="Undo").click()
    expect(cards.locator(".result-image img")).to_have_count(3, timeout=GENERATION_TIMEOUT_MS)
    expect(page.locator("li[data-type=thumbnail_result]").nth(2)).to_contain_text("Went back to the version before")

    first.get_by_role("button", name="Regenerate").click()
    expect(cards.locator(".result-image img")).to_have_count(4, timeout=GENERATION_TIMEOUT_MS)
    newest = _row(live_server, cards.nth(3).get_attribute("data-request-id"))
    assert newest.kind == "regenerate" and str(newest.parent_id) == first_id
    edited = _row(live_server, second.get_attribute("data-request-id"))
    assert edited.kind == "edit" and str(edited.parent_id) == first_id
    assert not page.console_errors
