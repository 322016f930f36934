"""The web studio (docs/studio.md): server-rendered page shells, plain ES modules, one CSS file.

``router`` serves the pages (see ``pages``); ``mount(app)`` adds ``/static``; ``install(app)``
does both, once (safe to call again)::

    from routix import web
    web.install(app)

No build step and no CDN: everything the browser loads comes from ``static/`` in this package.
"""

from __future__ import annotations

from fastapi import FastAPI

from routix.web.admin_pages import router as admin_router
from routix.web.pages import router
from routix.web.static_files import STATIC_DIR, CachedStaticFiles


def mount(app: FastAPI) -> None:
    """Serve ``static/`` at ``/static`` (versioned URLs are cached for a year)."""
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")


def install(app: FastAPI) -> None:
    """Add the pages and ``/static`` to ``app`` unless they are there already."""
    routes = app.router.routes
    # FastAPI keeps an included router as one entry (``original_router``), older versions copy its routes
    included = any(getattr(r, "original_router", None) is router or getattr(r, "path", None) == "/login"
                   for r in routes)
    if not included:
        app.include_router(router)
    if not any(getattr(r, "original_router", None) is admin_router or getattr(r, "path", None) == "/admin"
               for r in routes):
        app.include_router(admin_router)
    if not any(getattr(r, "path", None) == "/static" for r in routes):
        mount(app)


__all__ = ["install", "mount", "router"]
