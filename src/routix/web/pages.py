"""The studio's pages: server-rendered shells; their data comes from the JSON API in the browser.

The server does not know who is looking at a page (the access token lives in the browser's
``localStorage``), so every page is the same for everyone and holds no user data; the page's
module redirects to ``/login`` when there is no session. Routes:

=========================  ==================================================================
``/``                      welcome screen ("Hey NAME!", suggestion chips) and new chats;
                           a visitor without a session is sent to ``/welcome``
``/welcome``               the landing page: what Routix makes (real outputs, feed sizes), sign-up
``/c/{conversation_id}``   one conversation (404 page for an id that is not a UUID)
``/login``, ``/register``  account forms (``?next=/path`` returns there afterwards)
``/gallery``               "My thumbnails": generations, quality badges, feed-size previews
``/discover``              the community's published thumbnails (sort, filters, like, remix)
``/shared``                "Shared with you": versions shared with the user; the detail
                           (image, downloads, comments) in a dialog (``?id=<generation>``)
``/p/{slug}``              a published thumbnail's public page (``routix.sharing.pages``)
``/settings/api-keys``     create, list and revoke API keys (a new key is shown once)
``/batches``               batch runs: upload a sheet, map columns, check, start, watch, export
                           (``?id=<batch>`` opens one)
``/brand-kits``            brand kits: create (colours, font, logo), list, default, delete
=========================  ==================================================================

Every page answers with a strict Content-Security-Policy: scripts only from this origin plus
the one inline import map (allowed by its SHA-256), no inline event handlers, no framing.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from routix.brief.models import CATEGORIES
from routix.chat.service import MAX_CONTENT_CHARS
from routix.render.fonts import FONTS, font_path
from routix.web.static_files import StaticAssets

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape is on by default
assets = StaticAssets()
templates.env.globals["static_url"] = assets.url


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The pages' CSP header value (the import map's hash is computed once per process)."""
    digest = base64.b64encode(hashlib.sha256(assets.import_map.encode("utf-8")).digest()).decode("ascii")
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'sha256-{digest}'",
        "style-src 'self'",
        "img-src 'self' data: blob: https: http:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def _page(request: Request, template: str, entry: str, *, title: str, status_code: int = 200,
          **context: object) -> HTMLResponse:
    """Render ``template`` with the module ``entry`` (path under static/js) and its preloads."""
    modules = assets.module_graph(f"js/{entry}")
    response = templates.TemplateResponse(
        request, template,
        {
            "title": title, "entry": modules[0], "preloads": modules[1:], "import_map": assets.import_map,
            **context,
        },
        status_code=status_code,
    )
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"
    return response


@router.get("/", response_class=HTMLResponse)
def welcome(request: Request) -> HTMLResponse:
    """The welcome screen; the chat starts here."""
    return _page(request, "chat.html", "pages/chat.js", title="Routix", heading="New chat", conversation_id="",
                 prompt_max=MAX_CONTENT_CHARS)


@router.get("/c/{conversation_id}", response_class=HTMLResponse)
def conversation(request: Request, conversation_id: str) -> HTMLResponse:
    """A conversation. Whether it exists and is the viewer's is decided by the API (404)."""
    try:
        cid = str(uuid.UUID(conversation_id))
    except ValueError:
        return not_found(request)
    return _page(request, "chat.html", "pages/chat.js", title="Routix", heading="Chat", conversation_id=cid,
                 prompt_max=MAX_CONTENT_CHARS)


#: path -> (template, page module, <title>, template context) of the pages without parameters.
SIMPLE_PAGES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "/welcome": ("landing.html", "pages/landing.js", "Routix · thumbnails from one sentence", {}),
    "/login": ("auth.html", "pages/auth.js", "Log in · Routix", {"mode": "login"}),
    "/register": ("auth.html", "pages/auth.js", "Create your account · Routix", {"mode": "register"}),
    "/gallery": ("gallery.html", "pages/gallery.js", "My thumbnails · Routix", {"heading": "My thumbnails"}),
    "/shared": ("shared.html", "pages/shared.js", "Shared with you · Routix", {"heading": "Shared with you"}),
    "/settings/api-keys": ("api_keys.html", "pages/api_keys.js", "API keys · Routix", {"heading": "API keys"}),
    "/batches": ("batches.html", "pages/batches.js", "Batches · Routix", {"heading": "Batches"}),
    "/brand-kits": ("brand_kits.html", "pages/brand_kits.js", "Brand kits · Routix", {"heading": "Brand kits"}),
    "/references": ("references.html", "pages/references.js", "Reference packs · Routix",
                    {"heading": "Reference packs"}),
}


def _simple_page(template: str, entry: str, title: str, context: dict[str, str]) -> Callable[[Request], HTMLResponse]:
    def page(request: Request) -> HTMLResponse:
        return _page(request, template, entry, title=title, status_code=200, **context)

    return page


for _path, _spec in SIMPLE_PAGES.items():
    router.add_api_route(_path, _simple_page(*_spec), methods=["GET"], response_class=HTMLResponse,
                         name=_spec[1].removeprefix("pages/").removesuffix(".js") + _path.replace("/", "_"))


@router.get("/discover", response_class=HTMLResponse)
def discover(request: Request) -> HTMLResponse:
    """The discover feed (its items come from ``GET /api/v1/discover`` in the browser)."""
    return _page(request, "discover.html", "pages/discover.js", title="Discover · Routix", heading="Discover",
                 categories=CATEGORIES)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico on their own; answer with the SVG logo mark."""
    return Response((assets.root / "img" / "mark.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/design-fonts/{font_id}.woff2")
def design_font(font_id: str) -> Response:
    """A bundled design font (the renderer's files: ``routix.render.fonts.FONTS``), so the
    editor previews a title in the font the server will render it with. 404 for another name."""
    if font_id not in FONTS:
        raise HTTPException(status_code=404)
    return Response(font_path(font_id).read_bytes(), media_type="font/woff2",
                    headers={"Cache-Control": "public, max-age=86400"})


def not_found(request: Request) -> HTMLResponse:
    """A friendly 404 page for a malformed page address."""
    return _page(request, "not_found.html", "pages/static_page.js", title="Not found · Routix", status_code=404)


#: renders a page template with its module (for the pages other packages serve, e.g. ``/p/{slug}``)
render_page = _page
