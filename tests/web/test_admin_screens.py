"""Screenshots of the admin pages for docs/admin.md (run with ROUTIX_ADMIN_SCREENSHOTS=1).

Seeds a little history first: real generations through the API (backdated over two weeks in the
database so the chart has shape), a credit grant, and two uploaded templates. Each page must
show its content (no empty states) before it is captured, at 1440 px and once at 390 px.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from web.admin_helpers import DROP, make_admin, sign_in_with_cookie, upload_file
from web.conftest import api_account, make_generations

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PROMPTS = ["Gaming: boss fight at midnight", "Tech review: budget phone", "Cooking: ramen in 10 minutes",
           "Travel vlog: Lisbon", "Fitness: 20 minute workout", "Finance: index funds explained",
           "Podcast: episode 12", "Music: guitar cover"]

pytestmark = pytest.mark.skipif(os.environ.get("ROUTIX_ADMIN_SCREENSHOTS") != "1",
                                reason="set ROUTIX_ADMIN_SCREENSHOTS=1 to refresh docs/screenshots/admin-*.png")


def _backdate(live_server, ids: list[str]) -> None:
    import uuid

    from routix.store.models import GenerationRequest

    with live_server.services.db.session() as session:
        for index, gid in enumerate(ids):
            row = session.get(GenerationRequest, uuid.UUID(gid))
            shift = timedelta(days=(index * 5) % 13 + 1)
            row.created_at -= shift
            if row.completed_at:
                row.completed_at -= shift
        session.commit()


def _shot(page, name: str) -> None:
    page.evaluate("document.getElementById('toasts').replaceChildren()")  # no half-faded notices
    page.screenshot(path=str(SHOTS / name))


def test_admin_screenshots(new_page, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    maker = api_account(live_server, "Maker")
    done = make_generations(live_server, maker, PROMPTS)
    _backdate(live_server, [d["id"] for d in done[: len(PROMPTS) - 2]])
    make_generations(live_server, api_account(live_server, "Second"), PROMPTS[:3])
    for name in ("Lena", "Omar", "Priya"):
        api_account(live_server, name)
    admin = make_admin(live_server, "Ada")
    page = new_page(1440, 900)
    sign_in_with_cookie(page, admin)

    page.goto("/admin/users")
    page.get_by_label("Search").fill(maker["user"]["email"])
    expect(page.locator("#user-rows > tr")).to_have_count(1)
    page.get_by_role("button", name=re.compile("^Manage ")).click()
    page.get_by_label("Credits (+ grant, − deduct)").fill("25")
    page.get_by_label("Reason").fill("Launch week bonus")
    page.get_by_role("button", name="Apply credits").click()
    expect(page.locator('[data-fact="credits"]')).not_to_have_text("–")
    page.keyboard.press("Escape")
    page.get_by_label("Search").fill("")
    expect(page.locator("#user-rows > tr").nth(5)).to_be_visible()
    _shot(page, "admin-users.png")

    page.goto("/admin/templates")
    page.locator("#upload-category").select_option("travel")
    page.locator("#upload-tags").fill("space, portrait")
    page.evaluate(DROP, [upload_file("astronaut.jpg"), upload_file("coffee.jpg")])
    row = page.locator('#uploads li[data-file-name="astronaut.jpg"]')
    expect(row.locator(".status-pill")).to_have_text("Analyzed", timeout=120_000)
    pill = page.locator('#uploads li[data-file-name="coffee.jpg"] .status-pill')
    expect(pill).to_have_text("Analyzed", timeout=120_000)
    page.wait_for_function("() => [...document.querySelectorAll('.template-card img')].slice(0, 8)"
                           ".every((i) => i.complete && i.naturalWidth)")
    _shot(page, "admin-templates.png")

    page.goto(f"/admin/templates/{row.get_attribute('data-template-id')}")
    expect(page.locator(".swatch").first).to_be_visible()
    page.wait_for_function("() => { const i = document.querySelector('.dna-frame img'); "
                           "return i && i.complete && i.naturalWidth; }")
    _shot(page, "admin-template-dna.png")

    page.goto("/admin?days=30")
    expect(page.locator("#chart svg rect.bar-completed").first).to_be_visible()
    expect(page.locator("#algo-rows tr").first).to_contain_text("lightning")
    _shot(page, "admin-dashboard.png")

    page.goto("/admin/system")
    expect(page.locator('.health-card[data-service="database"]')).to_be_visible()
    _shot(page, "admin-system.png")
    page.goto("/admin/audit")
    expect(page.locator("#audit-rows > tr").first).to_be_visible()
    _shot(page, "admin-audit.png")
    page.goto("/admin/algorithms")
    expect(page.locator("article.algo-admin").first).to_be_visible()
    _shot(page, "admin-algorithms.png")

    phone = new_page(390, 844)
    sign_in_with_cookie(phone, admin)
    phone.goto("/admin")
    expect(phone.locator("#chart svg rect.bar-completed").first).to_be_visible()
    _shot(phone, "admin-dashboard-390.png")
    phone.goto("/admin/templates")
    expect(phone.locator(".template-card").first).to_be_visible()
    _shot(phone, "admin-templates-390.png")
