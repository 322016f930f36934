"""Brand kits' queries. Nothing here commits; another user's kit answers NotFound like an
unknown one."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.errors import Conflict, NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import BrandKit

#: a user's kits: newest first
KITS = Keyset("brand_kits", SortKey(BrandKit.created_at, True), SortKey(BrandKit.id, True))


def get_owned_kit(session: Session, user_id: uuid.UUID, kit_id: uuid.UUID) -> BrandKit:
    """``user_id``'s brand kit ``kit_id``; NotFound ("brand kit not found") otherwise."""
    kit = session.get(BrandKit, kit_id)
    if kit is None or kit.user_id != user_id:
        raise NotFound("brand kit not found")
    return kit


def find_kit(session: Session, user_id: uuid.UUID, kit_id: uuid.UUID) -> BrandKit | None:
    """``user_id``'s brand kit ``kit_id`` or None (deleted since, or not theirs)."""
    kit = session.get(BrandKit, kit_id)
    return kit if kit is not None and kit.user_id == user_id else None


def save_kit(session: Session, kit: BrandKit) -> BrandKit:
    """Add or update ``kit`` and flush; Conflict (``brand_kit_exists``) when the user has a kit
    of that name."""
    try:
        with session.begin_nested():
            session.add(kit)
            session.flush()
    except IntegrityError:
        raise Conflict("you have a brand kit with this name already", code="brand_kit_exists") from None
    return kit


def clear_default(session: Session, user_id: uuid.UUID, keep: uuid.UUID | None) -> None:
    """Unset ``is_default`` on every kit of ``user_id`` but ``keep``."""
    query = update(BrandKit).where(BrandKit.user_id == user_id, BrandKit.is_default.is_(True))
    if keep is not None:
        query = query.where(BrandKit.id != keep)
    session.execute(query.values(is_default=False).execution_options(synchronize_session="fetch"))


def delete_kit(session: Session, kit: BrandKit) -> None:
    """Delete ``kit``."""
    session.delete(kit)
    session.flush()


def list_kits(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[BrandKit]:
    """One page of ``user_id``'s kits, newest first."""
    return paginate(session, select(BrandKit).where(BrandKit.user_id == user_id), KITS, page)
