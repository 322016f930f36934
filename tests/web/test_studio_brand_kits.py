"""The brand kit page: create a kit with colours, an uploaded font and a logo; a refused font
shows the server's reason; make another kit the default; delete. The screenshot goes to
docs/img/brand-kits.png (looked at when the page changes)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
from playwright.sync_api import expect

from web.conftest import api_account, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif-Bold.ttf"
LOGO = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "skimage_logo.png"


def test_brand_kit_page_creates_lists_and_deletes(page, live_server, tmp_path):
    sign_in(page, api_account(live_server))
    page.goto("/brand-kits")
    expect(page.get_by_role("heading", name="Brand kits", exact=True)).to_be_visible()
    expect(page.locator("#kit-empty")).to_be_visible()

    page.get_by_label("Name").fill("Pasta Lab")
    page.get_by_label("Primary colour").fill("#0b6e4f")
    page.get_by_label("Secondary colour").fill("#f4f1ea")
    page.get_by_label("Accent colour").fill("#e4572e")
    page.get_by_label("Or upload a font (TTF, OTF, WOFF, WOFF2)").set_input_files(str(FONT))
    page.get_by_label("Logo (PNG, JPEG or WebP)").set_input_files(str(LOGO))
    page.get_by_label("Make it my default kit").check()
    page.get_by_role("button", name="Save the kit").click()

    card = page.locator("li.kit-card").filter(has_text="Pasta Lab")
    expect(card).to_be_visible()
    expect(card).to_contain_text("DejaVuSerif-Bold.ttf (uploaded)")
    expect(card).to_contain_text("Default")
    expect(card.locator("img.kit-logo")).to_be_visible()
    expect(card.locator(".kit-swatch").first).to_have_attribute("title", "Primary #0B6E4F")

    garbage = tmp_path / "evil.ttf"
    garbage.write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 2000)
    page.get_by_label("Name").fill("Weekly Show")
    page.get_by_label("Bundled font").select_option("bebas")
    page.get_by_label("Or upload a font (TTF, OTF, WOFF, WOFF2)").set_input_files(str(garbage))
    page.get_by_role("button", name="Save the kit").click()
    expect(page.locator(".toast").filter(has_text="which was refused. The file is not a valid font")).to_be_visible()
    second = page.locator("li.kit-card").filter(has_text="Weekly Show")
    expect(second).to_contain_text("Title font: bebas")

    second.get_by_role("button", name="Make default").click()
    expect(second).to_contain_text("Default")
    expect(card.get_by_role("button", name="Make default")).to_be_visible()
    if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "brand-kits.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    second.get_by_role("button", name="Delete kit Weekly Show").click()
    expect(page.locator("li.kit-card")).to_have_count(1)
