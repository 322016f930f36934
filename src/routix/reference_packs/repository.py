"""Reference packs' queries. Nothing here commits; a pack that is neither yours nor shared with
you answers NotFound like an unknown one."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import ReferencePack, ReferencePackShare, User

#: your packs and those shared with you: newest first
PACKS = Keyset("reference_packs", SortKey(ReferencePack.created_at, True), SortKey(ReferencePack.id, True))

_NOT_FOUND = "reference pack not found"


def get_owned_pack(session: Session, user_id: uuid.UUID, pack_id: uuid.UUID) -> ReferencePack:
    """``user_id``'s pack ``pack_id``; NotFound ("reference pack not found") otherwise, also
    for a pack that is only shared with ``user_id``."""
    pack = session.get(ReferencePack, pack_id)
    if pack is None or pack.user_id != user_id:
        raise NotFound(_NOT_FOUND)
    return pack


def get_readable_pack(session: Session, user_id: uuid.UUID, pack_id: uuid.UUID) -> ReferencePack:
    """Pack ``pack_id`` when ``user_id`` owns it or it is shared with them; NotFound otherwise."""
    pack = find_readable_pack(session, user_id, pack_id)
    if pack is None:
        raise NotFound(_NOT_FOUND)
    return pack


def find_readable_pack(session: Session, user_id: uuid.UUID, pack_id: uuid.UUID) -> ReferencePack | None:
    """Pack ``pack_id`` when ``user_id`` owns it or it is shared with them, else None."""
    pack = session.get(ReferencePack, pack_id)
    if pack is None:
        return None
    if pack.user_id == user_id or is_shared_with(session, pack.id, user_id):
        return pack
    return None


def is_shared_with(session: Session, pack_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """True when pack ``pack_id`` is shared with ``user_id``."""
    query = select(func.count()).select_from(ReferencePackShare).where(
        ReferencePackShare.pack_id == pack_id, ReferencePackShare.recipient_id == user_id)
    return bool(session.scalar(query))


def save_pack(session: Session, pack: ReferencePack) -> ReferencePack:
    """Add or update ``pack`` and flush (its id and times are set)."""
    session.add(pack)
    session.flush()
    return pack


def delete_pack(session: Session, pack: ReferencePack) -> None:
    """Delete ``pack`` (its shares go with it)."""
    session.delete(pack)
    session.flush()


def list_packs(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[ReferencePack]:
    """One page of ``user_id``'s packs and the packs shared with them, newest first."""
    shared = select(ReferencePackShare.pack_id).where(ReferencePackShare.recipient_id == user_id)
    query = select(ReferencePack).where((ReferencePack.user_id == user_id) | ReferencePack.id.in_(shared))
    return paginate(session, query, PACKS, page)


def user_by_email(session: Session, email: str) -> User | None:
    """The active user with ``email`` (case-insensitive), or None."""
    query = select(User).where(func.lower(User.email) == email.lower(), User.is_active.is_(True))
    return session.scalars(query).first()


def add_share(session: Session, share: ReferencePackShare) -> bool:
    """Add ``share``; False (nothing changes) when the pack is shared with that user already."""
    try:
        with session.begin_nested():
            session.add(share)
            session.flush()
    except IntegrityError:
        return False
    return True


def usernames(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """``{id: username}`` of the users ``ids`` (display names; never their e-mail)."""
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(set(ids)))).tuples().all())
