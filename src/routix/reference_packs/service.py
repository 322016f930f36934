"""Reference packs: a user's named, ordered sets of reference images, shared read-only by
e-mail and named by generations.

Ownership: every item's asset must be the caller's own image asset; someone else's asset or
pack answers NotFound (404) like an unknown id. A pack shared with you can be read and used
(``reference_pack_id`` of a generation) but not changed, shared or deleted: those answer 404
as for someone else's pack. At most ``settings.max_reference_pack_items`` items (default 6):
more is InvalidInput ``too_many_items`` (422).

Use: :func:`pack_inputs` expands a pack into a request's inputs (role ``reference``, the item's
mode and crop, and the pack's id); the generation job loads them through
:func:`routix.reference_packs.apply.load_input_image`, which reaches the owner's assets only
through a pack the requester may still read and applies the crop. References are only
followed for their style (design DNA): their pixels never reach the thumbnail.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.assets.repository import get_active_asset
from routix.assets.service import get_asset
from routix.audit import service as audit
from routix.errors import InvalidInput
from routix.reference_packs import repository
from routix.reference_packs.schemas import PackItem, ReferencePackCreate, ReferencePackUpdate
from routix.store.models import ReferencePack, ReferencePackShare, User, utcnow


def create(session: Session, services: Any, user: User, body: ReferencePackCreate) -> ReferencePack:
    """A new pack for ``user``. NotFound for an asset that is not theirs; InvalidInput
    ``too_many_items`` for more items than the limit."""
    pack = ReferencePack(user_id=user.id, name=body.name, items=_checked_items(session, services, user, body.items))
    return repository.save_pack(session, pack)


def update(session: Session, services: Any, user: User, pack_id: uuid.UUID, body: ReferencePackUpdate) -> ReferencePack:
    """Rename and/or replace the items of ``user``'s pack (errors as :func:`create`; NotFound
    for a pack that is not theirs, also one only shared with them)."""
    pack = repository.get_owned_pack(session, user.id, pack_id)
    if body.name is not None:
        pack.name = body.name
    if body.items is not None:
        pack.items = _checked_items(session, services, user, body.items)
    pack.updated_at = utcnow()
    return repository.save_pack(session, pack)


def delete(session: Session, user: User, pack_id: uuid.UUID) -> None:
    """Delete ``user``'s pack and its shares (generations made with it stay as they are)."""
    repository.delete_pack(session, repository.get_owned_pack(session, user.id, pack_id))


def share(session: Session, user: User, pack_id: uuid.UUID, email: str, request: Request | None = None) -> None:
    """Share ``user``'s pack read-only with the account of ``email``, if there is one (nothing
    for an unknown address or one's own), audited as ``reference_pack.share`` in the same
    transaction either way. NotFound for a pack that is not theirs."""
    pack = repository.get_owned_pack(session, user.id, pack_id)
    target = repository.user_by_email(session, email)
    added = target is not None and target.id != user.id and repository.add_share(
        session, ReferencePackShare(pack_id=pack.id, owner_id=user.id, recipient_id=target.id))
    audit.record(session, user, "reference_pack.share", "reference_pack", pack.id,
                 after={"email": email.strip().lower()}, request=request, note="shared" if added else "no change")


def pack_inputs(session: Session, user: User, pack_id: uuid.UUID) -> list[dict[str, Any]]:
    """The inputs pack ``pack_id`` adds to ``user``'s request, in the pack's order:
    ``{asset_id, role: "reference", mode, crop, pack_id}`` (string ids; ``crop`` a dict or
    None). Items whose asset was deleted since are left out. NotFound unless the pack is
    ``user``'s or shared with them."""
    pack = repository.get_readable_pack(session, user.id, pack_id)
    rows = []
    for item in pack.items or []:
        if get_active_asset(session, pack.user_id, uuid.UUID(str(item["asset_id"]))) is None:
            continue
        rows.append({"asset_id": str(item["asset_id"]), "role": "reference", "mode": item.get("mode") or "style_only",
                     "crop": item.get("crop"), "pack_id": str(pack.id)})
    return rows


def _checked_items(session: Session, services: Any, user: User, items: list[PackItem]) -> list[dict[str, Any]]:
    limit = services.settings.max_reference_pack_items
    if len(items) > limit:
        raise InvalidInput(f"a reference pack holds at most {limit} images", code="too_many_items")
    for item in items:
        get_asset(session, user, item.asset_id)
    return [{"asset_id": str(i.asset_id), "mode": i.mode, "crop": i.crop.model_dump() if i.crop else None}
            for i in items]


__all__ = ["create", "delete", "pack_inputs", "share", "update"]
