"""Request and response models of brand kits."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import Field, StringConstraints

from routix.api.schemas import RequestModel, ResponseModel
from routix.kit.pagination import PageOut

#: ``#RRGGBB`` (case-insensitive; stored upper case)
Hex = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$", to_upper=True)]
#: Most logos one kit holds.
MAX_LOGOS = 4


class TitleStyle(RequestModel):
    """The kit's default title style: ``uppercase``; ``fill`` and ``stroke`` colours;
    ``stroke_width`` a fraction of the font size (0 = no outline). Unset fields keep the
    template's."""

    uppercase: bool | None = None
    fill: Hex | None = None
    stroke: Hex | None = None
    stroke_width: float | None = Field(default=None, ge=0, le=0.3)


class BrandKitCreate(RequestModel):
    """A new kit. ``logo_asset_ids``: your uploaded images (the first is placed); ``font_name``
    a bundled font (``GET /api/v1/brand-kits/fonts``; an uploaded font replaces it:
    ``PUT /api/v1/brand-kits/{id}/font``); ``is_default`` makes it your default kit."""

    name: str = Field(min_length=1, max_length=100)
    logo_asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_LOGOS)
    font_name: str | None = Field(default=None, min_length=1, max_length=100)
    primary_color: Hex
    secondary_color: Hex
    accent_color: Hex
    title_style: TitleStyle = Field(default_factory=TitleStyle)
    is_default: bool = False


class BrandKitUpdate(RequestModel):
    """Fields to change (absent: unchanged). ``font_name`` replaces an uploaded font."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    logo_asset_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_LOGOS)
    font_name: str | None = Field(default=None, min_length=1, max_length=100)
    primary_color: Hex | None = None
    secondary_color: Hex | None = None
    accent_color: Hex | None = None
    title_style: TitleStyle | None = None
    is_default: bool | None = None


class FontOut(ResponseModel):
    """The kit's title font: ``source`` ``bundled`` (``name`` a bundled id) or ``uploaded``
    (``name`` the family, ``file_name``, ``sha256``); ``id`` is what design.json names."""

    source: str
    id: str
    name: str
    file_name: str | None = None
    sha256: str | None = None


class BrandKitOut(ResponseModel):
    id: str
    name: str
    logo_asset_ids: list[str]
    font: FontOut | None
    primary_color: str
    secondary_color: str
    accent_color: str
    title_style: dict[str, object]
    is_default: bool
    created_at: str | None
    updated_at: str | None


class BrandKitListOut(PageOut):
    items: list[BrandKitOut]


class BundledFontsOut(ResponseModel):
    fonts: list[str] = Field(description="bundled font ids a kit may pick as font_name")
