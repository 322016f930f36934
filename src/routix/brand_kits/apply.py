"""A stored kit turned into what the pipeline takes (:class:`routix.generate.brand.Brand`
and the logo image), for the generation job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets.service import load_asset_image
from routix.brand_kits import repository
from routix.brand_kits.fonts import font_id_for
from routix.errors import NotFound
from routix.generate.brand import Brand, BrandTitle
from routix.render.fonts import is_known_font, register_font
from routix.store.models import BrandKit


@dataclass
class PipelineKit:
    """The kit's :class:`Brand` and its first logo that still exists (None without one)."""

    brand: Brand
    logo: Image.Image | None


def kit_for_pipeline(session: Session, services: Any, user_id: uuid.UUID,
                     kit_id: uuid.UUID | None) -> PipelineKit | None:
    """``user_id``'s kit ``kit_id`` for the pipeline, its uploaded font registered with the
    renderer; None without a kit or when the kit was deleted since the request."""
    if kit_id is None:
        return None
    kit = repository.find_kit(session, user_id, kit_id)
    if kit is None:
        return None
    logo = None
    for asset_id in kit.logo_asset_ids or []:
        try:
            logo = load_asset_image(session, services, user_id, asset_id)
            break
        except NotFound:  # a logo deleted since: the next one, or none
            continue
    return PipelineKit(brand=brand_of(kit, services), logo=logo)


def brand_of(kit: BrandKit, services: Any) -> Brand:
    """The :class:`Brand` of ``kit``; an uploaded font is read from the blob store and
    registered with ``routix.render.fonts`` under its id."""
    font = kit.font_name
    if kit.font_key and kit.font_sha256:
        font = font_id_for(kit.font_sha256)
        if not is_known_font(font):
            register_font(font, services.blobs.get(kit.font_key))
    style = kit.title_style or {}
    title = BrandTitle(uppercase=style.get("uppercase"), fill=style.get("fill"), stroke=style.get("stroke"),
                       stroke_width=style.get("stroke_width"))
    return Brand(name=kit.name, colors=(kit.primary_color, kit.secondary_color, kit.accent_color), font=font,
                 title=title)
