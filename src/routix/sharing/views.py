"""What the public sees of a published version, what its owner sees of its publication, and
what a user a version is shared with sees of it and of its comments.

A public view carries the absolute page address (``ROUTIX_PUBLIC_URL``, else the request's
own base), the image at the feed sizes and the video through the publication-checked routes
(``/p/<slug>/image/<size>.jpg``, ``/p/<slug>/video.mp4``), the counts, the owner's display
name and the remix settings (prompt, title, algorithm; never faces, logos or references).

A shared version's view carries its title, the owner's display name, its kind and the words of
what an edit changed, and signed, expiring links to the files it made (:data:`SHARED_FILES` and
the variants): nothing of the request (prompt, design document, the ``assets/`` images of the
owner's uploaded faces, logos and references), nor the owner's e-mail address.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from fastapi import Request

from routix.generations.views import signed_url, variant_names
from routix.kit.pagination import Page
from routix.services import Services
from routix.sharing.images import FEED_SIZES
from routix.store.models import GenerationComment, GenerationRequest, Publication

if TYPE_CHECKING:  # the use case's result type only; the service does not import the views
    from routix.sharing.service import SharedVersion

#: answer key -> output name of the files a shared version offers
SHARED_FILES = {
    "thumbnail_url": "thumbnail.jpg",
    "thumbnail_png_url": "thumbnail.png",
    "cover_url": "cover.jpg",
    "psd_url": "design.psd",
    "psd_square_url": "design-1x1.psd",
}


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


def shared_files(services: Services, row: GenerationRequest) -> dict[str, Any]:
    """``{thumbnail_url, thumbnail_png_url, cover_url, psd_url, psd_square_url, variants}``:
    signed links to the files ``row`` has (None / left out where it has none)."""
    files: dict[str, Any] = {key: signed_url(services, row, name) for key, name in SHARED_FILES.items()}
    files["variants"] = [url for name in variant_names(row) if (url := signed_url(services, row, name))]
    return files


def comment_view(entry: GenerationComment, author: str, *, viewer_id: uuid.UUID,
                 owner_id: uuid.UUID) -> dict[str, Any]:
    """One comment as ``viewer_id`` sees it: ``{id, author, body, created_at, mine, by_owner}``
    (``author``: the writer's display name)."""
    return {"id": str(entry.id), "author": author, "body": entry.body, "created_at": iso(entry.created_at),
            "mine": entry.user_id == viewer_id, "by_owner": entry.user_id == owner_id}


def comments_view(found: Page[dict[str, Any]], *, viewer_id: uuid.UUID, owner_id: uuid.UUID) -> dict[str, Any]:
    """A page of ``{comment, author}`` pairs as a comment list answer (items + paging fields)."""
    items = [comment_view(pair["comment"], pair["author"], viewer_id=viewer_id, owner_id=owner_id)
             for pair in found.items]
    return {"items": items, **found.fields()}


def shared_version_view(version: SharedVersion, comments: Page[dict[str, Any]], services: Services,
                        viewer_id: uuid.UUID) -> dict[str, Any]:
    """The detail of a shared version with the first page of its comments (``{comment,
    author}`` pairs), as ``viewer_id`` sees it."""
    row = version.row
    return {
        "generation_id": str(row.id), "title": version.title, "owner_name": version.owner_name,
        "yours": row.user_id == viewer_id, "shared_at": iso(version.shared_at), "created_at": iso(row.created_at),
        "status": row.status, "kind": row.kind or "generate", "description": (row.edit or {}).get("summary"),
        "files": shared_files(services, row),
        "comments": comments_view(comments, viewer_id=viewer_id, owner_id=row.user_id),
    }
