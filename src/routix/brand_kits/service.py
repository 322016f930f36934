"""Brand kits: a user's name, logos, font, colours and title style, and their default kit.

Ownership: another user's kit, or a logo asset that is not the caller's, answers NotFound
(404). At most one kit per user is the default: making one the default unsets the others.
Uploaded fonts are validated in a sandbox (:mod:`routix.brand_kits.fonts`) before anything is
stored, then kept content-addressed in the blob store (``brand-fonts/<sha256>``). The font
blob stays when a kit is deleted or changes font: the versions made with it still name it and
are drawn with it again when edited.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.assets.service import get_asset
from routix.batches.plugins import register_setting
from routix.brand_kits import repository
from routix.brand_kits.fonts import check_font
from routix.brand_kits.schemas import BrandKitCreate, BrandKitUpdate
from routix.errors import InvalidInput
from routix.render.fonts import FONTS
from routix.store.models import BrandKit, User, utcnow


def create(session: Session, user: User, body: BrandKitCreate) -> BrandKit:
    """A new kit for ``user``; NotFound for a logo that is not theirs, InvalidInput
    (``unknown_font``) for a font name that is not bundled, Conflict for a taken name."""
    _check_logos(session, user, body.logo_asset_ids)
    kit = BrandKit(
        user_id=user.id, name=body.name, logo_asset_ids=[str(a) for a in body.logo_asset_ids],
        font_name=_bundled(body.font_name), primary_color=body.primary_color, secondary_color=body.secondary_color,
        accent_color=body.accent_color, title_style=body.title_style.model_dump(exclude_none=True),
        is_default=body.is_default,
    )
    repository.save_kit(session, kit)
    if kit.is_default:
        repository.clear_default(session, user.id, keep=kit.id)
    return kit


def update(session: Session, services: Any, user: User, kit_id: uuid.UUID, body: BrandKitUpdate) -> BrandKit:
    """Change the fields ``body`` sets (see :func:`create` for the errors). A ``font_name``
    replaces an uploaded font."""
    kit = repository.get_owned_kit(session, user.id, kit_id)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("logo_asset_ids") is not None:
        _check_logos(session, user, body.logo_asset_ids or [])
        kit.logo_asset_ids = [str(a) for a in body.logo_asset_ids or []]
    for field in ("name", "primary_color", "secondary_color", "accent_color"):
        if changes.get(field) is not None:
            setattr(kit, field, getattr(body, field))
    if body.title_style is not None:
        kit.title_style = body.title_style.model_dump(exclude_none=True)
    if body.font_name is not None:
        kit.font_name = _bundled(body.font_name)
        kit.font_key = kit.font_sha256 = kit.font_filename = None
    if body.is_default is not None:
        kit.is_default = body.is_default
    kit.updated_at = utcnow()
    repository.save_kit(session, kit)
    if kit.is_default:
        repository.clear_default(session, user.id, keep=kit.id)
    return kit


def set_font(session: Session, services: Any, user: User, kit_id: uuid.UUID, data: bytes,
             filename: str | None) -> BrandKit:
    """Give ``user``'s kit the uploaded font ``data``. InvalidInput ``invalid_font`` (422) or
    PayloadTooLarge (413) for a file that is refused (nothing is stored then); NotFound for
    another user's kit."""
    kit = repository.get_owned_kit(session, user.id, kit_id)
    font = check_font(data)
    services.blobs.put(font.storage_key, font.data, font.media_type)
    kit.font_key, kit.font_sha256, kit.font_name = font.storage_key, font.sha256, None
    kit.font_filename = (filename or f"{font.family or 'font'}.{font.ext}")[:200]
    kit.updated_at = utcnow()
    repository.save_kit(session, kit)
    return kit


def delete(session: Session, user: User, kit_id: uuid.UUID) -> None:
    """Delete ``user``'s kit (versions made with it stay as they are)."""
    repository.delete_kit(session, repository.get_owned_kit(session, user.id, kit_id))


def check_kit(session: Session, user_id: uuid.UUID, kit_id: uuid.UUID) -> None:
    """NotFound unless ``kit_id`` is one of ``user_id``'s kits (the batches' settings checker)."""
    repository.get_owned_kit(session, user_id, kit_id)


def _check_logos(session: Session, user: User, asset_ids: list[uuid.UUID]) -> None:
    if len(set(asset_ids)) != len(asset_ids):
        raise InvalidInput("logo_asset_ids lists the same asset twice")
    for asset_id in asset_ids:
        get_asset(session, user, asset_id)


def _bundled(name: str | None) -> str | None:
    if name is not None and name not in FONTS:
        raise InvalidInput(f"unknown font {name!r}; bundled fonts: {', '.join(sorted(FONTS))}",
                           code="unknown_font")
    return name



register_setting("brand_kit_id", check_kit)
