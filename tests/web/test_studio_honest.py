"""The studio says what really happens: fallbacks and notes, the prompt limit without orphan
chats, toasts clear of the controls, a second tab, gallery variants, admin on a phone, the
landing page and the template upload messages."""

from __future__ import annotations

import re
import time

import httpx
from playwright.sync_api import expect

from web.admin_helpers import DROP, make_admin, sign_in_with_cookie, unique_upload
from web.conftest import GENERATION_TIMEOUT_MS, api_account, register, sign_in
from web.studio_seed import CHAT, chat_until_result

LONG = ("A gaming thumbnail with explosions and a dragon. " * 30).strip()  # 1469 characters


def _conversations(live_server, auth: dict) -> list[dict]:
    headers = {"Authorization": f"Bearer {auth['access_token']}"}
    return httpx.get(live_server.url + CHAT, headers=headers).raise_for_status().json()["conversations"]


def _wait_until_done(live_server, headers: dict, generation_id: str) -> None:
    deadline = time.monotonic() + GENERATION_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        status = httpx.get(f"{live_server.url}/api/v1/generation/{generation_id}/status", headers=headers).json()
        if status["status"] in ("completed", "failed"):
            assert status["status"] == "completed", status
            return
        time.sleep(0.3)
    raise TimeoutError(generation_id)


def _boxes_overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_a_fallback_is_said_on_the_card_in_the_selector_and_in_the_api(page, live_server):
    auth = api_account(live_server, "Faye")
    cid, result = chat_until_result(live_server, auth, "Cooking video: creamy pasta in five minutes", "v1")
    # the API reports what really made it (no Gemini key here)
    assert result["metadata"]["algorithm_used"] == "lightning"
    assert result["metadata"]["algorithm_requested"] == "v1"
    status = httpx.get(f"{live_server.url}/api/v1/generation/{result['metadata']['request_id']}/status",
                       headers={"Authorization": f"Bearer {auth['access_token']}"}).json()
    assert status["algorithm"] == "v1" and status["algorithm_used"] == "lightning"

    sign_in(page, auth)
    page.goto(f"/c/{cid}")
    card = page.locator(".result-card")
    expect(card.locator(".made-with")).to_have_text(re.compile(r"^Routix Lightning\b[^·]* · \d+\.\d s$"))
    expect(card.locator(".result-notes")).to_contain_text("Made with Lightning because Gemini is not configured.")
    # the selector of that chat marks v1 and Pro: they run (and are charged) as Lightning
    v1 = page.locator('.algo-card[data-algorithm="v1"]')
    # (another test on this live server may have renamed Lightning, e.g. "Routix Lightning ⚡")
    expect(v1.locator(".algo-warning")).to_have_text(
        re.compile(r"^Not set up here: runs as Routix Lightning\b[^,]*, charged as Routix Lightning\b.*\.$"))
    expect(v1.locator(".pill-credit")).to_have_text("1 credit")
    expect(page.locator('.algo-card[data-algorithm="lightning"] .algo-warning')).to_have_count(0)
    # measured times once three generations exist, and no "About a second." next to them
    expect(page.locator('.algo-card[data-algorithm="lightning"] .algo-desc')).not_to_contain_text("second")


def test_the_admin_algorithms_page_warns_about_an_unconfigured_provider(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server, "Ava"))
    page.goto("/admin/algorithms")
    v1 = page.locator('article.algo-admin[data-algorithm="v1"]')
    expect(v1.locator(".algo-admin-warning")).to_contain_text("has no API key: requests run as Routix Lightning")
    expect(v1).to_contain_text("Not configured")
    expect(page.locator('article.algo-admin[data-algorithm="lightning"] .algo-admin-warning')).to_have_count(0)


def test_a_long_prompt_gets_a_counter_a_sentence_and_no_chat(page, live_server):
    register(page, "Lena")
    prompt = page.locator("#prompt")
    prompt.fill(LONG)
    counter = page.locator("#prompt-counter")
    expect(counter).to_have_text(f"{len(LONG)} / 1000")
    expect(counter).to_have_class(re.compile("is-over"))
    prompt.press("Enter")
    expect(page.locator(".toast-error")).to_have_text(f"Your message is {len(LONG)} characters long; the limit is "
                                                      f"1000. Shorten it by {len(LONG) - 1000} and send again.")
    expect(page.locator("#welcome")).to_be_visible()
    assert page.url.endswith("/") and prompt.input_value() == LONG  # nothing lost, nothing created
    auth = page.evaluate("() => ({access_token: localStorage.getItem('routix.access')})")
    assert _conversations(live_server, auth) == []
    expect(page.locator("#conversation-list a")).to_have_count(0)


