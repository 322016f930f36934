"""The public side of a published version, served without login:

========================================  =================================================
``GET /p/{slug}``                         the server-rendered public page (Open Graph and
                                          Twitter card tags with absolute URLs)
``GET /p/{slug}/image/{size}.jpg``        the image at a feed size (large, medium, small)
``GET /p/{slug}/video.mp4``               the newest video of the version, if any
========================================  =================================================

Every request checks that the item is public (published, not hidden) before anything is
read, and answers ``Cache-Control: no-cache`` with an ETag: browsers and shared caches may
keep a copy but must ask again before using it, so unpublishing or hiding makes the page,
its images and its video 404 at once. There are no signed links to leak: the slug is the
only key, and it stops working the moment the item stops being public.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from routix.api.deps import ServicesDep, SessionDep
from routix.errors import NotFound
from routix.sharing import repository, service
from routix.sharing.images import FEED_SIZES, scaled_jpeg
from routix.sharing.router import MaybeUser
from routix.sharing.views import public_view
from routix.web.pages import not_found, render_page

router = APIRouter(include_in_schema=False)

#: the public answers' caching: stored copies must be revalidated (the publication is checked)
PUBLIC_CACHE_CONTROL = "no-cache"


def _binary(request: Request, data: bytes, media_type: str, tag_source: str) -> Response:
    etag = '"' + hashlib.sha256(tag_source.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": PUBLIC_CACHE_CONTROL, "ETag": etag, "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "sandbox"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)


@router.get("/p/{slug}", response_class=HTMLResponse)
def public_page(slug: str, request: Request, viewer: MaybeUser, session: SessionDep,
                services: ServicesDep) -> HTMLResponse:
    """The public page of a published version (404 page when it is not public)."""
    try:
        item, row = service.public_item(session, slug)
    except NotFound:
        return not_found(request)
    service.record_view(session, services, item, viewer, request)
    session.refresh(item)
    view = public_view(item, row, services, request)
    response = render_page(request, "public_item.html", "pages/public_item.js", title=f"{view['title']} · Routix",
                           item=view)
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response


@router.get("/p/{slug}/image/{size}.jpg")
def public_image(slug: str, size: str, request: Request, session: SessionDep, services: ServicesDep) -> Response:
    """The item's thumbnail at feed size ``size`` (JPEG); 404 when the item is not public."""
    item, row = service.public_item(session, slug)
    if size not in FEED_SIZES:
        raise NotFound("no such image size")
    key = (row.outputs or {}).get("thumbnail.jpg")
    if not key:
        raise NotFound("nothing is published at this address")
    data = scaled_jpeg(key, size, services.blobs.get)
    return _binary(request, data, "image/jpeg", f"{item.slug}:{key}:{size}:{row.updated_at}")


@router.get("/p/{slug}/video.mp4")
def public_video(slug: str, request: Request, session: SessionDep, services: ServicesDep) -> Response:
    """The newest video of the item (MP4); 404 when the item is not public or has none."""
    item, row = service.public_item(session, slug)
    video = repository.latest_video(session, row.id)
    if video is None:
        raise NotFound("this item has no video")
    key = video.outputs["mp4"]
    return _binary(request, services.blobs.get(key), "video/mp4", f"{item.slug}:{key}:{video.updated_at}")
