"""The template library page in Chromium: drag-and-drop bulk upload with per-file progress,
cards turning analysed, the DNA page (swatches, energy, a face box over a face photo), edits."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from web.admin_helpers import (
    DROP,
    FIXTURES,
    make_admin,
    sign_in_with_cookie,
    upload_file,
)

#: Upload + analysis of two photos on the embedded worker pool (an upper bound, not asserted as a timing).
ANALYSIS_TIMEOUT_MS = 120_000


def test_drop_upload_shows_progress_then_analysed_cards_and_the_dna_page(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server, "Curator"))
    page.goto("/admin/templates")
    expect(page.locator("#template-grid")).to_have_attribute("aria-busy", "false")
    page.locator("#upload-category").select_option("travel")
    page.locator("#upload-tags").fill("space, portrait")
    page.locator("#upload-description").fill("An astronaut portrait with the flag behind")

    not_an_image = {"name": "notes.txt", "type": "text/plain", "b64": ""}
    page.evaluate(DROP, [upload_file("astronaut.jpg"), upload_file("coffee.jpg"), not_an_image])
    uploads = page.locator("#uploads li.upload")
    expect(uploads).to_have_count(2)  # the .txt file is not uploaded
    for name in ("astronaut.jpg", "coffee.jpg"):
        row = page.locator(f'#uploads li[data-file-name="{name}"]')
        expect(row.locator(".upload-pct")).to_have_text("100 %")
        expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
        expect(row).to_have_attribute("data-template-id", re.compile(r"^[0-9a-f-]{36}$"))
    broken = {"name": "broken.png", "type": "image/png", "b64": "bm90IGFuIGltYWdl"}  # "not an image"
    page.evaluate(DROP, [broken])
    broken_row = page.locator('#uploads li[data-file-name="broken.png"]')
    expect(broken_row.locator(".upload-error")).to_be_visible()
    assert broken_row.get_attribute("data-template-id") is None
    for name in ("astronaut.jpg", "coffee.jpg"):
        status = page.locator(f'#uploads li[data-file-name="{name}"] .status-pill')
        expect(status).to_have_text(re.compile("^(Analyzed|Failed)$"), timeout=ANALYSIS_TIMEOUT_MS)
        assert status.inner_text() == "Analyzed", f"{name}: analysis failed"

    astronaut_id = page.locator('#uploads li[data-file-name="astronaut.jpg"]').get_attribute("data-template-id")
    card = page.locator(f'article.template-card[data-template-id="{astronaut_id}"]')
    expect(card).to_have_attribute("data-status", "analyzed")
    expect(card.locator(".status-pill")).to_have_text("Analyzed")
    expect(card).to_contain_text("travel")
    page.wait_for_function(
        "(id) => { const img = document.querySelector(`[data-template-id='${id}'] img`); "
        "return img && img.complete && img.naturalWidth > 0; }",
        arg=astronaut_id)
    src = card.locator("img").get_attribute("src")
    assert re.search(r"/files/templates/.+\?.*exp", src), f"a signed, expiring blob URL: {src}"

    page.get_by_label("Status").select_option("failed")
    expect(card).to_have_count(0)
    page.get_by_label("Status").select_option("analyzed")
    expect(card).to_have_count(1)

    card.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/admin/templates/{astronaut_id}$"))
    expect(page.locator("#template-detail")).to_have_attribute("aria-busy", "false")
    swatches = page.locator(".swatch")
    assert 3 <= swatches.count() <= 6
    expect(swatches.first.locator(".swatch-hex")).to_have_text(re.compile(r"^#[0-9A-Fa-f]{6}$"))
    expect(swatches.first.locator(".swatch-share")).to_have_text(re.compile(r"^\d+\.\d %$"))
    faces = page.locator(".dna-overlay .dna-face rect")
    assert faces.count() >= 1, "the astronaut's face is drawn over the image"
    box = faces.first.bounding_box()
    frame = page.locator(".dna-frame").bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    assert 0 < box["width"] < frame["width"] and 0 < box["height"] < frame["height"]
    meter = page.get_by_role("meter")
    assert 1 <= int(meter.get_attribute("aria-valuenow")) <= 10
    expect(page.locator('[data-fact="layout"]')).not_to_have_text("–")
    expect(page.locator('[data-fact="background"]')).to_have_text(re.compile("^(solid|gradient|photo|pattern)$"))
    expect(page.locator('[data-fact="background"] .mini-chip').first).to_be_visible()

    # edit: tags and description go through PATCH and survive a reload; deactivate
    page.get_by_label("Tags").fill("space, astronaut, nasa")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".toast")).to_contain_text("Template saved")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Tags")).to_have_value("space, astronaut, nasa")
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    assert page.console_errors == [], page.console_errors


def test_starter_templates_show_their_skeleton_preview(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server))
    page.goto("/admin/templates?")
    page.get_by_label("Source").select_option("starter")
    cards = page.locator("article.template-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 10
    page.wait_for_function("() => { const img = document.querySelector('article.template-card img'); "
                           "return img && img.complete && img.naturalWidth > 0; }")
    expect(cards.first.locator(".status-pill")).to_have_text("Analyzed")
    cards.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/templates/[0-9a-f-]{36}$"))
    expect(page.locator("#template-detail")).to_have_attribute("aria-busy", "false")
    page.wait_for_function("() => { const i = document.querySelector('.dna-frame img'); "
                           "return i && i.complete && i.naturalWidth > 0; }")
    expect(page.locator(".slot-list li").first).to_be_visible()  # a starter has a skeleton, no DNA image
    assert page.console_errors == [], page.console_errors


def test_file_picker_upload_retry_of_a_failed_analysis_and_delete(page, live_server):
    import uuid

    from routix.store.models import TemplateRecord

    sign_in_with_cookie(page, make_admin(live_server, "Fixer"))
    page.goto("/admin/templates")
    page.locator("#file-input").set_input_files(str(FIXTURES / "chelsea.jpg"))
    row = page.locator('#uploads li[data-file-name="chelsea.jpg"]')
    expect(row.locator(".upload-pct")).to_have_text("100 %")
    expect(row.locator(".status-pill")).to_have_text("Analyzed", timeout=ANALYSIS_TIMEOUT_MS)
    template_id = row.get_attribute("data-template-id")

    with live_server.services.db.session() as session:  # as if the analysis had crashed
        record = session.get(TemplateRecord, uuid.UUID(template_id))
        record.status, record.analysis_error = "failed", "worker lost (test)"
        session.commit()
    page.get_by_label("Status").select_option("failed")
    card = page.locator(f'article.template-card[data-template-id="{template_id}"]')
    expect(card.locator(".template-error")).to_have_text("worker lost (test)")
    card.get_by_role("button", name="Retry analysis").click()
    expect(page.locator(".toast")).to_contain_text("Analysis queued again")
    page.get_by_label("Status").select_option("")
    expect(card.locator(".status-pill")).to_have_text("Analyzed", timeout=ANALYSIS_TIMEOUT_MS)

    card.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/admin/templates/{template_id}$"))
    expect(page.locator(".swatch").first).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(re.compile(r"/admin/templates$"))
    expect(page.locator("#template-grid")).to_have_attribute("aria-busy", "false")
    expect(page.locator(f'article.template-card[data-template-id="{template_id}"]')).to_have_count(0)
    assert page.goto(f"/admin/templates/{template_id}").status == 200
    expect(page.get_by_role("heading", name="No such template")).to_be_visible()
