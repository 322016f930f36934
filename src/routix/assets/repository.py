"""The assets' queries: owner-scoped look-ups of active uploads, and who still uses a blob.

Every function runs in the caller's session; nothing here commits. A deleted asset
(``is_active`` False) is invisible to its owner, like one that never existed.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import Asset

#: The asset list's order: newest first (ties: by id).
ASSETS = Keyset("assets", SortKey(Asset.created_at, descending=True), SortKey(Asset.id))


def add_asset(session: Session, asset: Asset) -> Asset:
    """Add ``asset`` and flush it (its id and ``created_at`` are set)."""
    session.add(asset)
    session.flush()
    return asset


def get_active_asset(session: Session, user_id: uuid.UUID, asset_id: uuid.UUID) -> Asset | None:
    """``user_id``'s active asset ``asset_id``; None for a missing, deleted or another user's id."""
    return session.scalar(
        select(Asset).where(Asset.id == asset_id, Asset.user_id == user_id, Asset.is_active.is_(True))
    )


def list_active_assets(session: Session, user_id: uuid.UUID, page: PageRequest, *,
                       asset_type: str | None = None) -> Page[Asset]:
    """One page of ``user_id``'s active assets in :data:`ASSETS` order (newest first, ties by
    id), optionally only of ``asset_type``, and their total count. Raises InvalidCursor (422)
    for a cursor of another list."""
    query = select(Asset).where(Asset.user_id == user_id, Asset.is_active.is_(True))
    if asset_type is not None:
        query = query.where(Asset.asset_type == asset_type)
    return paginate(session, query, ASSETS, page)


def count_active_references(session: Session, storage_key: str) -> int:
    """How many active asset rows (any user's) store their bytes under ``storage_key``."""
    return int(session.scalar(
        select(func.count()).select_from(Asset).where(Asset.storage_key == storage_key, Asset.is_active.is_(True))
    ) or 0)


__all__ = ["ASSETS", "add_asset", "count_active_references", "get_active_asset", "list_active_assets"]
