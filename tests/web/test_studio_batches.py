"""The batch page from upload to export: sheet + photos in, columns mapped, row errors and the
estimate shown, started, the grid fills in, retry failed, a winner picked, exports downloaded.
Screenshots go to docs/img/ (looked at when the page changes)."""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from routix.store.models import GenerationRequest
from web.conftest import api_account, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
SHEET = "\n".join([
    "Video,Idea,Thumbnail text,Photo",
    "ep-101,calm lofi study music with rain,Study With Me,",
    "ep-102,epic gaming montage with explosions,Last One Standing,",
    "ep-103,,Missing idea,",
    "ep-104,podcast episode with a special guest,The Money Talk,guest.jpg",
    "ep-105,home cooking lemon pasta,15 Minute Pasta,",
    "ep-106,travel vlog two days in lisbon,Lisbon in 48h,nowhere.jpg",
]) + "\n"


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (210, 190, 170))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 70, 310, 230), fill=(225, 180, 150))
    draw.rectangle((140, 230, 340, 360), fill=(60, 80, 140))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def _shot(page, name: str) -> None:
    if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_batch_page_from_upload_to_export(page, live_server, tmp_path):
    sign_in(page, api_account(live_server))
    sheet, photos = tmp_path / "episodes.csv", tmp_path / "photos.zip"
    sheet.write_text(SHEET)
    with zipfile.ZipFile(photos, "w") as archive:
        archive.writestr("photos/guest.jpg", _photo())

    page.goto("/batches")
    expect(page.get_by_role("heading", name="Batches")).to_be_visible()
    page.get_by_label("Sheet (CSV or XLSX)").set_input_files(str(sheet))
    page.get_by_label("Photos (.zip, optional)").set_input_files(str(photos))
    page.get_by_role("button", name="Read the sheet").click()

    expect(page.locator("#map-step")).to_be_visible()
    expect(page.locator("#map-hint")).to_contain_text("6 rows in episodes.csv")
    expect(page.locator('select[data-field="prompt"]')).to_have_value("Idea")
    expect(page.locator('select[data-field="title"]')).to_have_value("Thumbnail text")
    expect(page.locator('select[data-field="face"]')).to_have_value("Photo")
    page.get_by_label("Variants per row (A/B)").fill("1")
    _shot(page, "batches-map.png")
    page.get_by_role("button", name="Check the rows").click()

    cards = page.locator("article.row-card")
    expect(cards).to_have_count(6)
    expect(page.locator("#batch-status")).to_have_text("Not started")
    expect(cards.nth(2)).to_contain_text("prompt is empty")
    expect(cards.nth(5)).to_contain_text("image 'nowhere.jpg' is not in the zip of images")
    expect(page.locator("#estimate")).to_contain_text("4rows to run")
    expect(page.locator("#estimate")).to_contain_text("2rows with errors (skipped)")
    _shot(page, "batches-check.png")

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#batch-status")).to_have_text("Finished", timeout=240_000)
    expect(page.locator("#counts")).to_contain_text("4 done")
    expect(page.locator("article.row-card .row-image img")).to_have_count(4)
    page.wait_for_function("() => [...document.querySelectorAll('.row-card img')]"
                           ".every(i => i.complete && i.naturalWidth)")
    expect(page.get_by_role("button", name="Retry failed")).to_be_hidden()

    first = cards.nth(0)
    # a finished row opens in the editor; saving makes a new version of the row's thumbnail
    first.get_by_role("button", name="Edit row 1").click()
    editor = page.get_by_role("dialog", name="Edit thumbnail")
    expect(editor).to_be_visible()
    expect(editor.locator(".layer-list li").first).to_be_visible()
    _shot(page, "batches-editor.png")
    editor.get_by_role("button", name="Cancel").click()
    expect(editor).to_be_hidden()
    expect(cards.nth(2).get_by_role("button", name="Edit row 3")).to_have_count(0)  # an invalid row has nothing to edit
    first.get_by_role("button", name="Variant 1").click()
    expect(first.get_by_role("button", name="Variant 1")).to_have_attribute("aria-pressed", "true")
    _shot(page, "batches-grid.png")
    # with a variant picked, the editor opens that variant (made a version of its own)
    first.get_by_role("button", name="Edit row 1").click()
    expect(editor).to_be_visible(timeout=60_000)
    src = editor.locator(".editor-stage img").first.get_attribute("src")
    with live_server.services.db.session() as session:
        shown = session.get(GenerationRequest, uuid.UUID(re.search(r"generations/([0-9a-f-]{36})/", src)[1]))
        assert (shown.kind, shown.status, shown.edit["variant"]) == ("variant", "completed", 1), src
    editor.get_by_role("button", name="Cancel").click()

    page.get_by_role("button", name="Errors").click()
    expect(cards).to_have_count(2)
    page.get_by_role("button", name="All").click()

    page.get_by_role("button", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r["status"] for r in rows] == ["completed", "completed", "invalid", "completed", "completed", "invalid"]
    assert rows[0]["winner"] == "1"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Images (.zip)").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert names == ["0001-ep-101.jpg", "0002-ep-102.jpg", "0004-ep-104.jpg", "0005-ep-105.jpg"]
    assert not page.console_errors, page.console_errors
