"""The reference pack page: upload three references at once (progress bars), reorder by drag
and drop and by the arrow buttons, switch a mode, crop one, save; share the pack and see it
read-only as the recipient ("Shared by ..."). The screenshot goes to docs/img/references.png
when ROUTIX_SCREENSHOTS=1 (and always to the test's temporary folder)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import httpx
from playwright.sync_api import expect

from web.admin_helpers import unique_upload
from web.conftest import api_account, sign_in
from web.test_studio_pages import AXE, AXE_RUN

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"


def _file(fixture: str, name: str) -> dict:
    upload = unique_upload(fixture, name)
    return {"name": upload["name"], "mimeType": upload["type"], "buffer": base64.b64decode(upload["b64"])}


def test_reference_pack_page_uploads_reorders_crops_and_shares(page, live_server, tmp_path):
    owner = api_account(live_server, "Rita")
    friend = api_account(live_server, "Sam")
    sign_in(page, owner)
    page.goto("/references")
    expect(page.get_by_role("heading", name="Reference packs", exact=True)).to_be_visible()
    expect(page.locator("#ref-empty")).to_be_visible()

    page.get_by_label("Pack name").fill("Space looks")
    files = [_file("photos/rocket.jpg", "rocket.jpg"), _file("photos/hubble_deep_field.jpg", "hubble.jpg"),
             _file("photos/coins.jpg", "coins.jpg")]
    page.get_by_label("Reference images (PNG, JPEG or WebP, several at once)").set_input_files(files)
    draft = page.locator("#ref-draft .ref-item")
    expect(draft).to_have_count(3)
    expect(page.locator("#ref-overall")).to_be_hidden(timeout=20_000)  # every upload finished

    draft.nth(2).drag_to(draft.nth(0))  # coins first
    page.get_by_role("button", name="Move image 2 of new pack down").click()  # rocket after hubble
    page.get_by_role("button", name="Mode of image 1 of new pack: Style only").click()
    page.get_by_role("button", name="Crop image 1 of new pack").click()
    dialog = page.locator("#crop-dialog")
    expect(dialog).to_be_visible()
    for field, value in (("Left %", "10"), ("Top %", "20"), ("Width %", "50"), ("Height %", "60")):
        dialog.get_by_label(field).fill(value)
    page.screenshot(path=str(tmp_path / "crop.png"))
    dialog.get_by_role("button", name="Apply crop").click()
    expect(draft.nth(0).locator(".ref-cropped")).to_be_visible()
    page.get_by_role("button", name="Save the pack").click()

    card = page.locator("li.ref-card").filter(has_text="Space looks")
    expect(card).to_be_visible()
    expect(card).to_contain_text("3 images")
    expect(card.locator(".ref-thumb img").first).to_have_js_property("complete", True)
    headers = {"Authorization": f"Bearer {owner['access_token']}"}
    pack = httpx.get(live_server.url + "/api/v1/reference-packs", headers=headers).json()["items"][0]
    names = [httpx.get(live_server.url + f"/api/v1/assets/{i['asset_id']}", headers=headers).json()["file_name"]
             for i in pack["items"]]
    assert names == ["coins.jpg", "hubble.jpg", "rocket.jpg"], names
    assert pack["items"][0]["mode"] == "style_and_composition" and pack["items"][1]["mode"] == "style_only"
    assert pack["items"][0]["crop"] == {"x": 0.1, "y": 0.2, "w": 0.5, "h": 0.6}

    card.get_by_role("button", name="Move image 1 of Space looks down").click()
    card.get_by_role("button", name="Save changes").click()
    expect(page.locator(".toast").filter(has_text='Changes to "Space looks" saved.')).to_be_visible()
    again = httpx.get(live_server.url + f"/api/v1/reference-packs/{pack['id']}", headers=headers).json()
    assert [i["asset_id"] for i in again["items"]] == [pack["items"][i]["asset_id"] for i in (1, 0, 2)]
    card.get_by_label("E-mail to share Space looks with").fill(friend["user"]["email"])
    card.get_by_role("button", name="Share").click()
    expect(page.locator(".toast").filter(has_text="can now see and use this pack")).to_be_visible()
    page.reload()  # the page as it opens, without the toasts
    expect(card.locator(".ref-thumb img").last).to_have_js_property("complete", True)
    page.screenshot(path=str(tmp_path / "references.png"), full_page=True)
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN) == []  # no serious or critical accessibility violation
    if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "references.png"), full_page=True)

    sign_in(page, friend)
    page.goto("/references")
    shared = page.locator("li.ref-card").filter(has_text="Space looks")
    expect(shared).to_contain_text("Shared by Rita")
    expect(shared.get_by_role("button")).to_have_count(0)  # read-only
    expect(shared.locator(".ref-thumb img").first).to_have_js_property("complete", True)
    page.screenshot(path=str(tmp_path / "shared.png"), full_page=True)
