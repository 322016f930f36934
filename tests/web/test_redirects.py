"""``/login?next=...`` never leaves the site: not after the login form, and not for a signed-in
user, whom the login page sends on without a click.

Browsers drop tabs and newlines from URLs and read ``\\`` as ``/``, so ``/<TAB>/evil.example``
is ``//evil.example``, another host. Every request to another origin is aborted (and recorded),
so a test that fails shows the URL the browser tried to go to.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from web.conftest import PASSWORD, api_account, sign_in

#: ``next`` values that name another site (or a script), as the browser would resolve them.
HOSTILE = [
    "/\t/evil.example/phish",         # the tab is dropped: //evil.example/phish
    "/\n/evil.example/auto",          # the newline too
    "/\r\n/evil.example/crlf",
    "/\\evil.example/backslash",      # \ is / in http URLs
    "/\t\\evil.example/tab-backslash",
    "\\\\evil.example/two-backslashes",
    "//evil.example/protocol-relative",
    " //evil.example/leading-space",
    "/.//evil.example/dot-segment",   # the dot segment goes; the path alone would be //evil.example
    "/%2e//evil.example/encoded-dot",
    "https://evil.example/absolute",
    "HTTPS:evil.example/no-slashes",
    "javascript:document.title='pwned'",
    "data:text/html,<title>pwned</title>",
]
#: ``next`` values on this site, and where they must lead.
FRIENDLY = [
    ("/gallery", "/gallery"),
    ("/settings/api-keys?tab=new#keys", "/settings/api-keys?tab=new#keys"),
]


def _guard(page, origin: str) -> list[str]:
    """Abort every request that leaves ``origin``; returns the list of those URLs."""
    left: list[str] = []

    def block(route):
        left.append(route.request.url)
        route.abort()

    page.context.route(lambda url: not url.startswith(origin + "/"), block)
    return left


def _settle(page) -> None:
    """Wait until the login page has sent the browser on (an aborted navigation to another
    site ends the wait with an error: the assertions then say where it went)."""
    try:
        page.wait_for_url(lambda url: urlsplit(url).path != "/login", timeout=15_000)
        page.wait_for_load_state()
    except PlaywrightError:
        pass


def _assert_home(page, origin: str, left: list[str], expected: str = "/") -> None:
    assert left == [], f"the browser tried to leave the site: {left}"
    assert page.url == origin + expected
    assert "pwned" not in page.title()


@pytest.mark.parametrize("target", HOSTILE)
def test_a_signed_in_user_is_not_sent_off_site(page, live_server, target):
    left = _guard(page, live_server.url)
    sign_in(page, api_account(live_server))
    page.goto("/login?next=" + quote(target, safe=""))
    _settle(page)
    _assert_home(page, live_server.url, left)


@pytest.mark.parametrize("target", HOSTILE[:4] + HOSTILE[8:11])
def test_the_login_form_does_not_send_the_user_off_site(page, live_server, target):
    left = _guard(page, live_server.url)
    email = api_account(live_server)["user"]["email"]
    page.goto("/login?next=" + quote(target, safe=""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _settle(page)
    _assert_home(page, live_server.url, left)


@pytest.mark.parametrize(("target", "expected"), FRIENDLY)
def test_a_path_on_this_site_is_still_followed(page, live_server, target, expected):
    left = _guard(page, live_server.url)
    sign_in(page, api_account(live_server))
    page.goto("/login?next=" + quote(target, safe=""))
    _settle(page)
    _assert_home(page, live_server.url, left, expected)


def test_the_helper_agrees_with_the_browser(page, live_server):
    """The page's helper, called directly: hostile values give "/", site paths themselves."""
    page.goto("/login")
    results = page.evaluate(
        """async (targets) => {
             const { safeRedirect } = await import("/static/js/lib/redirect.js");
             return targets.map((t) => safeRedirect(t));
           }""",
        [*HOSTILE, *(t for t, _ in FRIENDLY), "", "/", "/a/../b?x=1"],
    )
    assert results == ["/"] * len(HOSTILE) + [e for _, e in FRIENDLY] + ["/", "/", "/b?x=1"]


# the server's own helper (the admin pages' login redirect builds its ``next`` with it) -----------

@pytest.mark.parametrize("target", HOSTILE)
def test_safe_path_refuses_what_leaves_the_site(target):
    from routix.web.redirects import safe_path

    assert safe_path(target) == "/"


@pytest.mark.parametrize(("target", "expected"), [
    *FRIENDLY,
    ("/admin/users?q=ada&page=2", "/admin/users?q=ada&page=2"),
    ("/admin/templates/3f2b", "/admin/templates/3f2b"),
    ("", "/"),
    (None, "/"),
    ("/", "/"),
    ("admin", "/"),                  # not a path: the server only sends absolute paths
])
def test_safe_path_keeps_paths_on_this_site(target, expected):
    from routix.web.redirects import safe_path

    assert safe_path(target) == expected


def test_the_admin_login_redirect_carries_a_safe_next(live_server):
    import httpx

    response = httpx.get(live_server.url + "/admin/users?q=ada", follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/login?next=" + quote("/admin/users?q=ada", safe="")
