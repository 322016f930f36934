"""The editor and the A/B compare in Chromium: open the editor on a result, drag the title,
retype it in place, save -> a new version whose design has the moved box and the new text;
compare two versions side by side and keep one; resize with the handle, nudge with the arrow
keys, font, colour and hide, all saved as one patch."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from playwright.sync_api import expect

from routix.store.models import GenerationRequest
from web.conftest import GENERATION_TIMEOUT_MS, register
from web.test_studio_pages import AXE, AXE_RUN

DOC_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shots(tmp_path: Path) -> Path:
    """Where screenshots go: docs/screenshots with ROUTIX_SCREENSHOTS=1, else the test's tmp dir."""
    return DOC_SHOTS if os.environ.get("ROUTIX_SCREENSHOTS") == "1" else tmp_path


def _row(live_server, request_id: str) -> GenerationRequest:
    with live_server.services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(request_id))
        session.expunge(row)
        return row


def _layer(design: dict, layer_id: str) -> dict:
    return next(layer for layer in design["layers"] if layer["id"] == layer_id)


def _first_result(page, prompt: str):
    register(page)
    page.get_by_label("Message").fill(prompt)
    page.get_by_label("Message").press("Enter")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    skip = page.get_by_role("button", name="Skip, generate without")
    expect(skip).to_be_enabled()
    skip.click()
    cards = page.locator("li[data-type=thumbnail_result] .result-card")
    expect(cards.locator(".result-image img")).to_have_count(1, timeout=GENERATION_TIMEOUT_MS)
    return cards


