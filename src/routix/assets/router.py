"""``/api/v1/assets``: upload (multipart), list, read (with a signed download link), delete.

Uploads are read from the request stream with a hard cap (``max_upload_bytes``), sniffed from
their bytes, cleaned of metadata and stored by content (see ``routix.assets``). Another user's
asset id answers 404, like an unknown one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import upload_limit
from routix.api.problems import responses
from routix.assets import service as assets
from routix.assets.multipart import read_upload_form
from routix.assets.repository import ASSETS
from routix.assets.schemas import AssetListOut, AssetOut, AssetType
from routix.kit.pagination import PageRequest, pagination
from routix.services import Services
from routix.store.models import Asset

router = APIRouter(prefix="/api/v1/assets", tags=["assets"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "additionalProperties": False,
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "a JPEG, PNG or WebP image"},
                "asset_type": {"type": "string", "enum": list(assets.ASSET_TYPES), "default": "image"},
            },
        }}},
    }
}


def _view(services: Services, asset: Asset) -> AssetOut:
    ttl = services.settings.signed_url_ttl
    return AssetOut(
        id=asset.id, asset_type=asset.asset_type, file_name=asset.file_name, file_size=asset.file_size,
        mime_type=asset.mime_type, width=asset.width, height=asset.height, sha256=asset.sha256,
        created_at=asset.created_at, url=assets.asset_url(services, asset, ttl),
        url_expires_at=datetime.now(UTC) + timedelta(seconds=ttl),
    )


@router.post("", status_code=201, response_model=AssetOut, openapi_extra=_UPLOAD_BODY,
             dependencies=[Depends(upload_limit)], responses=responses({
    413: "file larger than max_upload_bytes, or more pixels than max_upload_pixels",
    415: "not a JPEG, PNG or WebP image (decided from the bytes, not the name)",
    422: "corrupt, CMYK, 16-bit or animated image; unknown form field; bad asset_type",
}))
async def upload_asset(request: Request, user: UserDep, session: SessionDep, services: ServicesDep) -> AssetOut:
    """Upload an image (multipart field ``file``) as a ``face``, ``logo`` or ``image`` asset.

    EXIF orientation is applied and every metadata block (EXIF, GPS, XMP, ICC) is removed.
    """
    form = await read_upload_form(
        request.headers.get("content-type"), request.stream(), max_file_bytes=services.settings.max_upload_bytes,
        allowed_fields=frozenset({"asset_type"}),
    )
    asset = await run_in_threadpool(
        assets.create_asset, session, services, user, form.data, form.filename,
        form.fields.get("asset_type") or "image",
    )
    return _view(services, asset)


@router.get("", response_model=AssetListOut)
def list_assets(
    user: UserDep, session: SessionDep, services: ServicesDep,
    page: Annotated[PageRequest, Depends(pagination(ASSETS))],
    asset_type: AssetType | None = None,
) -> dict[str, Any]:
    """Your assets, newest first; ``next_cursor`` pages on (``?cursor=``)."""
    found = assets.list_assets(session, user, asset_type=asset_type, page=page)
    return {"items": [_view(services, row) for row in found.items], **found.fields()}


@router.get("/{asset_id}", response_model=AssetOut)
def get_asset(asset_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> AssetOut:
    """One of your assets, with a download ``url`` valid for ``signed_url_ttl`` seconds."""
    return _view(services, assets.get_asset(session, user, asset_id))


@router.delete("/{asset_id}", status_code=204)
def delete_asset(asset_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> None:
    """Delete one of your assets (its stored file goes when no other asset shares it)."""
    assets.delete_asset(session, services, user, asset_id)
