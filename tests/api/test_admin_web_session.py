"""The admin pages' session cookie and guard, server side (both backends; the browser flows are in
tests/web/test_admin_access.py): ``POST/DELETE /api/v1/auth/session``, the 303 to login / 403
page / page for every admin page, the JSON API ignoring the cookie, the chart SVG."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from routix.accounts.tokens import decode_token, issue_token
from routix.web.admin_pages import ADMIN_PAGES
from routix.web.session import COOKIE_NAME

ADMIN_PATHS = list(ADMIN_PAGES)


@pytest.fixture
def app_client(client, services):
    client.services = services
    return client


@pytest.fixture
def register(make_account, make_admin):
    """``register(admin=False)`` -> ``{"access_token", "refresh_token", "user"}`` of a fresh account."""

    def _register(admin: bool = False) -> dict:
        account = make_admin() if admin else make_account()
        return {"access_token": account.access_token, "refresh_token": account.refresh_token, "user": account.user}

    return _register


def _page_status(client, path: str, token: str | None) -> httpx.Response:
    client.cookies.clear()
    if token:
        client.cookies.set(COOKIE_NAME, token)
    try:
        return client.get(path, follow_redirects=False)
    finally:
        client.cookies.clear()


def test_post_session_sets_a_strict_httponly_cookie_that_lives_as_long_as_the_token(app_client, register):
    auth = register()
    response = app_client.post("/api/v1/auth/session", headers={"Authorization": f"Bearer {auth['access_token']}"})
    assert response.status_code == 200
    header = response.headers["set-cookie"]
    assert header.startswith(f"{COOKIE_NAME}={auth['access_token']};")
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/" in header
    assert "Secure" not in header  # plain http in the test; Secure is added over https
    max_age = int(re.search(r"Max-Age=(\d+)", header).group(1))
    assert 0 < max_age <= 1800 and response.json() == {"expires_in": max_age}
    app_client.cookies.clear()

    cleared = app_client.delete("/api/v1/auth/session")
    assert cleared.status_code == 204
    assert re.search(rf'{COOKIE_NAME}=""?;.*Max-Age=0', cleared.headers["set-cookie"])


def test_session_refuses_missing_credentials_api_keys_and_refresh_tokens(app_client, register):
    auth = register()
    assert app_client.post("/api/v1/auth/session").status_code == 401
    key = app_client.post("/api/v1/auth/api-keys", json={"name": "k"},
                          headers={"Authorization": f"Bearer {auth['access_token']}"}).json()["key"]
    refused = app_client.post("/api/v1/auth/session", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 422 and "set-cookie" not in refused.headers
    wrong_type = app_client.post("/api/v1/auth/session", headers={"Authorization": f"Bearer {auth['refresh_token']}"})
    assert wrong_type.status_code == 401 and "set-cookie" not in wrong_type.headers


def test_the_admin_guard_redirects_refuses_or_serves(app_client, register):
    user, admin = register(), register(admin=True)
    uid = uuid.UUID(admin["user"]["id"])
    expired, _ = issue_token(app_client.services.settings.secret(), uid, "access", ttl=-5)
    forged, _ = issue_token(b"another-secret-" + b"z" * 40, uid, "access", ttl=600)
    paths = [*ADMIN_PATHS, f"/admin/templates/{uuid.uuid4()}"]
    for path in paths:
        for token in (None, expired, forged, admin["refresh_token"]):
            response = _page_status(app_client, path + "?x=1", token)
            assert response.status_code == 303, (path, response.status_code)
            assert response.headers["location"] == "/login?next=" + path.replace("/", "%2F") + "%3Fx%3D1"
        refused = _page_status(app_client, path, user["access_token"])
        assert refused.status_code == 403 and "Administrators only" in refused.text
        assert "content-security-policy" in refused.headers
        served = _page_status(app_client, path, admin["access_token"])
        assert served.status_code == 200, path
        assert 'aria-label="Admin sections"' in served.text and "Administrators only" not in served.text
        assert served.headers["cache-control"] == "no-store"
    assert _page_status(app_client, "/admin/templates/not-a-uuid", admin["access_token"]).status_code == 404
    assert _page_status(app_client, "/admin/templates/not-a-uuid", user["access_token"]).status_code == 403


def test_the_json_api_ignores_the_cookie(app_client, register):
    admin = register(admin=True)
    app_client.cookies.set(COOKIE_NAME, admin["access_token"])
    try:
        assert app_client.get("/api/v1/admin/users").status_code == 401
        assert app_client.get("/api/v1/auth/me").status_code == 401
    finally:
        app_client.cookies.clear()


def test_a_disabled_admin_is_sent_to_login(app_client, register):
    from routix.store.models import User

    admin = register(admin=True)
    with app_client.services.db.session() as session:
        session.get(User, uuid.UUID(admin["user"]["id"])).is_active = False
        session.commit()
    assert _page_status(app_client, "/admin", admin["access_token"]).status_code == 303


def test_the_chart_is_an_accessible_svg_for_admins_only(app_client, register):
    user, admin = register(), register(admin=True)
    assert _page_status(app_client, "/admin/charts/generations.svg", None).status_code == 401
    assert _page_status(app_client, "/admin/charts/generations.svg", user["access_token"]).status_code == 403
    assert _page_status(app_client, "/admin/charts/generations.svg?days=0", admin["access_token"]).status_code == 422
    response = _page_status(app_client, "/admin/charts/generations.svg?days=7", admin["access_token"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert 'role="img"' in svg and "<title id=\"gen-chart-title\">Generations per day, last 7 days</title>" in svg
    assert svg.count('<g class="bar"') == 7 and "style=" not in svg


def test_cookie_max_age_follows_the_token_not_a_fixed_lifetime(app_client, register):
    admin = register(admin=True)
    secret = app_client.services.settings.secret()
    session = decode_token(secret, admin["access_token"], "access").family  # a token of the admin's session
    short, _ = issue_token(secret, uuid.UUID(admin["user"]["id"]), "access", ttl=90, family=session)
    response = app_client.post("/api/v1/auth/session", headers={"Authorization": f"Bearer {short}"})
    app_client.cookies.clear()
    max_age = int(re.search(r"Max-Age=(\d+)", response.headers["set-cookie"]).group(1))
    assert 0 < max_age <= 90