def test_editor_drag_retype_save_and_compare(page, live_server, tmp_path):
    cards = _first_result(page, "Tech review thumbnail: tiny drone, title 'Tiny Drone Big Deal'")
    first = cards.nth(0)
    first_id = first.get_attribute("data-request-id")
    before = _row(live_server, first_id).design
    title_before = _layer(before, "title")

    first.screenshot(path=str(tmp_path / "card.png"))  # the Edit button among the card's actions
    first.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit thumbnail")
    expect(dialog).to_be_visible()
    stage = dialog.locator(".editor-stage")
    title = dialog.locator('.layer-box[data-layer="title"]')
    expect(title).to_be_visible()
    expect(dialog.locator(".guide-badge")).to_be_visible()
    expect(dialog.locator(".layer-box")).to_have_count(len([x for x in before["layers"] if x["kind"] != "background"]))
    save = dialog.get_by_role("button", name="Save as new version")
    expect(save).to_be_disabled()  # nothing changed yet

    # drag the title down-right by a tenth of the canvas width and of its height
    stage_box = stage.bounding_box()
    box = title.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    dx, dy = stage_box["width"] * 0.1, stage_box["height"] * 0.1
    start = title_before["box"]
    right = 1 - start["x"] - start["w"] >= start["x"]  # towards the side with more room
    down = 1 - start["y"] - start["h"] >= start["y"]
    dx, dy = (dx if right else -dx), (dy if down else -dy)
    # the title stays inside the canvas: where the box should land
    expected_x = min(max(start["x"] + (0.1 if right else -0.1), 0), 1 - start["w"])
    expected_y = min(max(start["y"] + (0.1 if down else -0.1), 0), 1 - start["h"])
    assert abs(expected_y - start["y"]) > 0.05  # the drag really moves it
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()
    expect(dialog.locator(".layer-ghost")).to_have_count(1)

    # retype it in place
    title.dblclick()
    inline = dialog.get_by_label("Edit the title in place")
    inline.fill("Small Drone Huge Deal")
    inline.press("Enter")
    expect(dialog.locator(".text-preview")).to_have_text("SMALL DRONE HUGE DEAL")
    expect(save).to_be_enabled()
    dialog.screenshot(path=_shots(tmp_path) / "editor.png")
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN) == []  # no serious or critical accessibility violation

    save.click()
    expect(dialog).to_be_hidden()
    expect(cards.locator(".result-image img")).to_have_count(2, timeout=GENERATION_TIMEOUT_MS)
    second = cards.nth(1)
    edited = _row(live_server, second.get_attribute("data-request-id"))
    assert edited.kind == "edit" and str(edited.parent_id) == first_id
    assert [op["op"] for op in edited.edit["patch"]["ops"]] == ["set_text", "move"]
    title_after = _layer(edited.design, "title")
    assert title_after["text"] == "Small Drone Huge Deal"
    assert abs(title_after["box"]["x"] - expected_x) < 0.01, (start, title_after["box"])
    assert abs(title_after["box"]["y"] - expected_y) < 0.01, (start, title_after["box"])
    assert abs(title_after["box"]["w"] - start["w"]) < 1e-3  # moved, not resized

    # A/B: the edited card against the original, keep the original
    compare = second.get_by_role("button", name="Compare")
    expect(compare).to_be_visible()
    compare.click()
    ab = page.get_by_role("dialog", name="Compare two versions")
    images = ab.locator(".compare-img")
    expect(images).to_have_count(2)
    sources = [images.nth(i).get_attribute("src") for i in range(2)]
    assert sources[0] != sources[1]
    assert "/thumbnail.jpg" in sources[0] or "thumbnail" in sources[0]
    for i in range(2):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth") == 1280
    ab.screenshot(path=_shots(tmp_path) / "editor-compare.png")
    assert page.evaluate(AXE_RUN) == []
    ab.locator('[data-side="A"]').get_by_role("button", name="Keep this one").click()
    expect(ab).to_be_hidden()
    expect(cards.nth(1)).to_have_attribute("data-request-id", first_id)
    expect(cards.nth(1)).to_have_class(re.compile(r"\bis-kept\b"))
    assert _kept(live_server, first_id) is None  # keeping the first version keeps no other

    # on the first card (its strip now has both versions), keep the edit: the server keeps it
    edited_id = str(edited.id)
    page.reload()
    expect(cards.locator(".result-image img")).to_have_count(2, timeout=GENERATION_TIMEOUT_MS)
    expect(cards.nth(1)).to_have_attribute("data-request-id", edited_id)  # each card its own version again
    cards.nth(0).get_by_role("button", name="Compare").click()
    expect(ab).to_be_visible()
    ab.locator('[data-side="A"]').get_by_role("button", name="Keep this one").click()
    expect(cards.nth(0)).to_have_attribute("data-request-id", edited_id)
    expect(cards.nth(0)).to_have_class(re.compile(r"\bis-kept\b"))
    assert _kept(live_server, first_id) == edited_id
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('routix:kept'))") == []

    page.reload()  # the choice is the server's: the first card shows the kept version, marked in the strip
    expect(cards.locator(".result-image img")).to_have_count(2, timeout=GENERATION_TIMEOUT_MS)
    expect(cards.nth(0)).to_have_attribute("data-request-id", edited_id)
    expect(cards.nth(1).locator(".version-chip.is-kept")).to_have_attribute("data-version-id", edited_id)
    cards.nth(0).screenshot(path=_shots(tmp_path) / "editor-kept.png")
    assert not page.console_errors


def _kept(server, version_id: str) -> str | None:
    kept = _row(server, version_id).kept_version_id
    return str(kept) if kept else None


