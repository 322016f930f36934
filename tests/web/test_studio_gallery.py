"""My thumbnails: newest first, paginated, quality badges, feed-size preview."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from web.conftest import api_account, make_generations, sign_in

PROMPTS = ["Cooking video: lemon pasta", "Tech review: budget laptop", "Travel vlog: Lisbon in 48 hours"]


def test_gallery_lists_newest_first_with_badges_pages_and_feed_previews(page, live_server):
    auth = api_account(live_server)
    statuses = make_generations(live_server, auth, PROMPTS)
    assert all(s["status"] == "completed" for s in statuses), statuses
    sign_in(page, auth)

    page.goto("/gallery?per=2")
    cards = page.locator("article.gallery-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator(".gallery-title")).to_have_text(PROMPTS[2])
    expect(cards.nth(1).locator(".gallery-title")).to_have_text(PROMPTS[1])
    badges = cards.nth(0).locator(".badge")
    expect(badges).to_have_count(3)
    expect(badges.nth(0)).to_have_text(re.compile(r"^Contrast \d+\.\d:1$"))
    expect(badges.nth(1)).to_have_text(re.compile("margins"))
    expect(badges.nth(2)).to_have_text(re.compile("Small size|168×94|Hard to read"))
    expect(cards.nth(0).locator("img")).to_have_attribute("alt", f"Thumbnail: {PROMPTS[2]}")
    expect(page.locator("#pager-status")).to_have_text("Page 1 of 2 · 3 thumbnails")
    expect(page.get_by_role("button", name="← Newer")).to_be_disabled()

    page.get_by_role("button", name="Older →").click()
    expect(cards).to_have_count(1)
    expect(cards.nth(0).locator(".gallery-title")).to_have_text(PROMPTS[0])
    assert page.url.endswith("/gallery?per=2&page=2")
    page.go_back()
    expect(cards.nth(0).locator(".gallery-title")).to_have_text(PROMPTS[2])

    cards.nth(0).get_by_role("button", name="Preview", exact=True).click()
    dialog = page.locator("dialog#preview")
    expect(dialog).to_be_visible()
    images = dialog.locator("img")
    expect(images).to_have_count(3)
    page.wait_for_function("() => [...document.querySelectorAll('#preview img')]"
                           ".every(i => i.complete && i.naturalWidth)")
    sizes = images.evaluate_all("(imgs) => imgs.map(i => [Math.round(i.getBoundingClientRect().width), "
                                "Math.round(i.getBoundingClientRect().height), i.naturalWidth])")
    assert sizes[1][:2] == [360, 202] and sizes[2][:2] == [168, 94], sizes
    assert all(natural == 1280 for *_, natural in sizes)
    assert abs(sizes[0][0] / sizes[0][1] - 16 / 9) < 0.02
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_an_empty_gallery_invites_a_first_chat(page, live_server):
    sign_in(page, api_account(live_server))
    page.goto("/gallery")
    expect(page.get_by_role("heading", name="No thumbnails yet")).to_be_visible()
    page.get_by_role("link", name="Start a chat").click()
    page.wait_for_url(re.compile(r"/$"))
