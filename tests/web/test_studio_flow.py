"""The studio end to end in Chromium (the acceptance flow of docs/studio.md, "Tests"): register, start a chat from a
suggestion chip, pick an algorithm, upload a real photo, watch live progress reach 100 %, get
the result card, download the JPG (1280x720), open a variant, reload and find the chat in the
sidebar; a second user cannot see it."""

from __future__ import annotations

import io
import re
import uuid

import httpx
from PIL import Image
from playwright.sync_api import expect

from web.conftest import GENERATION_TIMEOUT_MS, register

# Records every value the progress bars show, to prove progress arrived live (not only at the end).
WATCH_PROGRESS = """() => {
  // every value each progress bar shows, per bar (a bar must never move backwards)
  window.__progressSeen = [];
  window.__progressBars = [];
  const ids = new WeakMap();
  const note = (bar) => {
    if (!ids.has(bar)) { ids.set(bar, window.__progressBars.length); window.__progressBars.push([]); }
    const value = Number(bar.getAttribute('aria-valuenow'));
    window.__progressBars[ids.get(bar)].push(value);
    window.__progressSeen.push(value);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.matches('[role=progressbar]')) note(r.target);
      for (const node of r.addedNodes || []) {
        if (node.nodeType === 1) node.querySelectorAll('[role=progressbar][aria-valuenow]').forEach(note);
      }
    }
  }).observe(document.getElementById('messages'), {subtree: true, attributes: true, childList: true,
                                                   attributeFilter: ['aria-valuenow']});
}"""


def _wait_for_result(page, count: int = 1):
    results = page.locator("li[data-type=thumbnail_result] .result-card .result-image img")
    expect(results).to_have_count(count, timeout=GENERATION_TIMEOUT_MS)
    return page.locator("li[data-type=thumbnail_result]").nth(count - 1)


def _ratings(live_server, request_id: str) -> list[int]:
    from routix.store.models import GenerationFeedback

    with live_server.services.db.session() as session:
        return [f.rating for f in session.query(GenerationFeedback).filter_by(generation_id=uuid.UUID(request_id))]


def test_chat_from_suggestion_to_downloaded_thumbnail_and_variants(new_page, live_server, photo_path, tmp_path):
    page = new_page()
    register(page, name="Grace")

    page.get_by_role("button", name=re.compile("Thumbnail with explosions")).click()
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}$"))
    conversation_url = page.url
    expect(page.locator("li.msg-user").first).to_contain_text("Gaming thumbnail with explosions")
    cards = page.locator(".algo-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    expect(cards.first).to_contain_text(re.compile(r"\d+ credits?"))

    lightning = page.locator('.algo-card[data-algorithm="lightning"]')
    lightning.click()
    expect(lightning).to_have_attribute("aria-pressed", "true")
    upload_face = page.get_by_role("button", name="Upload face photo")
    expect(upload_face).to_be_enabled()
    expect(page.locator(".algo-card").first).to_be_disabled()

    page.evaluate(WATCH_PROGRESS)
    with page.expect_file_chooser() as chooser:
        upload_face.click()
    chooser.value.set_files(str(photo_path))

    expect(page.locator("li.msg-user img.attachment-thumb")).to_have_attribute("src", re.compile("/files/"))
    progress = page.locator(".progress-card").last
    expect(progress).to_be_visible()
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100",
                                                                  timeout=GENERATION_TIMEOUT_MS)
    expect(progress).to_contain_text("Complete!")
    seen = page.evaluate("window.__progressSeen")
    assert any(0 < v < 100 for v in seen), f"no intermediate progress arrived live: {seen}"
    bars = page.evaluate("window.__progressBars")
    assert bars and all(values == sorted(values) for values in bars), f"a progress bar moved backwards: {bars}"

    result = _wait_for_result(page)
    image = result.locator(".result-card img").first
    expect(image).to_have_attribute("alt", re.compile("Generated thumbnail"))
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) == 1280
    expect(result.locator(".downloads a")).to_have_text(["JPG", "PNG", "PSD", "3000×3000"])

    with page.expect_download() as download_info:
        result.locator(".downloads a", has_text="JPG").click()
    saved = tmp_path / "thumb.jpg"
    download_info.value.save_as(saved)
    with Image.open(saved) as jpg:
        assert jpg.format == "JPEG"
        assert jpg.size == (1280, 720)

    # thumbs up: stored as this user's feedback on the generation (a second vote replaces it)
    request_id = result.locator(".result-card").get_attribute("data-request-id")
    like = result.get_by_role("button", name="I like it")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(result.get_by_role("button", name="Not for me")).to_have_attribute("aria-pressed", "false")
    assert _ratings(live_server, request_id) == [1]
    result.get_by_role("button", name="Not for me").click()
    expect(like).to_have_attribute("aria-pressed", "false")
    assert _ratings(live_server, request_id) == [-1]

    # variants: the chat follow-up makes a new generation with a carousel
    result.get_by_role("button", name="Variants").click()
    second = _wait_for_result(page, count=2)
    variants = second.locator(".carousel button")
    expect(variants.first).to_be_visible()
    assert variants.count() >= 2
    variants.first.click()
    dialog = page.locator("dialog.lightbox[open]")
    expect(dialog).to_be_visible()
    big = dialog.locator("img.lightbox-img")
    expect(big).to_have_attribute("alt", re.compile("variant 1"))
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=big.element_handle())
    variant_href = dialog.get_by_role("link").first.get_attribute("href")
    with Image.open(io.BytesIO(httpx.get(live_server.url + variant_href).content)) as variant:
        assert variant.size == (1280, 720)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # reload: the conversation is in the sidebar and its history comes back
    page.reload()
    link = page.locator(f'#conversation-list a[href="{conversation_url.split(live_server.url)[1]}"]')
    expect(link).to_have_attribute("aria-current", "page")
    expect(link).to_contain_text(re.compile("gaming thumbnail", re.I))
    expect(page.locator("li[data-type=thumbnail_result] .result-card .result-image img")).to_have_count(2)
    expect(page.locator(".algo-card[aria-pressed=true]")).to_have_count(1)

    # another user sees neither the chat nor its link
    other = new_page()
    register(other, name="Mallory")
    expect(other.locator("#conversation-list")).not_to_contain_text("aming")
    other.goto(conversation_url)
    expect(other.locator("#welcome-title")).to_have_text("This chat does not exist, or it is not yours.")
    expect(other.locator("li.msg")).to_have_count(0)
    assert not [e for e in page.console_errors if "favicon" not in e], page.console_errors


def test_enter_sends_a_typed_request_and_the_assistant_answers(page):
    register(page)
    prompt = page.get_by_label("Message")
    prompt.fill("Cooking video thumbnail: crispy fries")
    prompt.press("Enter")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}$"))
    expect(page.locator("li.msg-user")).to_contain_text("crispy fries")
    expect(page.locator("li[data-type=intent] .tag").first).to_be_visible()
    expect(page.locator(".algo-card").first).to_be_visible()
    expect(prompt).to_have_value("")
    # Shift+Enter makes a new line instead of sending
    prompt.type("line one")
    prompt.press("Shift+Enter")
    prompt.type("line two")
    expect(prompt).to_have_value("line one\nline two")
    assert page.locator("li.msg-user").count() == 1
