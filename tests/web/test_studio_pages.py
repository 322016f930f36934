"""Every studio and admin page at 1440 and 390 px wide: an accessibility pass with axe-core (no
serious or critical violation), no sideways scroll, no console error, and (with
``ROUTIX_SCREENSHOTS=1``) a screenshot into ``docs/screenshots/pages/<page>-<width>.png``.

axe-core (MPL-2.0) is vendored in ``tests/web/vendor/axe.min.js`` and evaluated in the page; the
contexts bypass the pages' CSP for that (the CSP itself is tested in test_web_pages.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from web.admin_helpers import DROP, sign_in_with_cookie, unique_upload
from web.studio_seed import Seed, seed

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "pages"
WIDTHS = {1440: 900, 390: 844}
#: name -> (path, who: guest | user | admin, a selector that is visible once the page has its content)
PAGES = {
    "landing": ("/welcome", "guest", ".hero-title"),
    "login": ("/login", "guest", "#auth-form"),
    "register": ("/register", "guest", "#auth-form"),
    "not-found": ("/c/not-a-chat", "guest", ".auth-title"),
    "welcome": ("/", "user", ".welcome-title"),
    "chat": ("/c/{conversation_id}", "user", ".result-card .result-image img"),
    "chat-choice": ("/c/{choice_id}", "user", ".algo-card"),
    "gallery": ("/gallery", "user", ".gallery-card"),
    "api-keys": ("/settings/api-keys", "user", "main h1, main h2"),
    "admin-forbidden": ("/admin", "user", "main"),
    "admin-dashboard": ("/admin", "admin", "#chart svg.chart"),
    "admin-users": ("/admin/users", "admin", "#user-rows > tr"),
    "admin-algorithms": ("/admin/algorithms", "admin", "article.algo-admin"),
    "admin-templates": ("/admin/templates", "admin", ".template-card"),
    "admin-template-dna": ("/admin/templates/{template_id}", "admin", ".dna-frame img"),
    "admin-audit": ("/admin/audit", "admin", "#audit-rows > tr"),
    "admin-system": ("/admin/system", "admin", ".health-card"),
}
AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary) }));
}"""


@pytest.fixture(scope="module")
def world(browser, live_server) -> tuple[Seed, str]:
    """The seeded accounts and one analysed template (uploaded through the admin page)."""
    data = seed(live_server)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
    try:
        page = context.new_page()
        sign_in_with_cookie(page, data.admin)
        page.goto("/admin/templates")
        expect(page.locator("#template-grid")).to_have_attribute("aria-busy", "false", timeout=60_000)
        page.evaluate(DROP, [unique_upload("astronaut.jpg", "pages-astronaut.jpg")])
        row = page.locator('#uploads li[data-file-name="pages-astronaut.jpg"]')
        expect(row.locator(".status-pill")).to_have_text("Analyzed", timeout=120_000)
        template_id = row.get_attribute("data-template-id")
    finally:
        context.close()
    return data, str(template_id)


def _open(browser, live_server, world, name: str, width: int):
    data, template_id = world
    path, who, ready = PAGES[name]
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, base_url=live_server.url,
                                  bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if who == "user":
        sign_in_with_cookie(page, data.user)
    elif who == "admin":
        sign_in_with_cookie(page, data.admin)
    page.goto(path.format(conversation_id=data.conversation_id, choice_id=data.choice_id, template_id=template_id))
    expect(page.locator(ready).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.images].every((i) => i.complete || i.loading === 'lazy')")
    return context, page, errors


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits(browser, live_server, world, name, width):
    context, page, errors = _open(browser, live_server, world, name, width)
    try:
        scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert scroll <= 0, f"{name} at {width} px scrolls sideways by {scroll} px"
        if os.environ.get("ROUTIX_SCREENSHOTS") == "1":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.evaluate("document.querySelectorAll('.toasts').forEach((t) => t.replaceChildren())")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=name == "landing")
        page.evaluate(AXE)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{name} at {width} px: {violations}"
        assert errors == []
    finally:
        context.close()

