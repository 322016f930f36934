"""Request and response models of reference packs."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import EmailStr, Field, model_validator

from routix.api.schemas import RequestModel, ResponseModel
from routix.kit.pagination import PageOut

#: Most items a request body may list at all; the enforced limit is the setting
#: ``max_reference_pack_items`` (default 6), answered 422 ``too_many_items``.
MAX_ITEMS_BODY = 24
Mode = Literal["style_only", "style_and_composition"]


class Crop(RequestModel):
    """The part of the image to use: ``x``, ``y`` (top-left corner) and ``w``, ``h``, all
    fractions 0..1 of the image's width and height; the box must lie inside the image."""

    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _inside(self) -> Crop:
        if self.x + self.w > 1.000001 or self.y + self.h > 1.000001:
            raise ValueError("the crop box must lie inside the image (x + w <= 1, y + h <= 1)")
        return self


class PackItem(RequestModel):
    """One reference: one of your image assets, its ``mode`` and an optional ``crop``."""

    asset_id: uuid.UUID
    mode: Mode = "style_only"
    crop: Crop | None = None


class ReferencePackCreate(RequestModel):
    """A new pack: ``name`` (1-100 characters) and its ``items`` in order (the first one is the
    reference a generation follows first)."""

    name: str = Field(min_length=1, max_length=100)
    items: list[PackItem] = Field(min_length=1, max_length=MAX_ITEMS_BODY)


class ReferencePackUpdate(RequestModel):
    """Fields to change (absent: unchanged). ``items`` replaces the whole list: that is how
    items are reordered, their modes changed and their crops set."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    items: list[PackItem] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS_BODY)


class ShareBody(RequestModel):
    email: EmailStr


class CropOut(ResponseModel):
    x: float
    y: float
    w: float
    h: float


class PackItemOut(ResponseModel):
    asset_id: str
    mode: str
    crop: CropOut | None
    thumbnail_url: str | None = Field(description="signed, expiring link to the image (null: the asset is gone)")


class ReferencePackOut(ResponseModel):
    id: str
    name: str
    items: list[PackItemOut]
    shared: bool = Field(description="shared with you by another account (read-only)")
    owner_name: str | None = Field(description="the owner's display name for a shared pack; null for yours")
    created_at: str | None
    updated_at: str | None


class ReferencePackListOut(PageOut):
    items: list[ReferencePackOut]


class MessageOut(ResponseModel):
    message: str
