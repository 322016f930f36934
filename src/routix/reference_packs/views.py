"""JSON views of reference packs: each item with a signed link to its image."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.assets.repository import get_active_asset
from routix.assets.service import asset_url
from routix.generations.views import iso
from routix.store.models import ReferencePack


def pack_view(session: Session, services: Any, pack: ReferencePack, viewer_id: uuid.UUID,
              owner_name: str | None = None) -> dict[str, Any]:
    """The JSON view of ``pack`` for ``viewer_id`` (:class:`ReferencePackOut`): ``shared`` when
    the viewer is not the owner, with the owner's display name; each item carries a signed,
    expiring ``thumbnail_url`` of its asset (null once the asset is deleted)."""
    items = []
    for item in pack.items or []:
        asset = get_active_asset(session, pack.user_id, uuid.UUID(str(item["asset_id"])))
        items.append({"asset_id": str(item["asset_id"]), "mode": item.get("mode") or "style_only",
                      "crop": item.get("crop"), "thumbnail_url": asset_url(services, asset) if asset else None})
    shared = pack.user_id != viewer_id
    return {"id": str(pack.id), "name": pack.name, "items": items, "shared": shared,
            "owner_name": owner_name if shared else None,
            "created_at": iso(pack.created_at), "updated_at": iso(pack.updated_at)}
