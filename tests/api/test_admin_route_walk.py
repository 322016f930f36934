"""Every administrator route, found by walking the app's routes: a normal user gets 403 and an
anonymous caller 401 (API) or a redirect to the login page (pages); an admin gets neither.

New admin routes are covered automatically: the walk takes whatever the app serves under
``/api/v1/admin`` and ``/admin``.
"""

from __future__ import annotations

import re
import uuid

from fastapi.routing import APIRoute

ADMIN_API = "/api/v1/admin"
ADMIN_PAGES = "/admin"


def _concrete(path: str) -> str:
    """The route path with each ``{param}`` replaced by a fresh UUID (ids nobody owns)."""
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


def _flatten(routes, prefix: str = ""):
    """Every APIRoute with its full path; FastAPI >= 0.16x keeps an included router as one
    ``_IncludedRouter`` entry (``original_router`` + ``include_context.prefix``)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _flatten(inner.routes, prefix + getattr(context, "prefix", ""))


def _admin_routes(app, prefix: str, *, api: bool) -> list[tuple[str, str]]:
    routes = []
    for path, route in _flatten(app.routes):
        is_api = path.startswith("/api/")
        if api != is_api or not (path == prefix or path.startswith(prefix + "/")):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return routes


def test_the_app_has_admin_api_routes_for_every_area(client):
    paths = {path for _, path in _admin_routes(client.app, ADMIN_API, api=True)}
    for area in ("templates", "users", "algorithms", "audit", "analytics", "system"):
        assert any(p.startswith(f"{ADMIN_API}/{area}") for p in paths), f"no admin route for {area}"


def test_every_admin_api_route_refuses_a_normal_user_and_an_anonymous_caller(client, make_account):
    user = make_account()
    routes = _admin_routes(client.app, ADMIN_API, api=True)
    assert len(routes) >= 10
    for method, path in routes:
        url = _concrete(path)
        as_user = client.request(method, url, headers=user.headers)
        assert as_user.status_code == 403, f"{method} {path} as a normal user -> {as_user.status_code}"
        assert as_user.headers["content-type"].startswith("application/problem+json")
        anonymous = client.request(method, url)
        assert anonymous.status_code == 401, f"{method} {path} anonymously -> {anonymous.status_code}"


def test_admin_api_routes_let_an_admin_through(client, make_admin):
    admin = make_admin()
    for method, path in _admin_routes(client.app, ADMIN_API, api=True):
        if method != "GET":
            continue
        response = client.request(method, _concrete(path), headers=admin.headers)
        assert response.status_code not in (401, 403), f"GET {path} as admin -> {response.status_code}"


def _page_cookie(client, account) -> None:
    response = client.post("/api/v1/auth/session", headers=account.headers)
    assert response.status_code in (200, 204), response.text


def test_every_admin_page_refuses_a_normal_user_and_redirects_anonymous_callers(client, make_account):
    routes = [(m, p) for m, p in _admin_routes(client.app, ADMIN_PAGES, api=False) if m == "GET"]
    assert len(routes) >= 6
    for _, path in routes:
        anonymous = client.get(_concrete(path), follow_redirects=False)
        if re.search(r"\.\w+$", path):  # an image/file an admin page embeds: no login redirect, just 401
            assert anonymous.status_code == 401, f"{path} anonymously -> {anonymous.status_code}"
            continue
        assert anonymous.status_code in (302, 303, 307), f"{path} anonymously -> {anonymous.status_code}"
        assert anonymous.headers["location"].startswith("/login")
    user = make_account()
    _page_cookie(client, user)
    for _, path in routes:
        response = client.get(_concrete(path), follow_redirects=False)
        assert response.status_code == 403, f"{path} as a normal user -> {response.status_code}"
    client.cookies.clear()


def test_admin_pages_open_for_an_admin(client, make_admin):
    admin = make_admin()
    _page_cookie(client, admin)
    for _, path in _admin_routes(client.app, ADMIN_PAGES, api=False):
        if "{" in path:
            continue  # detail pages need a real id; the browser tests open them
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 200, f"{path} as admin -> {response.status_code}"
    client.cookies.clear()
