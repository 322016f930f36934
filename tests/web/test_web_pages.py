"""The studio's server side without a browser: page shells, CSP, static files and caching."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from routix import web
from routix.web.static_files import CACHE_FOREVER, STATIC_DIR, StaticAssets

PAGES = ["/", f"/c/{uuid.uuid4()}", "/login", "/register", "/gallery", "/settings/api-keys", "/welcome"]


@pytest.fixture(scope="module")
def client():
    app = FastAPI()
    app.include_router(web.router)
    web.mount(app)
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_a_shell_with_its_module_and_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    entry = re.search(r'<script type="module" src="(/static/js/pages/[a-z_]+\.js\?v=[0-9a-f]{10})"', html)
    assert entry, "the page loads its module with a versioned URL"
    assert client.get(entry.group(1)).status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    # the one inline script (the import map) is exactly the one the CSP hash allows
    import_map = re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    scripts = re.findall(r"<script\b([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [' type="importmap"'], "no other inline script"
    assert all(re.search(r'src="/static/js/[a-z_/]+\.js\?v=[0-9a-f]{10}"', a) for a in scripts if "src=" in a)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), "no inline event handlers"


def test_pages_hold_no_user_data_and_greet_by_placeholder(client):
    html = client.get("/").text
    assert "Can I help you with anything?" in html
    assert 'data-username' in html
    assert html.count('class="chip"') >= 4


def test_a_malformed_conversation_id_gets_a_friendly_404_page(client):
    response = client.get("/c/not-a-uuid")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Nothing here" in response.text


def test_versioned_static_files_are_cached_for_good_and_others_revalidate(client):
    assets = StaticAssets()
    versioned = client.get(assets.url("css/studio.css"))
    assert versioned.status_code == 200
    assert versioned.headers["cache-control"] == CACHE_FOREVER
    assert versioned.headers["content-type"].startswith("text/css")
    plain = client.get("/static/css/studio.css")
    assert plain.headers["cache-control"] == "no-cache"
    assert client.get("/static/fonts/inter-latin-wght-5.3.0.woff2").headers["cache-control"] == CACHE_FOREVER
    js = client.get(assets.url("js/lib/api.js"))
    assert "javascript" in js.headers["content-type"]


def test_static_files_do_not_escape_their_folder(client):
    assert client.get("/static/../pages.py").status_code == 404
    assert client.get("/static/%2e%2e/pages.py").status_code == 404


def test_module_graph_follows_relative_imports_transitively():
    assets = StaticAssets()
    graph = assets.module_graph("js/pages/chat.js")
    assert graph[0] == "js/pages/chat.js"
    for module in ("js/lib/api.js", "js/lib/dom.js", "js/lib/live.js", "js/chat/render.js", "js/chat/progress.js",
                   "js/chat/result.js", "js/lib/quality.js", "js/shell.js"):
        assert module in graph
    assert len(graph) == len(set(graph))
    # every import in every module resolves to a file that exists
    for path in assets.hashes:
        if path.endswith(".js"):
            for dep in assets.module_graph(path):
                assert (STATIC_DIR / dep).is_file(), f"{path} imports missing {dep}"


def test_module_graph_reads_import_forms(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text(
        'import { b } from "./b.js";\nimport "./c.js";\nexport { d } from \'./d.js\';\n'
    )
    for name in "bcd":
        (tmp_path / "js" / f"{name}.js").write_text("export const x = 1;\n")
    assert StaticAssets(tmp_path).module_graph("js/a.js") == ["js/a.js", "js/b.js", "js/c.js", "js/d.js"]


def test_hash_changes_with_content(tmp_path):
    (tmp_path / "x.css").write_text("a{}")
    first = StaticAssets(tmp_path).url("x.css")
    (tmp_path / "x.css").write_text("b{}")
    assert StaticAssets(tmp_path).url("x.css") != first


def test_favicon_is_the_logo_mark(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in response.content


def test_design_fonts_are_served_for_the_editor_preview(client):
    from routix.render.fonts import FONTS, font_path

    for font_id in FONTS:
        response = client.get(f"/design-fonts/{font_id}.woff2")
        assert response.status_code == 200
        assert response.headers["content-type"] == "font/woff2"
        assert response.content == font_path(font_id).read_bytes()
    assert client.get("/design-fonts/comic-sans.woff2").status_code == 404
    assert client.get("/design-fonts/..%2Fpsd.woff2").status_code == 404


def test_install_is_idempotent():
    app = FastAPI()
    web.install(app)
    web.install(app)
    assert [getattr(route, "path", None) for route in app.router.routes].count("/static") == 1
    login = [route for route in app.router.routes
             if getattr(route, "original_router", None) is web.router or getattr(route, "path", None) == "/login"]
    assert len(login) == 1
    with TestClient(app) as client:
        assert client.get("/login").status_code == 200
