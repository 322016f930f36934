"""Sharing in the browser: the discover page (infinite scroll, sort, filters, like, remix), a
public page opened without logging in (its preview tags), the gallery's search and boards, and
renaming / deleting thumbnails and chats. Screenshots go to docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import expect

from web.conftest import api_account, make_generations, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PROMPTS = ["Cooking video: lemon pasta in ten minutes", "Gaming: the hardest boss fight ever",
           "Travel vlog: Lisbon in 48 hours"]


def _headers(auth: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth['access_token']}"}


def _publish(live_server, auth: dict, gid: str, name: str = "Ana Cooks") -> dict:
    answer = httpx.post(f"{live_server.url}/api/v1/generation/{gid}/publish", headers=_headers(auth),
                        json={"display_name": name})
    answer.raise_for_status()
    return answer.json()


def test_discover_scrolls_sorts_filters_likes_and_remixes(page, live_server):
    owner, fan = api_account(live_server, "Owner"), api_account(live_server, "Fan")
    made = make_generations(live_server, owner, PROMPTS)
    slugs = [_publish(live_server, owner, g["id"])["slug"] for g in made]
    httpx.post(f"{live_server.url}/api/v1/public/{slugs[0]}/like", headers=_headers(owner)).raise_for_status()
    sign_in(page, fan)

    page.goto("/discover?per=2")
    cards = page.locator("article.discover-card")
    expect(cards.first).to_be_visible()
    page.locator("#discover-scroll").evaluate("(el) => el.scrollTo(0, el.scrollHeight)")
    for slug in slugs:  # the third arrives on the second page (infinite scroll)
        expect(page.locator(f'article.discover-card[data-slug="{slug}"]')).to_have_count(1)
    expect(cards.first).to_have_attribute("data-slug", slugs[2])  # recent: newest first
    page.wait_for_function("() => [...document.querySelectorAll('.discover-card img')]"
                           ".every(i => i.complete && i.naturalWidth)")
    page.screenshot(path=str(SHOTS / "discover.png"))

    page.get_by_role("button", name="Popular").click()
    expect(page.get_by_role("button", name="Popular")).to_have_attribute("aria-pressed", "true")
    expect(cards.first).to_have_attribute("data-slug", slugs[0])
    page.locator("#filter-category").select_option("food")
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-slug", slugs[0])

    like = cards.first.locator(".like-btn")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_contain_text("2")

    cards.first.get_by_role("button", name="Remix").click()
    page.wait_for_url("**/gallery")
    expect(page.locator("article.gallery-card").first).to_be_visible()
    history = httpx.get(f"{live_server.url}/api/v1/generation", headers=_headers(fan)).json()["items"]
    assert [i["request"]["prompt"] for i in history] == [PROMPTS[0]]
    assert history[0]["request"]["face_asset_ids"] == [] and history[0]["request"]["logo_asset_id"] is None
    assert page.console_errors == []


def test_public_page_works_without_login_and_previews(new_page, live_server):
    owner = api_account(live_server, "Owner")
    gid = make_generations(live_server, owner, ["Tech review: the budget laptop that surprised me"])[0]["id"]
    published = _publish(live_server, owner, gid, "Laptop Lab")
    page = new_page(width=1280, height=900)  # a fresh context: nobody is signed in
    page.goto(f"/p/{published['slug']}")
    meta = {name: page.locator(f'meta[property="{name}"], meta[name="{name}"]').get_attribute("content")
            for name in ("og:title", "og:image", "og:url", "og:type", "twitter:card", "twitter:image")}
    assert meta["og:url"] == published["url"] and meta["og:url"].startswith("http")
    assert re.fullmatch(rf"{re.escape(published['url'])}/image/large\.jpg", meta["og:image"])
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    assert meta["og:type"] == "website" and meta["og:title"]
    expect(page.get_by_text("Laptop Lab")).to_be_visible()
    image = page.locator("img.public-media")
    page.wait_for_function("() => document.querySelector('img.public-media').naturalWidth > 0")
    assert image.evaluate("(i) => i.naturalWidth") >= 320
    assert owner["user"]["email"] not in page.content()
    page.screenshot(path=str(SHOTS / "public_page.png"))
    assert page.console_errors == []

    page.get_by_role("button", name=re.compile("likes")).click()  # liking needs a session: to /login and back
    page.wait_for_url(re.compile(r"/login\?next=%2Fp%2F"))

    httpx.delete(f"{live_server.url}/api/v1/generation/{gid}/publish", headers=_headers(owner)).raise_for_status()
    answer = page.goto(f"/p/{published['slug']}")
    assert answer.status == 404
    assert httpx.get(meta["og:image"]).status_code == 404


def test_gallery_search_boards_rename_and_delete(page, live_server):
    auth = api_account(live_server, "Searcher")
    made = make_generations(live_server, auth, PROMPTS)
    conversation = httpx.post(f"{live_server.url}/api/v1/chat/conversations", headers=_headers(auth),
                              json={"title": "Pasta ideas"}).json()
    sign_in(page, auth)
    page.goto("/gallery")
    cards = page.locator("article.gallery-card")
    expect(cards).to_have_count(3)

    page.get_by_role("searchbox", name="Search").fill("lisbon")
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".gallery-title")).to_have_text(PROMPTS[2])
    page.get_by_role("searchbox", name="Search").fill("nothing-like-this")
    expect(page.get_by_role("heading", name="Nothing matches")).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("")
    expect(cards).to_have_count(3)

    page.once("dialog", lambda dialog: dialog.accept("Weeknight pasta"))
    cards.nth(2).get_by_role("button", name=re.compile("^Rename")).click()
    expect(cards.nth(2).locator(".gallery-title")).to_have_text("Weeknight pasta")
    page.get_by_role("searchbox", name="Search").fill("weeknight")
    expect(cards).to_have_count(1)
    page.get_by_role("searchbox", name="Search").fill("")
    expect(cards).to_have_count(3)

    page.once("dialog", lambda dialog: dialog.accept("Food"))
    page.get_by_role("button", name="+ New board").click()
    expect(page.get_by_role("button", name="Food (0)")).to_be_visible()
    cards.nth(2).get_by_label("Add to a board").select_option(label="Food")
    expect(page.get_by_text('Added to "Food".')).to_be_visible()
    page.get_by_role("button", name="Food (1)").click()
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".gallery-title")).to_have_text("Weeknight pasta")
    page.get_by_role("button", name="All", exact=True).click()
    expect(cards).to_have_count(3)
    page.wait_for_function("() => [...document.querySelectorAll('.gallery-card img')]"
                           ".every(i => i.complete && i.naturalWidth)")
    page.screenshot(path=str(SHOTS / "gallery_search.png"))

    page.once("dialog", lambda dialog: dialog.accept())
    cards.nth(1).get_by_role("button", name=re.compile("^Delete")).click()
    expect(cards).to_have_count(2)
    assert httpx.get(f"{live_server.url}/api/v1/generation/{made[1]['id']}", headers=_headers(auth)).status_code == 404

    chat = page.locator(f'#conversation-list li:has(a[data-conversation-id="{conversation["id"]}"])')
    chat.hover()
    page.once("dialog", lambda dialog: dialog.accept("Pasta and more"))
    chat.get_by_role("button", name=re.compile("^Rename chat")).click()
    expect(chat.locator("a")).to_have_text("Pasta and more")
    page.once("dialog", lambda dialog: dialog.accept())
    chat.get_by_role("button", name=re.compile("^Delete chat")).click()
    expect(chat).to_have_count(0)
    assert page.console_errors == []
