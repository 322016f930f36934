"""The input bar (drop, paste, refused files), phone layout and keyboard use."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from web.conftest import register

DROP = """async ([b64, how]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], "face.jpg", { type: "image/jpeg" }));
  if (how === "paste") {
    const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    document.getElementById("prompt").dispatchEvent(paste);
    return;
  }
  const main = document.getElementById("main");
  for (const type of ["dragenter", "dragover", "drop"]) {
    main.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }
}"""

NO_SIDEWAYS_SCROLL = ("() => document.documentElement.scrollWidth <= innerWidth"
                      " && document.body.scrollWidth <= innerWidth")


def _photo_b64(photo_path) -> str:
    return base64.b64encode(photo_path.read_bytes()).decode()


def test_dropped_and_pasted_images_upload_and_are_sent_with_the_message(page, photo_path):
    register(page)
    page.evaluate(DROP, [_photo_b64(photo_path), "drop"])
    chips = page.locator("#attachments li.attachment")
    expect(chips).to_have_count(1)
    expect(chips.first).not_to_have_class(re.compile("is-uploading"))
    expect(chips.first.get_by_label("Use this image as")).to_have_value("")  # Auto: the role is guessed
    page.evaluate(DROP, [_photo_b64(photo_path), "paste"])
    expect(chips).to_have_count(2)
    expect(chips.nth(1).get_by_label("Use this image as")).to_have_value("")
    chips.nth(1).get_by_role("button", name=re.compile("Remove")).click()
    expect(chips).to_have_count(1)

    page.get_by_label("Message").fill("Podcast cover: two hosts talk about space")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}$"))
    uploaded = page.locator("li.msg-user[data-type=file_upload]")
    expect(uploaded).to_have_count(1)
    expect(uploaded.locator("img")).to_have_attribute("alt", "Your face photo")
    expect(uploaded.locator("img")).to_have_attribute("src", re.compile("/files/"))
    expect(chips).to_have_count(0)
    # the face is already here, so choosing a version starts the generation at once
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    expect(page.locator(".progress-card")).to_be_visible()
    expect(page.locator("li[data-type=upload_request]")).to_have_count(0)


def test_a_refused_upload_is_explained_in_words(page, tmp_path):
    register(page)
    fake = tmp_path / "notes.jpg"
    fake.write_text("this is not a photo\n")
    page.locator("#file-input").set_input_files(str(fake))
    toast = page.locator(".toast-error")
    expect(toast).to_be_visible()
    text = toast.inner_text()
    assert "{" not in text and "application/problem" not in text
    assert re.search(r"jpeg|png|webp|image", text, re.I), text
    expect(page.locator("#attachments li")).to_have_count(0)


def test_phone_layout_has_no_sideways_scroll_and_an_off_canvas_menu(new_page):
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    register(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    sidebar = page.locator("#sidebar")
    expect(sidebar).not_to_be_in_viewport()
    expect(page.locator(".chip").first).to_be_in_viewport()
    expect(page.get_by_label("Message")).to_be_in_viewport()
    page.get_by_role("button", name="Open menu").click()
    expect(sidebar).to_be_in_viewport()
    expect(page.get_by_role("button", name="Open menu")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(sidebar).not_to_be_in_viewport()
    for path in ("/gallery", "/settings/api-keys", "/login"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), path


def test_keyboard_only_start_a_chat(page):
    register(page)
    expect(page.get_by_label("Message")).to_be_focused()  # ready to type
    page.locator(".skip-link").focus()
    expect(page.locator(".skip-link")).to_be_in_viewport()  # visible when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # Tab through the page until a suggestion chip has the focus, then press Enter
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('chip')"):
            break
    else:
        raise AssertionError("no suggestion chip is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}$"))
    expect(page.locator(".algo-card").first).to_be_visible()
    page.locator(".algo-card").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("li[data-type=upload_request] button").first).to_be_visible()


def test_every_image_has_alt_text(page, photo_path):
    register(page)
    page.evaluate(DROP, [_photo_b64(photo_path), "drop"])
    expect(page.locator("#attachments li")).to_have_count(1)
    missing = page.evaluate("() => [...document.images].filter((i) => !i.hasAttribute('alt')).map((i) => i.outerHTML)")
    assert missing == []
