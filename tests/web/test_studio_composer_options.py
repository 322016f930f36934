"""The composer says what the creator brings: an attached image's role, a style preset picked
from picture cards and a brand kit (the default one preselected), all reaching the generation
request; the pickers are labelled dialogs with no serious accessibility violation, and a
reload of the chat shows the choices again. The picker screenshot goes to /tmp (and to
docs/img/composer-options.png with ROUTIX_SCREENSHOTS=1)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import expect

from web.admin_helpers import unique_upload
from web.conftest import api_account, sign_in
from web.test_studio_pages import AXE, AXE_RUN

SHOT = Path("/tmp/composer-options.png")
PILLS_SHOT = Path("/tmp/composer-pills.png")
KITS_SHOT = Path("/tmp/composer-kits.png")
DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "composer-options.png"
KIT = {"primary_color": "#0B6E4F", "secondary_color": "#F4F1EA", "accent_color": "#E4572E"}


def _kit(live_server, auth: dict, name: str, **fields) -> str:
    response = httpx.post(f"{live_server.url}/api/v1/brand-kits", json={"name": name, **KIT, **fields},
                          headers={"Authorization": f"Bearer {auth['access_token']}"})
    response.raise_for_status()
    return response.json()["id"]


def _generation(live_server, user_id: str):
    """The user's (first) generation and the ids of their uploads."""
    from sqlalchemy import select

    from routix.store.models import Asset, GenerationRequest

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with live_server.services.db.session() as session:
            mine = select(GenerationRequest).where(GenerationRequest.user_id == uuid.UUID(user_id))
            row = session.scalars(mine).first()
            if row is not None:
                session.expunge(row)
                assets = session.scalars(select(Asset.id).where(Asset.user_id == uuid.UUID(user_id))).all()
                return row, [str(a) for a in assets]
        time.sleep(0.1)
    raise AssertionError("no generation was created")


def test_role_preset_and_kit_go_into_the_generation(page, live_server):
    auth = api_account(live_server, "Composer")
    _kit(live_server, auth, "Weekly Show", is_default=True)
    pasta = _kit(live_server, auth, "Pasta Lab", primary_color="#7A1F5C")
    sign_in(page, auth)
    page.goto("/")
    pills = page.locator("#composer-pills")
    expect(pills).to_have_text("Brand kit:Weekly Show")  # the default kit, preselected

    photo = unique_upload("coffee.jpg", "coffee.jpg")
    page.locator("#file-input").set_input_files(
        files=[{"name": photo["name"], "mimeType": photo["type"], "buffer": base64.b64decode(photo["b64"])}])
    chip = page.locator("#attachments li.attachment")
    expect(chip).not_to_have_class(re.compile("is-uploading"))
    role = chip.get_by_label("Use this image as")
    expect(role).to_have_value("")
    expect(role.locator("option")).to_have_text(["Auto (guessed)", "Person", "Object/product", "Logo",
                                                 "Scene/background", "Style reference", "Layout reference"])
    role.select_option(label="Object/product")

    page.get_by_role("button", name="Style", exact=True).click()
    picker = page.get_by_role("dialog", name="Choose a style")
    expect(picker).to_be_visible()
    cards = picker.locator(".preset-card[data-preset]")
    expect(cards).to_have_count(12)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.preset-card img')].every((i) => i.complete && i.naturalWidth === 320)",
        timeout=60_000)
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN) == []  # no serious or critical violation with the picker open
    page.screenshot(path=str(SHOT))
    if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
        DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHOT, DOCS_SHOT)
    picker.get_by_role("button", name=re.compile("^Neon")).click()
    expect(picker).to_be_hidden()
    expect(pills).to_contain_text("Style:Neon")

    page.get_by_role("button", name="Brand kit", exact=True).click()
    kits = page.get_by_role("dialog", name="Choose a brand kit")
    expect(kits.locator(".kit-choice[aria-pressed=true]")).to_contain_text("Weekly Show")
    kits.screenshot(path=str(KITS_SHOT))
    page.keyboard.press("Escape")
    expect(kits).to_be_hidden()
    expect(page.get_by_role("button", name="Brand kit", exact=True)).to_be_focused()  # focus comes back
    page.get_by_role("button", name="Brand kit", exact=True).click()
    kits.get_by_role("button", name=re.compile("^Pasta Lab")).click()
    expect(pills).to_contain_text("Brand kit:Pasta Lab")
    page.locator("#composer").screenshot(path=str(PILLS_SHOT))
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN) == []

    page.get_by_label("Message").fill("Cooking video thumbnail: 5-minute creamy pasta")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}$"))
    uploaded = page.locator("li.msg-user[data-type=file_upload]")
    expect(uploaded.locator("img")).to_have_attribute("alt", "Your image, used as: Object/product")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    expect(page.locator(".progress-card")).to_be_visible()

    row, asset_ids = _generation(live_server, auth["user"]["id"])
    assert row.inputs == [{"asset_id": asset_ids[0], "role": "object", "mode": None}] and len(asset_ids) == 1
    assert row.face_asset_ids == [] and row.logo_asset_id is None
    assert row.style_preference == "neon" and row.brand_kit_id == uuid.UUID(pasta)

    # a sent image can be used again, with another role, for the next thumbnail
    uploaded.get_by_label("Use this image in the next thumbnail as").select_option(label="Scene/background")
    expect(uploaded).to_have_count(2)
    expect(uploaded.nth(1).locator("img")).to_have_attribute("alt", "Your image, used as: Scene/background")
    expect(uploaded.nth(0).get_by_label("Use this image in the next thumbnail as")).to_have_value("-")

    page.reload()  # the chat's own choices come back over the default kit
    expect(pills).to_contain_text("Style:Neon")
    expect(pills).to_contain_text("Brand kit:Pasta Lab")
    pills.get_by_role("button", name="Remove the brand kit Pasta Lab").click()
    expect(pills).not_to_contain_text("Brand kit")
    assert page.console_errors == []


def test_the_pickers_work_from_the_keyboard_on_a_phone(new_page, live_server):
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    auth = api_account(live_server, "Phone")
    sign_in(page, auth)
    page.goto("/")
    style = page.get_by_role("button", name="Style", exact=True)
    style.focus()
    page.keyboard.press("Enter")
    picker = page.get_by_role("dialog", name="Choose a style")
    expect(picker.locator(".preset-card[data-preset]")).to_have_count(12)
    expect(picker.get_by_role("button", name=re.compile("^No style"))).to_be_focused()  # the current choice
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first preset
    expect(picker).to_be_hidden()
    expect(page.locator("#composer-pills")).to_have_text("Style:Bold reaction")
    page.get_by_role("button", name="Brand kit", exact=True).click()
    kits = page.get_by_role("dialog", name="Choose a brand kit")
    expect(kits).to_contain_text("You have no brand kits yet.")
    expect(kits.get_by_role("link", name="Create one")).to_have_attribute("href", "/brand-kits")
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.locator("#composer").screenshot(path="/tmp/composer-phone.png")
    assert page.console_errors == []
