"""The "Shared with you" page: a user a thumbnail was shared with opens it from the list, sees
the image large with its downloads and the owner's comment, and posts a comment of their own.
The screenshot goes to docs/img/shared-detail.png (looked at when the page changes)."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
from playwright.sync_api import expect

from web.conftest import api_account, make_generations, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"


def _headers(auth: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth['access_token']}"}


def test_a_recipient_opens_a_shared_thumbnail_and_comments(page, live_server):
    owner, friend = api_account(live_server, "Chef Ana"), api_account(live_server, "Bea")
    prompt = 'Cooking video: lemon pasta in ten minutes, title "Lemon Pasta"'
    gid = make_generations(live_server, owner, [prompt])[0]["id"]
    base = live_server.url
    httpx.post(f"{base}/api/v1/generation/{gid}/share", headers=_headers(owner),
               json={"email": friend["user"]["email"]}).raise_for_status()
    httpx.post(f"{base}/api/v1/shared/{gid}/comments", headers=_headers(owner),
               json={"body": "First cut of the thumbnail: does the title read well on a phone?"}).raise_for_status()
    sign_in(page, friend)

    page.goto("/shared")
    card = page.locator(f'article.shared-card[data-id="{gid}"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("Shared by Chef Ana")
    card.get_by_role("button", name="Open and comment").click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    image = dialog.locator(".shared-figure img")
    expect(image).to_be_visible()
    page.wait_for_function("() => { const i = document.querySelector('.shared-figure img');"
                           " return i && i.complete && i.naturalWidth === 1280; }")
    expect(dialog.get_by_role("link", name="Download JPG: 1280×720 JPEG")).to_be_visible()
    expect(dialog.locator("li.comment")).to_have_count(1)
    expect(dialog.locator("li.comment").first).to_contain_text("Owner")
    assert friend["user"]["email"] not in dialog.inner_text() and owner["user"]["email"] not in dialog.inner_text()

    dialog.get_by_label("Add a comment").fill("Reads great! Maybe a touch more yellow on the title?")
    dialog.get_by_role("button", name="Post comment").click()
    mine = dialog.locator("li.comment.is-mine")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Bea (you)")
    expect(dialog.get_by_role("heading", name="Comments (2)")).to_be_visible()
    expect(dialog.get_by_label("Add a comment")).to_have_value("")
    expect(page.locator(".toast").filter(has_text="Comment posted.")).to_be_visible()

    stored = httpx.get(f"{base}/api/v1/shared/{gid}/comments", headers=_headers(owner)).json()
    assert [c["author"] for c in stored["items"]] == ["Chef Ana", "Bea"]
    expect(page.locator(".toast")).to_have_count(0, timeout=15_000)  # the screenshot without the notice
    if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "shared-detail.png"))
    assert page.console_errors == []
