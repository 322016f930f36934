"""Fixtures for the studio's browser tests: a live Routix server and headless Chromium.

``live_server`` runs the real app (API + pages + workers) with uvicorn in a thread on a free
port, over a temporary data dir (embedded default: SQLite, local blobs, in-process workers,
memory bus; OCR off). ``browser`` is Debian's Chromium driven by Playwright (never a
downloaded browser). Tests are marked ``browser`` and skipped when Chromium or Playwright is
missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ROUTIX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PASSWORD = "correct horse battery"
#: Generous upper bound for one generation in a browser test (never asserted as a timing).
GENERATION_TIMEOUT_MS = 120_000

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - the browser tests skip
    sync_api = None

BROWSER_FIXTURES = {"browser", "new_page", "page"}


def pytest_collection_modifyitems(items):
    """Mark every test that drives Chromium ``browser``."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(services):
    """The service app with the studio wired in (idempotent if app.py already does it)."""
    from routix import web
    from routix.api.app import create_app

    app = create_app(services, start_workers=True, migrate=True)
    web.install(app)  # a no-op once api/app.py installs the studio itself
    return app


@dataclass
class LiveServer:
    url: str
    services: object


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    import uvicorn

    from routix.config import Settings
    from routix.services import Services

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("web-data"), secret_key="web-test-secret-" + "x" * 40,
        lease_seconds=10.0, workers=2, ocr=False, rate_limits=False,  # the UI tests sign in and generate a lot
    )
    services = Services(settings)
    from routix.brief import get_planner

    get_planner().analyze("warm up: gaming thumbnail")  # load the planner's model before the first chat
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(build_app(services), host="127.0.0.1", port=port, log_level="warning",
                                           ws="websockets-sansio", lifespan="on"))
    thread = threading.Thread(target=server.run, name="routix-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", services)
    server.should_exit = True
    thread.join(timeout=15)


def _unavailable(reason: str) -> None:
    """Skip locally; fail in CI (ROUTIX_REQUIRE_BROWSER=1), where the browser tests must run."""
    if os.environ.get("ROUTIX_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if sync_api is None:
        _unavailable("playwright is not installed")
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        _unavailable(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(width=1440, height=900)`` -> a page in a fresh context (own localStorage)."""
    contexts = []

    def _make(width: int = 1440, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url,
                                      accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        return page

    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def unique_email(prefix: str = "web") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def register(page, name: str = "Ada", email: str | None = None) -> str:
    """Register through the form; returns the email. Leaves the page on the welcome screen."""
    email = email or unique_email()
    page.goto("/register")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/")
    sync_api.expect(page.get_by_role("heading", name=f"Hey {name}! Can I help you with anything?")).to_be_visible()
    return email


def api_account(live_server, name: str = "Api") -> dict:
    """Register through the API; returns the AuthOut answer (tokens and user)."""
    import httpx

    response = httpx.post(live_server.url + "/api/v1/auth/register",
                          json={"email": unique_email(), "password": PASSWORD, "username": name})
    response.raise_for_status()
    return response.json()


def sign_in(page, auth: dict) -> None:
    """Put an API session into the page's localStorage (as the login form would)."""
    page.goto("/login")
    page.evaluate(
        """(auth) => { localStorage.setItem('routix.access', auth.access_token);
                       localStorage.setItem('routix.refresh', auth.refresh_token);
                       localStorage.setItem('routix.user', JSON.stringify(auth.user)); }""",
        auth,
    )


def make_generations(live_server, auth: dict, prompts: list[str], timeout: float = 120.0) -> list[dict]:
    """Create one lightning generation per prompt through the API and wait until all finish."""
    import httpx

    headers = {"Authorization": f"Bearer {auth['access_token']}"}
    ids = []
    for prompt in prompts:
        response = httpx.post(live_server.url + "/api/v1/generation/create", headers=headers,
                              json={"prompt": prompt, "algorithm": "lightning"})
        response.raise_for_status()
        ids.append(response.json()["id"])
    deadline = time.monotonic() + timeout
    done: dict[str, dict] = {}
    while len(done) < len(ids):
        if time.monotonic() > deadline:
            raise TimeoutError(f"generations did not finish: {set(ids) - set(done)}")
        for gid in ids:
            if gid not in done:
                status = httpx.get(f"{live_server.url}/api/v1/generation/{gid}/status", headers=headers).json()
                if status["status"] in ("completed", "failed"):
                    done[gid] = status
        time.sleep(0.3)
    return [done[gid] for gid in ids]