def test_a_first_message_the_server_refuses_leaves_no_empty_chat(page, live_server):
    register(page, "Omar")
    page.route(re.compile(r".*/api/v1/chat/conversations/[^/]+/messages$"), lambda route: route.fulfill(
        status=422, content_type="application/problem+json",
        body='{"title": "Invalid input", "status": 422, "detail": "that message cannot be sent"}',
    ) if route.request.method == "POST" else route.continue_())
    page.locator("#prompt").fill("Gaming thumbnail with explosions")
    page.locator("#prompt").press("Enter")
    expect(page.locator(".toast-error")).to_have_text("That message cannot be sent")
    expect(page.locator("#welcome")).to_be_visible()
    page.wait_for_url(re.compile(r"/$"))
    auth = page.evaluate("() => ({access_token: localStorage.getItem('routix.access')})")
    assert _conversations(live_server, auth) == []


def test_toasts_stay_clear_of_the_controls_and_above_a_dialog(new_page, live_server):
    auth = api_account(live_server, "Tao")
    cid, _ = chat_until_result(live_server, auth, "Tech review: budget phone", "lightning")
    for width, height in ((1440, 900), (390, 844)):
        page = new_page(width, height)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        sign_in(page, auth)
        page.goto(f"/c/{cid}")
        share = page.get_by_role("button", name="Share")
        share.scroll_into_view_if_needed()
        share.click()
        toast = page.locator(".toast").first
        expect(toast).to_be_visible()
        box = toast.bounding_box()
        for control in (page.locator(".result-card .result-actions"), page.locator("#composer .composer-box"),
                        page.locator(".result-card .downloads")):
            assert not _boxes_overlap(box, control.bounding_box()), (width, control)

    admin = make_admin(live_server, "Ines")
    page = new_page()
    sign_in_with_cookie(page, admin)
    page.goto("/admin/users")
    page.get_by_role("button", name=re.compile("^Manage ")).first.click()
    page.get_by_label("Credits (+ grant, − deduct)").fill("5")
    page.get_by_label("Reason").fill("Thanks for the feedback")
    page.get_by_role("button", name="Apply credits").click()
    toast = page.locator("dialog[open] .toasts .toast")
    expect(toast).to_contain_text("Granted 5 credits")
    # in the dialog's own layer (the topmost element at its centre is the toast), and clear of
    # the dialog's buttons
    assert page.evaluate("""() => { const t = document.querySelector('dialog[open] .toast');
        const r = t.getBoundingClientRect();
        return t.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }""")
    box = toast.bounding_box()
    for button in page.locator("dialog[open] button:visible").all():
        assert not _boxes_overlap(box, button.bounding_box()), button.text_content()


def test_a_second_tab_shows_the_users_own_message_live(new_page, live_server):
    auth = api_account(live_server, "Kai")
    cid, _ = chat_until_result(live_server, auth, "Travel vlog: one week in Tokyo", "lightning")
    first = new_page()
    sign_in(first, auth)
    first.goto(f"/c/{cid}")
    second = first.context.new_page()
    second.goto(f"/c/{cid}")
    expect(second.locator(".result-card")).to_be_visible()
    second.wait_for_function("() => document.querySelectorAll('.msg').length > 0")
    first.locator("#prompt").fill("thanks, looks great")
    first.locator("#prompt").press("Enter")
    expect(second.locator(".msg-user .bubble", has_text="thanks, looks great")).to_have_count(1)


