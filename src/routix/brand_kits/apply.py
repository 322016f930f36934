"""A stored kit turned into what the pipeline takes (:class:`routix.generate.brand.Brand`
and the logo image), for the generation job; and into what an ``apply_brand_kit`` edit
applies (:func:`resolve_edit_kits`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets.service import get_asset, load_asset_image
from routix.brand_kits import repository
from routix.brand_kits.fonts import font_id_for
from routix.edit import ops as o
from routix.errors import InvalidInput, NotFound
from routix.generate.brand import Brand, BrandTitle
from routix.kit.pagination import PageRequest
from routix.render.fonts import is_known_font, register_font
from routix.store.models import BrandKit

#: The question when an edit asks for a brand kit and the user has none.
NO_KIT = "You have no brand kit yet: create one under Brand kits, then ask again."


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


def resolve_edit_kits(session: Session, services: Any, user_id: uuid.UUID, patch: o.EditPatch) -> o.EditPatch:
    """``patch`` with every ``apply_brand_kit`` operation's ``kit`` filled in from ``user_id``'s
    stored kit (whatever ``kit`` a client sent is replaced): by ``kit_id`` (NotFound, 404, for
    another user's or an unknown kit), by ``name`` (case-insensitive), else the default kit (the
    only kit when none is marked default). InvalidInput (422 ``edit_unclear``, the message is
    the question to ask) when the user has no kit, no kit of that name, or several kits and no
    default. An uploaded font is registered with the renderer; the logo is the kit's first logo
    that still exists."""
    if not patch.brand_kits():
        return patch
    ops = [op.model_copy(update={"kit": _look(_pick(session, user_id, op), services, session, user_id)})
           if isinstance(op, o.ApplyBrandKit) else op for op in patch.ops]
    return patch.model_copy(update={"ops": ops})


def _pick(session: Session, user_id: uuid.UUID, op: o.ApplyBrandKit) -> BrandKit:
    if op.kit_id is not None:
        return repository.get_owned_kit(session, user_id, op.kit_id)
    kits = _all_kits(session, user_id)
    if not kits:
        raise InvalidInput(NO_KIT, code="edit_unclear")
    names = ", ".join(f'"{kit.name}"' for kit in kits)
    if op.name is not None:
        wanted = " ".join(op.name.split()).casefold()
        for kit in kits:
            if " ".join(kit.name.split()).casefold() == wanted:
                return kit
        raise InvalidInput(f'You have no brand kit called "{op.name}"; yours: {names}.', code="edit_unclear")
    default = [kit for kit in kits if kit.is_default]
    if default:
        return default[0]
    if len(kits) == 1:
        return kits[0]
    raise InvalidInput(f"Which brand kit: {names}? None of them is your default.", code="edit_unclear")


def _all_kits(session: Session, user_id: uuid.UUID) -> list[BrandKit]:
    kits: list[BrandKit] = []
    page = repository.list_kits(session, user_id, PageRequest(limit=100))
    kits.extend(page.items)
    while page.next_cursor is not None:
        page = repository.list_kits(session, user_id, PageRequest(limit=100, cursor=page.next_cursor))
        kits.extend(page.items)
    return kits


def _look(kit: BrandKit, services: Any, session: Session, user_id: uuid.UUID) -> o.KitLook:
    brand = brand_of(kit, services)
    logo = None
    for asset_id in kit.logo_asset_ids or []:
        try:
            logo = get_asset(session, user_id, asset_id).id
            break
        except NotFound:  # a logo deleted since: the next one, or none
            continue
    return o.KitLook(kit_id=kit.id, name=kit.name, colors=list(brand.colors), font=brand.font,
                     uppercase=brand.title.uppercase, fill=brand.title.fill, stroke=brand.title.stroke,
                     stroke_width=brand.title.stroke_width, logo_asset_id=logo)
