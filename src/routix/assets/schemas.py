"""Response models of ``/api/v1/assets`` (uploads are multipart: see the router's request body)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from routix.api.schemas import ResponseModel
from routix.kit.pagination import PageOut

AssetType = Literal["face", "logo", "image"]


class AssetOut(ResponseModel):
    """One of your uploads: cleaned of metadata, stored by content, with a signed download link."""

    id: uuid.UUID
    asset_type: str = Field(description="face, logo or image")
    file_name: str
    file_size: int = Field(description="bytes")
    mime_type: str
    width: int = Field(description="px")
    height: int = Field(description="px")
    sha256: str
    created_at: datetime
    url: str = Field(description="signed download link")
    url_expires_at: datetime


class AssetListOut(PageOut):
    """One page of your assets, newest first."""

    items: list[AssetOut]


__all__ = ["AssetListOut", "AssetOut", "AssetType"]
