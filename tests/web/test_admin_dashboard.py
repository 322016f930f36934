"""The admin dashboard pages in Chromium: analytics with the server-drawn chart, system health,
users (search, credits, plan, disable), algorithms (edit with server validation) and the audit log."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from web.admin_helpers import make_admin, sign_in_with_cookie
from web.conftest import api_account, make_generations

PROMPTS = ["Gaming: the final boss fight", "Cooking: ten minute ramen"]


def test_dashboard_draws_the_chart_and_prints_the_numbers(page, live_server):
    user = api_account(live_server, "Maker")
    statuses = make_generations(live_server, user, PROMPTS)
    assert all(s["status"] == "completed" for s in statuses), statuses
    sign_in_with_cookie(page, make_admin(live_server))

    page.goto("/admin")
    chart = page.locator("#chart svg")
    expect(chart).to_have_count(1)
    expect(chart.locator("title").first).to_have_text("Generations per day, last 30 days")
    assert chart.locator("g.bar").count() == 30
    assert chart.locator("rect.bar-completed").count() >= 1, "today's completed generations are drawn"
    today = chart.locator("g.bar").last
    assert int(today.get_attribute("data-total")) >= len(PROMPTS)
    expect(today.locator("title")).to_contain_text("completed")
    total = int(page.locator("#stat-total").inner_text().replace(",", ""))
    assert total >= len(PROMPTS)
    expect(page.locator("#stat-success")).to_have_text(re.compile(r"^\d+\.\d %$"))
    expect(page.locator("#stat-p50")).to_have_text(re.compile(r"\d s$"))
    expect(page.locator("#chart-summary")).to_contain_text(f"{total} generations in 30 days")
    expect(page.locator("#algo-rows tr", has_text="lightning")).to_have_count(1)

    page.get_by_role("button", name="7 days").click()
    expect(page.locator("#chart svg title").first).to_have_text("Generations per day, last 7 days")
    expect(page.get_by_role("button", name="7 days")).to_have_attribute("aria-pressed", "true")
    assert page.url.endswith("/admin?days=7")
    assert page.locator("#chart svg g.bar").count() == 7
    page.locator(".chart-numbers summary").click()
    expect(page.locator("#per-day-rows tr")).to_have_count(7)
    assert page.console_errors == [], page.console_errors


def _wait_for_calls(page, calls: list, count: int) -> None:
    for _ in range(100):
        if len(calls) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} calls to /api/v1/admin/system, saw {len(calls)}")


def test_system_page_shows_health_cards_and_jobs_and_refreshes_itself(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server))
    calls = []
    page.on("request", lambda request: request.url.endswith("/api/v1/admin/system") and calls.append(request.url))
    page.clock.install()
    page.goto("/admin/system")
    database = page.locator('.health-card[data-service="database"]')
    expect(database).to_contain_text("Healthy")
    expect(database).to_contain_text("sqlite")
    for service in ("storage", "queue", "events"):
        expect(page.locator(f'.health-card[data-service="{service}"]')).to_be_visible()
    expect(page.locator("#job-stats .stat")).to_have_count(5)
    expect(page.locator("#updated")).to_contain_text("Updated")
    expect(page.locator("#health-cards")).to_have_attribute("aria-busy", "false")
    _wait_for_calls(page, calls, 1)
    page.clock.run_for(10_500)  # the page asks again every 10 s
    _wait_for_calls(page, calls, 2)
    page.get_by_role("button", name="Refresh now").click()
    _wait_for_calls(page, calls, 3)
    assert page.console_errors == [], page.console_errors


def test_users_search_grant_credits_change_plan_disable_and_audit(page, live_server):
    target = api_account(live_server, "Target")
    email = target["user"]["email"]
    admin = make_admin(live_server, "Boss")
    sign_in_with_cookie(page, admin)

    page.goto("/admin/users")
    page.get_by_label("Search").fill(email)
    rows = page.locator("#user-rows tr")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text(email)
    credits_before = int(row.locator("td.num").first.inner_text().replace(",", ""))

    row.get_by_role("button", name=f"Manage {email}").click()
    panel = page.locator("dialog#user-panel")
    expect(panel).to_be_visible()
    panel.get_by_label("Credits (+ grant, − deduct)").fill("7")
    panel.get_by_label("Reason").fill("support ticket 42")
    panel.get_by_role("button", name="Apply credits").click()
    expect(panel.locator('[data-fact="credits"]')).to_have_text(str(credits_before + 7))
    expect(row.locator("td.num").first).to_have_text(str(credits_before + 7))

    # a deduction larger than the balance is refused, and the reason is shown in the form
    panel.get_by_label("Credits (+ grant, − deduct)").fill(str(-(credits_before + 1000)))
    panel.get_by_label("Reason").fill("too much")
    panel.get_by_role("button", name="Apply credits").click()
    expect(panel.locator("#credit-form .form-error")).to_be_visible()

    panel.get_by_label("Plan").select_option("pro")
    panel.get_by_role("button", name="Change plan").click()
    expect(panel.locator('[data-fact="plan"]')).to_have_text("pro")
    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Disable account").click()
    expect(panel.locator('[data-fact="status"]')).to_have_text("Disabled")
    expect(row).to_contain_text("Disabled")
    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Make administrator").click()
    expect(panel.locator('[data-fact="role"]')).to_have_text("Administrator")
    expect(panel.get_by_role("button", name="Remove administrator")).to_be_visible()
    page.keyboard.press("Escape")

    page.get_by_label("Status").select_option("false")
    expect(page.locator("#user-rows tr", has_text=email)).to_have_count(1)

    page.get_by_role("link", name="Audit log").click()
    page.wait_for_url(re.compile(r"/admin/audit$"))
    page.get_by_role("textbox", name="Admin").fill(admin["user"]["email"])
    entries = page.locator("#audit-rows > tr")
    expect(entries.filter(has_text="credits.grant")).to_have_count(1)
    expect(entries.filter(has_text="user.update")).to_have_count(3)
    grant = entries.filter(has_text="credits.grant").first
    expect(grant.locator(".diff")).to_contain_text(str(credits_before + 7))
    page.get_by_label("Resource type").select_option("algorithm")
    expect(page.locator("#audit-empty")).to_be_visible()
    page.get_by_label("Resource type").select_option("user")
    expect(entries).to_have_count(4)  # the refused deduction left no row
    page.get_by_label("Action").fill("user.")
    expect(entries).to_have_count(3)
    page.get_by_label("From").fill("2999-01-01")  # nothing happened in the future
    expect(page.locator("#audit-empty")).to_be_visible()
    page.get_by_label("From").fill("")
    expect(entries).to_have_count(3)
    plan_change = entries.filter(has_text="subscription_tier")
    expect(plan_change.locator(".diff-before")).to_have_text("free")
    expect(plan_change.locator(".diff-after")).to_have_text("pro")
    # the refused deduction (409) is the only failed request
    assert all("409" in e for e in page.console_errors), page.console_errors


def test_algorithms_are_listed_edited_and_server_errors_shown_inline(page, live_server):
    sign_in_with_cookie(page, make_admin(live_server))
    page.goto("/admin/algorithms")
    cards = page.locator("article.algo-admin")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    lightning = page.locator('article.algo-admin[data-algorithm="lightning"]')
    lightning.get_by_role("button", name=re.compile("^Edit ")).click()
    panel = page.locator("dialog#algo-panel")
    expect(panel).to_be_visible()

    panel.get_by_label("Config (JSON)").fill("{not json")
    panel.get_by_role("button", name="Save").click()
    expect(panel.locator("#config-error")).to_contain_text("JSON object")

    panel.get_by_label("Config (JSON)").fill('{"no_such_option": 1}')
    panel.get_by_role("button", name="Save").click()
    expect(panel.locator("#config-error")).to_contain_text("no_such_option: Extra inputs are not permitted")
    expect(panel).to_be_visible()

    panel.get_by_label("Config (JSON)").fill("{}")
    panel.get_by_label("Display name").fill("Routix Lightning ⚡")
    panel.get_by_role("button", name="Save").click()
    expect(panel).to_be_hidden()
    expect(lightning.locator("h2")).to_have_text("Routix Lightning ⚡")

    name = f"hd_{uuid.uuid4().hex[:6]}"
    page.get_by_role("button", name="New algorithm").click()
    expect(panel.get_by_label("Name (id)")).to_be_visible()
    expect(panel.get_by_role("button", name="Delete")).to_be_hidden()
    panel.get_by_label("Name (id)").fill(name)
    panel.get_by_label("Provider").fill("local")
    panel.get_by_label("Display name").fill("Lightning HD")
    panel.get_by_label("Credit cost").fill("2")
    panel.get_by_role("button", name="Save").click()
    created = page.locator(f'article.algo-admin[data-algorithm="{name}"]')
    expect(created.locator("h2")).to_have_text("Lightning HD")
    expect(created.locator("dd").nth(2)).to_have_text("2")  # credit cost
    expect(created.locator(".status-pill")).to_have_text(["Active"])
    created.get_by_role("button", name="Edit Lightning HD").click()
    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Delete").click()
    expect(created).to_have_count(0)
    assert page.console_errors == [] or all("422" in e for e in page.console_errors), page.console_errors
