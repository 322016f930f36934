"""``GET /files/{key}``: downloads from the local blob store through HMAC-signed links.

The link (made by ``LocalBlobStore.url``) carries ``exp`` and ``sig`` and optionally
``filename`` and ``type``; all are covered by the signature. A bad or altered link answers a
403 problem ``invalid_signature``, an expired one 403 ``link_expired``, a missing file 404. With
the S3 store this route answers 404 (links are presigned bucket URLs).

Responses carry ``X-Content-Type-Options: nosniff``, a ``sandbox`` CSP (nothing served here
can run script), ``Cache-Control: private`` up to the link's expiry and, when signed, a
``Content-Disposition: attachment`` with the download name.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from routix.api.deps import ServicesDep
from routix.api.problems import responses
from routix.blobs.disposition import content_disposition
from routix.blobs.local import LocalBlobStore
from routix.errors import InvalidInput, NotFound

router = APIRouter(tags=["files"])

#: Types served when the link names none: by extension, anything else as octet-stream.
_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
    ".json": "application/json", ".psd": "image/vnd.adobe.photoshop", ".mp4": "video/mp4",
    ".webm": "video/webm", ".gif": "image/gif", ".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
}


def guess_type(key: str) -> str:
    """The Content-Type for ``key`` from its extension (``application/octet-stream`` if unknown)."""
    ext = "." + key.rsplit(".", 1)[-1].lower() if "." in key.rsplit("/", 1)[-1] else ""
    return _TYPES.get(ext, "application/octet-stream")


_DOWNLOAD = {
    200: {"description": "the file; its Content-Type comes from the link's `type` or the key's extension",
          "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
    **responses({403: "the link was altered (`invalid_signature`) or has expired (`link_expired`)"}),
}


@router.get("/files/{key:path}", summary="Download a file through a signed link", response_class=FileResponse,
            responses=_DOWNLOAD)
def download(
    key: str, services: ServicesDep,
    exp: str | None = None, sig: str | None = None, filename: str | None = None,
    content_type: Annotated[str | None, Query(alias="type")] = None,
) -> FileResponse:
    store = services.blobs
    if not isinstance(store, LocalBlobStore):
        raise NotFound("file downloads are served by the object store")
    expires = store.signer.verify(key, exp, sig, filename, content_type)
    try:
        path = store.path(key)
    except InvalidInput as exc:
        raise NotFound("file not found") from exc
    if not path.is_file():
        raise NotFound("file not found")
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": f"private, max-age={max(0, min(expires - int(time.time()), 86400))}",
    }
    if filename:
        headers["Content-Disposition"] = content_disposition(filename)
    return FileResponse(path, media_type=content_type or guess_type(key), headers=headers)


router.add_api_route("/files/{key:path}", download, methods=["HEAD"], include_in_schema=False)
