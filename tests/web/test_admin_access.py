"""Who may open the admin pages, in Chromium: no cookie -> login and back, a normal user -> the
403 page on every admin page, logout clears the cookie. The server-side rules (cookie
attributes, every guard branch, the JSON API ignoring the cookie) are tested without a browser
in tests/api/test_admin_web_session.py, on both backends."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from web.admin_helpers import (
    ADMIN_PATHS,
    make_admin,
    session_cookie,
    sign_in_with_cookie,
)
from web.conftest import PASSWORD, api_account


def test_without_a_cookie_every_admin_page_goes_to_login_and_login_comes_back(page, live_server):
    for path in ADMIN_PATHS:
        page.goto(path)
        page.wait_for_url(re.compile(r"/login\?next=" + re.escape(path.replace("/", "%2F")) + "$"))
    admin = make_admin(live_server, "Grace")
    page.goto("/admin/users")
    page.wait_for_url(re.compile(r"/login\?next=%2Fadmin%2Fusers$"))
    page.get_by_label("Email").fill(admin["user"]["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    cookie = session_cookie(page)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    expect(page.locator('#sidebar [data-nav="admin"]')).to_be_visible()

    # an expired cookie with a live browser session renews itself through the login page
    page.context.clear_cookies()
    page.goto("/admin/audit")
    page.wait_for_url(re.compile(r"/admin/audit$"))
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/login$"))
    assert session_cookie(page) is None
    page.goto("/admin")
    page.wait_for_url(re.compile(r"/login\?next=%2Fadmin$"))


def test_a_normal_user_gets_the_403_page_on_every_admin_page(page, live_server):
    auth = api_account(live_server, "Norm")
    sign_in_with_cookie(page, auth)
    page.goto("/")
    expect(page.locator('#sidebar [data-nav="admin"]')).to_be_hidden()
    for path in [*ADMIN_PATHS, f"/admin/templates/{uuid.uuid4()}"]:
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.get_by_role("heading", name="Administrators only")).to_be_visible()
    assert page.goto("/admin/charts/generations.svg").status == 403
    assert page.console_errors == [] or all("403" in e for e in page.console_errors), page.console_errors
