"""What the public sees of a published version, and what its owner sees of its publication.

A public view carries the absolute page address (``ROUTIX_PUBLIC_URL``, else the request's
own base), the image at the feed sizes and the video through the publication-checked routes
(``/p/<slug>/image/<size>.jpg``, ``/p/<slug>/video.mp4``), the counts, the owner's display
name and the remix settings (prompt, title, algorithm; never faces, logos or references).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from routix.services import Services
from routix.sharing.images import FEED_SIZES
from routix.store.models import GenerationRequest, Publication


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def base_url(services: Services, request: Request | None) -> str:
    """The service's public address without a trailing slash: ``ROUTIX_PUBLIC_URL``, else the
    request's base URL, else empty (relative links)."""
    if services.settings.public_url:
        return services.settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/") if request is not None else ""


def page_path(slug: str) -> str:
    return f"/p/{slug}"


def public_view(publication: Publication, row: GenerationRequest, services: Services, request: Request | None, *,
                liked: bool | None = None) -> dict[str, Any]:
    """The public JSON of one item (``liked``: whether the signed-in viewer likes it, None
    when nobody is signed in)."""
    base = base_url(services, request)
    path = page_path(publication.slug)
    return {
        "slug": publication.slug, "url": f"{base}{path}", "title": publication.title,
        "display_name": publication.display_name, "category": publication.category or None,
        "algorithm": publication.algorithm, "style": publication.style or None,
        "published_at": iso(publication.published_at), "like_count": publication.like_count,
        "view_count": publication.view_count, "liked": liked,
        "images": {size: f"{base}{path}/image/{size}.jpg" for size in FEED_SIZES},
        "video_url": f"{base}{path}/video.mp4" if publication.has_video else None,
        "remix": {"prompt": row.prompt, "title": row.custom_text, "algorithm": row.algorithm},
    }


def owner_view(publication: Publication | None, services: Services, request: Request | None) -> dict[str, Any]:
    """The owner's view of a version's publication state."""
    if publication is None:
        return {"published": False, "hidden": False, "slug": None, "url": None, "display_name": None,
                "published_at": None, "like_count": 0, "view_count": 0}
    return {
        "published": publication.is_published, "hidden": publication.hidden_at is not None,
        "slug": publication.slug, "url": f"{base_url(services, request)}{page_path(publication.slug)}",
        "display_name": publication.display_name, "published_at": iso(publication.published_at),
        "like_count": publication.like_count, "view_count": publication.view_count,
    }
