"""A stored request input turned into the image the pipeline takes, for the generation job:
inputs that came from a reference pack are reached through the pack (their assets are the
pack owner's) and cropped as the pack says."""

from __future__ import annotations

import uuid
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets.service import load_asset_image
from routix.errors import NotFound
from routix.reference_packs import repository

#: the smallest side (px) a cropped reference keeps: design DNA needs 64 px on each side
#: (``routix.vision.dna.analyse.MIN_SIDE``), so a smaller crop is scaled up to it
MIN_CROP_SIDE = 64


def load_input_image(session: Session, services: Any, user_id: uuid.UUID, stored: dict[str, Any]) -> Image.Image | None:
    """The image of one stored input ``{asset_id, role, mode[, crop, pack_id]}`` of
    ``user_id``'s request, cropped when it has a ``crop`` (fractions 0..1).

    A plain input must be ``user_id``'s asset (NotFound otherwise, as before). A pack input
    is loaded as its pack owner's asset, and only while the pack is still ``user_id``'s or
    shared with them and still lists the asset; otherwise (pack deleted, asset deleted) it is
    left out: None."""
    pack_id = stored.get("pack_id")
    if pack_id is None:
        image = load_asset_image(session, services, user_id, stored["asset_id"])
    else:
        pack = repository.find_readable_pack(session, user_id, uuid.UUID(str(pack_id)))
        if pack is None or str(stored["asset_id"]) not in {str(i.get("asset_id")) for i in pack.items or []}:
            return None
        try:
            image = load_asset_image(session, services, pack.user_id, stored["asset_id"])
        except NotFound:
            return None
    return crop_image(image, stored.get("crop"))


def crop_image(image: Image.Image, crop: dict[str, Any] | None) -> Image.Image:
    """``image`` cut to ``crop`` ``{x, y, w, h}`` (fractions 0..1 of its width and height; at
    least 1 px each way), scaled up so both sides are at least :data:`MIN_CROP_SIDE` px when
    the cut is smaller; the whole image for None."""
    if not crop:
        return image
    width, height = image.size
    left = min(width - 1, max(0, round(float(crop["x"]) * width)))
    top = min(height - 1, max(0, round(float(crop["y"]) * height)))
    right = min(width, max(left + 1, round((float(crop["x"]) + float(crop["w"])) * width)))
    bottom = min(height, max(top + 1, round((float(crop["y"]) + float(crop["h"])) * height)))
    cut = image.crop((left, top, right, bottom))
    scale = MIN_CROP_SIDE / min(cut.size)
    if scale > 1:
        cut = cut.resize((max(MIN_CROP_SIDE, round(cut.width * scale)), max(MIN_CROP_SIDE, round(cut.height * scale))),
                         Image.Resampling.LANCZOS)
    return cut
