"""Accounts in the browser: register, log in, log out, silent refresh, readable API problems,
and the API keys page (create, shown once, list, revoke)."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

from web.conftest import PASSWORD, register, unique_email


def _login(page, email: str, password: str = PASSWORD):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_pages_without_a_session_go_to_login_and_come_back(page):
    email = unique_email()
    page.goto("/gallery")
    page.wait_for_url(re.compile(r"/login\?next=%2Fgallery$"))
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/register\?next=%2Fgallery$"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/gallery$"))
    expect(page.get_by_role("heading", name="My thumbnails")).to_be_visible()
    # no username given: the greeting uses the email's name part
    page.goto("/")
    expect(page.locator("#welcome-title")).to_have_text(f"Hey {email.split('@')[0]}! Can I help you with anything?")


def test_login_errors_are_readable_sentences_not_json(page):
    email = register(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/login$"))
    assert page.evaluate("localStorage.getItem('routix.refresh')") is None

    _login(page, email, "wrong password!")
    error = page.get_by_role("alert")
    expect(error).to_have_text("That email and password don't match an account.")
    expect(page.get_by_label("Password")).to_be_visible()

    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(error).to_be_visible()
    text = error.inner_text()
    assert "{" not in text and "problem" not in text and len(text) > 10, text

    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    expect(error).to_have_text("Enter a valid email address.")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")

    _login(page, email)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#welcome-title")).to_contain_text("Can I help you with anything?")


def test_an_expired_access_token_is_refreshed_silently(page):
    register(page, name="Rita")
    old_refresh = page.evaluate("localStorage.getItem('routix.refresh')")
    page.evaluate("localStorage.setItem('routix.access', 'expired.or.forged')")
    page.goto("/settings/api-keys")
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    expect(page.locator("#account-name")).to_have_text("Rita")
    page.wait_for_function("localStorage.getItem('routix.access') !== 'expired.or.forged'")
    assert page.evaluate("localStorage.getItem('routix.refresh')") != old_refresh, "the refresh token rotated"
    assert page.url.endswith("/settings/api-keys")


def test_a_revoked_session_ends_on_the_login_page(page, live_server):
    register(page)
    refresh = page.evaluate("localStorage.getItem('routix.refresh')")
    httpx.post(live_server.url + "/api/v1/auth/logout", json={"refresh_token": refresh}).raise_for_status()
    page.evaluate("localStorage.setItem('routix.access', 'expired.or.forged')")
    page.goto("/gallery")
    page.wait_for_url(re.compile(r"/login\?next=%2Fgallery$"))
    assert page.evaluate("localStorage.getItem('routix.refresh')") is None


def test_api_keys_are_created_shown_once_listed_and_revoked(page, live_server):
    register(page)
    page.get_by_role("link", name="API keys").click()
    page.wait_for_url(re.compile(r"/settings/api-keys$"))
    expect(page.get_by_text("No keys yet.")).to_be_visible()

    page.get_by_label("Key name").fill("batch script")
    page.get_by_role("button", name="Create key").click()
    secret = page.locator("#new-key-value")
    expect(secret).to_have_text(re.compile(r"^rtx_"))
    key = secret.inner_text()
    row = page.locator("#key-rows tr", has_text="batch script")
    expect(row).to_contain_text(key[:8])
    assert key not in row.inner_text(), "the list shows a prefix, never the key"

    # the key works against the API
    me = httpx.get(live_server.url + "/api/v1/auth/me", headers={"X-API-Key": key})
    assert me.status_code == 200

    page.reload()
    expect(page.locator("#new-key")).to_be_hidden()
    expect(page.locator("body")).not_to_contain_text(key)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke key batch script").click()
    expect(page.locator("#key-rows tr", has_text="batch script")).to_contain_text("Revoked")
    assert httpx.get(live_server.url + "/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401

    page.get_by_role("button", name="Create key").click()  # empty name: the form refuses it
    expect(page.locator("#key-name:invalid")).to_have_count(1)
    expect(page.locator("#key-rows tr")).to_have_count(1)
