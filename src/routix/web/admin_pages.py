"""The admin pages of the studio (template library, dashboard and the rest: docs/admin.md).

Unlike the studio's pages, the server decides who may see these: the ``routix_session`` cookie
(``web.session``; set by the studio's JS after login and token refresh) names the viewer.

- no cookie, or an expired/forged one, or a disabled account -> ``303`` to ``/login?next=<path>``
- a valid cookie of a user who is not an administrator -> ``403`` HTML page
- an administrator -> the page shell; its ES module then calls the admin JSON API with the
  bearer token (the API never reads the cookie).

=================================  ==========================================================
``/admin``                         analytics: generations per day, success rate, p50/p95, credits
``/admin/system``                  health cards, queue, workers, jobs (refreshes every 10 s)
``/admin/users``                   search, filters, plan/credits/disable actions
``/admin/algorithms``              list, edit, create generation algorithms
``/admin/audit``                   filterable audit log with before/after per row
``/admin/templates``               template library: grid, status, drag-and-drop bulk upload
``/admin/templates/{id}``          one template's design DNA over its image
``/admin/charts/generations.svg``  ``?days=7|30|90``: the server-drawn chart (``web.charts``)
=================================  ==========================================================
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from routix.admin.analytics import analytics
from routix.brief import CATEGORIES
from routix.store.models import User
from routix.web.charts import generations_chart
from routix.web.pages import _page, not_found
from routix.web.redirects import safe_path
from routix.web.session import cookie_user

router = APIRouter(include_in_schema=False)

#: path -> (template, page module, <title>, heading, nav key) of the admin pages without parameters.
ADMIN_PAGES: dict[str, tuple[str, str, str, str]] = {
    "/admin": ("admin_dashboard.html", "admin/dashboard.js", "Dashboard", "dashboard"),
    "/admin/system": ("admin_system.html", "admin/system.js", "System", "system"),
    "/admin/users": ("admin_users.html", "admin/users.js", "Users", "users"),
    "/admin/algorithms": ("admin_algorithms.html", "admin/algorithms.js", "Algorithms", "algorithms"),
    "/admin/audit": ("admin_audit.html", "admin/audit.js", "Audit log", "audit"),
    "/admin/templates": ("admin_templates.html", "admin/templates.js", "Templates", "templates"),
}
#: The admin section's tabs, in order: (nav key, href, label).
ADMIN_NAV = [(spec[3], path, spec[2]) for path, spec in ADMIN_PAGES.items()]


def _viewer(request: Request) -> User | None:
    services = request.app.state.services
    with services.db.session() as session:
        user = cookie_user(request, session, services.settings)
        if user is not None:
            session.expunge(user)
        return user


def _login_redirect(request: Request) -> RedirectResponse:
    here = safe_path(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303,
                            headers={"Cache-Control": "no-store"})


def forbidden_page(request: Request) -> HTMLResponse:
    """The 403 page a signed-in non-administrator gets for every admin page."""
    return _page(request, "admin_forbidden.html", "pages/static_page.js", title="Administrators only · Routix",
                 status_code=403)


def _refusal(request: Request) -> Response | None:
    """None for an administrator; else the login redirect (no valid cookie) or the 403 page."""
    user = _viewer(request)
    if user is None:
        return _login_redirect(request)
    if not user.is_admin:
        return forbidden_page(request)
    return None


def _admin_page(request: Request, template: str, entry: str, title: str, nav: str, **context: object) -> Response:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    response = _page(request, template, entry, title=f"{title} · Admin · Routix", status_code=200, heading=title,
                     admin_nav=ADMIN_NAV, admin_current=nav, categories=CATEGORIES, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _simple_admin_page(spec: tuple[str, str, str, str]) -> Callable[[Request], Response]:
    def page(request: Request) -> Response:
        return _admin_page(request, *spec)

    return page


for _path, _spec in ADMIN_PAGES.items():
    router.add_api_route(_path, _simple_admin_page(_spec), methods=["GET"], response_class=HTMLResponse,
                         name="admin_" + _spec[3])


@router.get("/admin/templates/{template_id}", response_class=HTMLResponse)
def admin_template(request: Request, template_id: str) -> Response:
    """One template's DNA. Whether the id exists is decided by the admin API (the page shows 404)."""
    try:
        tid = str(uuid.UUID(template_id))
    except ValueError:
        return _refusal(request) or not_found(request)
    return _admin_page(request, "admin_template.html", "admin/template_detail.js", "Template", "templates",
                       template_id=tid)


@router.get("/admin/charts/generations.svg")
def generations_svg(request: Request, days: int = Query(30, ge=1, le=365)) -> Response:
    """Generations per day over the last ``days`` days as an SVG (admin cookie; 401/403 otherwise)."""
    user = _viewer(request)
    if user is None:
        return Response("log in first", status_code=401, media_type="text/plain")
    if not user.is_admin:
        return Response("administrators only", status_code=403, media_type="text/plain")
    services = request.app.state.services
    with services.db.session() as session:
        data = analytics(session, days)
    return Response(generations_chart(data), media_type="image/svg+xml",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                             "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"})


__all__ = ["ADMIN_NAV", "ADMIN_PAGES", "forbidden_page", "router"]