def test_gallery_cards_read_their_title_and_open_their_variants(page, live_server):
    auth = api_account(live_server, "Vera")
    headers = {"Authorization": f"Bearer {auth['access_token']}"}
    created = httpx.post(live_server.url + "/api/v1/generation/create", headers=headers, json={
        "prompt": 'Podcast episode about startups, title "Ship It Friday"', "algorithm": "lightning", "variants": 2,
    }).raise_for_status().json()
    _wait_until_done(live_server, headers, created["id"])
    sign_in(page, auth)
    page.goto("/gallery")
    card = page.locator(f'.gallery-card[data-id="{created["id"]}"]')
    expect(card.locator(".result-image img")).to_be_visible()
    expect(card.locator(".gallery-title")).to_have_text("Ship It Friday")
    # one row of actions, every file in the download menu (the 3000x3000 cover too)
    tops = card.locator(".gallery-actions > *").evaluate_all("(els) => els.map((e) => e.getBoundingClientRect().top)")
    assert len({round(t) for t in tops}) == 1, tops
    card.locator(".download-menu summary").click()
    expect(card.locator(".download-list a")).to_have_text(["JPG", "PNG", "PSD", "3000×3000"])
    card.get_by_role("button", name="2 variants").click()
    dialog = page.locator("#preview")
    expect(dialog.locator("#preview-title")).to_have_text("Ship It Friday · variant 1")
    big = dialog.locator(".feed-size.large img")
    expect(big).to_have_attribute("src", re.compile(r"variant-1\.jpg"))
    expect(dialog.locator(".downloads a")).to_have_text(["JPG", "PNG"])
    png = dialog.locator(".downloads a", has_text="PNG").get_attribute("href")
    response = httpx.get(png if png.startswith("http") else live_server.url + png)
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"
    dialog.get_by_role("button", name="Show variant 2").click()
    expect(big).to_have_attribute("src", re.compile(r"variant-2\.jpg"))
    dialog.get_by_role("button", name="Show thumbnail").click()
    expect(dialog.locator(".downloads a")).to_have_text(["JPG", "PNG", "PSD", "3000×3000"])


def test_admin_users_fit_a_phone(new_page, live_server):
    admin = make_admin(live_server, "Pia")
    api_account(live_server, "A-user-with-a-rather-long-name")
    page = new_page(390, 844)
    sign_in_with_cookie(page, admin)
    page.goto("/admin/users")
    expect(page.locator("#user-rows > tr").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    row = page.locator("#user-rows > tr").first
    email = row.locator(".cell-main").bounding_box()
    assert email["width"] > 200 and email["height"] < 40  # one line, not a letter per line
    for cell in (row.locator(".status-pill"), row.get_by_role("button", name=re.compile("^Manage "))):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_first_visit_lands_on_a_page_about_routix(page, live_server):
    page.goto("/")
    page.wait_for_url("**/welcome")
    expect(page.get_by_role("heading", level=1)).to_contain_text("thumbnails")
    examples = page.locator(".examples img, .hero-shot img")
    expect(examples).to_have_count(4)
    page.wait_for_function("() => [...document.querySelectorAll('.examples img, .hero-shot img')]"
                           ".every((i) => i.complete && i.naturalWidth >= 640)")
    sizes = page.locator(".landing-feed img").evaluate_all(
        "(els) => els.map((e) => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert sizes == [[360, 202], [168, 94]]
    page.get_by_role("link", name="Sign up free").click()
    page.wait_for_url("**/register")
    expect(page.get_by_label("Name")).to_be_focused()
    page.goto("/welcome")
    page.get_by_role("link", name="Log in").first.click()
    page.wait_for_url("**/login")
    expect(page.get_by_label("Email")).to_be_focused()


def test_template_upload_says_what_it_refused_and_what_is_not_16_9(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server, "Tom"))
    page.goto("/admin/templates")
    broken = {"name": "broken.png", "type": "image/png", "b64": "bm90IGFuIGltYWdl"}  # "not an image"
    # a photo no other test uploaded (the library refuses bytes it already holds)
    page.evaluate(DROP, [broken, unique_upload("coffee.jpg", "wide-photo.jpg")])
    refused = page.locator('#uploads li[data-file-name="broken.png"]')
    expect(refused.locator(".upload-error")).to_be_visible()
    expect(refused.locator(".bar")).to_be_hidden()
    expect(refused.locator(".upload-pct")).to_be_hidden()
    square = page.locator('#uploads li[data-file-name="wide-photo.jpg"]')
    expect(square.locator(".upload-warning")).to_have_text(re.compile(r"^600×400 is not 16:9"))
    expect(square.locator(".status-pill")).to_have_text("Analyzed", timeout=120_000)
    page.wait_for_function("() => document.querySelectorAll('.template-card').length > 0")
    heights = page.locator(".template-card .template-thumb").evaluate_all(
        "(els) => els.map((e) => Math.round(e.getBoundingClientRect().height))")
    assert len(set(heights)) == 1, heights
    page.goto(f"/admin/templates/{square.get_attribute('data-template-id')}")
    page.wait_for_function("() => { const i = document.querySelector('.dna-frame img'); return i && i.complete; }")
    tags = page.locator(".dna-tag").evaluate_all("(els) => els.map((e) => e.getBoundingClientRect().toJSON())")
    for i, a in enumerate(tags):
        for b in tags[i + 1:]:
            assert not _boxes_overlap(a, b), (a, b)