def test_editor_resize_keyboard_font_colour_and_hide_are_one_patch(page, live_server):
    cards = _first_result(page, "Cooking video thumbnail: a chef with pasta, title 'Pasta In 5 Minutes'")
    first = cards.nth(0)
    before = _row(live_server, first.get_attribute("data-request-id")).design
    images = [x for x in before["layers"] if x["kind"] == "image"]
    subject = next((x for x in images if x.get("slot") == "subject"), images[0])  # the photo, else the hero art

    first.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit thumbnail")
    dialog.get_by_label("Font").select_option("bangers")
    dialog.get_by_label("Colour", exact=True).fill("#ffd400")
    # shrink the title by a tenth of the canvas width with its corner handle
    title_before = _layer(before, "title")
    stage = dialog.locator(".editor-stage").bounding_box()
    handle = dialog.locator('.layer-box[data-layer="title"] .resize-handle').bounding_box()
    hx, hy = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx - stage["width"] * 0.1, hy, steps=5)
    page.mouse.up()
    box = dialog.locator(f'.layer-box[data-layer="{subject["id"]}"]')
    box.focus()
    for _ in range(3):
        box.press("ArrowLeft")  # 3 x 1 % of the width
    dialog.get_by_label(f"Show the {subject.get('name') or subject['id']} layer").uncheck()
    expect(dialog.locator(f'.layer-box[data-layer="{subject["id"]}"].is-hidden')).to_have_count(1)
    dialog.get_by_role("button", name="Save as new version").click()
    expect(cards.locator(".result-image img")).to_have_count(2, timeout=GENERATION_TIMEOUT_MS)
    edited = _row(live_server, cards.nth(1).get_attribute("data-request-id"))
    ops = edited.edit["patch"]["ops"]
    assert {op["op"] for op in ops} >= {"set_font", "set_color", "set_visible"}
    assert {"move", "shift"} & {op["op"] for op in ops}
    title = _layer(edited.design, "title")
    assert title["font"] == "bangers" and title["fill"] == {"type": "solid", "color": "#FFD400"}
    after = _layer(edited.design, subject["id"])
    assert after["visible"] is False
    assert abs(after["box"]["x"] - (subject["box"]["x"] - 0.03)) < 0.005, (subject["box"], after["box"])
    assert abs(after["box"]["y"] - subject["box"]["y"]) < 1e-3
    title_box = _layer(edited.design, "title")["box"]
    assert abs(title_box["w"] - (title_before["box"]["w"] - 0.1)) < 0.01, (title_before["box"], title_box)
    assert abs(title_box["x"] - title_before["box"]["x"]) < 1e-3
    assert abs(title_box["y"] - title_before["box"]["y"]) < 1e-3
    assert not page.console_errors


PATCH_JS = """async ([design, moves]) => {
  const m = await import('/static/js/editor/patch.js');
  const original = m.editableLayers(design);
  const edited = m.cloneLayers(original);
  for (const [id, box] of Object.entries(moves)) {
    const layer = edited.find((l) => l.id === id);
    layer.box = m.constrain(box, layer.kind);
  }
  const unchanged = m.buildPatch(original, m.cloneLayers(original));
  let tooMany = null;
  const many = m.cloneLayers(original);
  for (const layer of many) {  // 2 text layers x 5 changes + subject x 2 + glow card x 2 = 14
    layer.visible = false;
    if (layer.color) layer.color = '#123456';
    if (layer.movable) layer.box = { ...layer.box, x: layer.box.x / 2 };
    if (layer.kind === 'text') { layer.text = 'New words'; layer.font = 'bangers'; }
  }
  try { m.buildPatch(original, many); } catch (error) { tooMany = error.message; }
  return { patch: m.buildPatch(original, edited), unchanged, tooMany };
}"""


def test_the_editors_patch_lands_the_boxes_where_they_were_dropped(page, live_server):
    """patch.js (in the page) -> EditPatch -> apply_edit: a box on the canvas is a ``move``; a
    cut-out dropped bleeding off the bottom is ``resize`` + ``shift`` and lands where dropped."""
    from PIL import Image

    from routix.design.models import Design
    from routix.edit import EditPatch, apply_edit
    from routix.edit.assets import EditAssets

    source = (Path(__file__).resolve().parents[1] / "fixtures" / "edit" / "design.json").read_text()
    design = Design.from_json(source)
    page.goto(f"{live_server.url}/login")
    targets = {"subject": {"x": 0.1, "y": 0.0, "w": 0.6, "h": 1.176},  # 20 % larger, bleeds off the bottom
               "title": {"x": 0.5, "y": 0.3, "w": 0.41, "h": 0.54}}
    answer = page.evaluate(PATCH_JS, [design.model_dump(mode="json"), targets])
    assert answer["unchanged"] is None
    assert "Too many changes" in answer["tooMany"]
    ops = answer["patch"]["ops"]
    assert [op["op"] for op in ops] == ["resize", "shift", "move"]
    assets = EditAssets({"assets/subject-1.png": Image.new("RGBA", (40, 80), (200, 150, 120, 255))})
    after = apply_edit(design, EditPatch.model_validate(answer["patch"]), assets=assets, images={},
                       icon_image=lambda name: Image.new("RGBA", (16, 16)))
    for layer_id, target in targets.items():
        box = next(layer for layer in after.layers if layer.id == layer_id).box
        for key, value in target.items():
            assert abs(getattr(box, key) - value) < 0.005, (layer_id, box, target)
