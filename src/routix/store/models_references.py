"""The ``reference_packs`` and ``reference_pack_shares`` tables: named, reusable sets of
reference images (``routix.reference_packs``).

A pack has a ``name`` (1-100 characters) and ``items``: an ordered list of
``{asset_id, mode, crop}`` where ``asset_id`` is one of the owner's image assets, ``mode`` is
``style_only`` or ``style_and_composition`` and ``crop`` is ``{x, y, w, h}`` (fractions 0..1 of
the image) or null for the whole image. A share lets one other account read and use a pack
(``unique(pack_id, recipient_id)``); both go with the pack and with either account.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from routix.store.models import Base, TimestampMixin, UTCDateTime, new_id, utcnow

#: ``routix.store.models.JSONType`` (spelt here: this module is loaded while that one loads)
_JSON = JSON().with_variant(JSONB(), "postgresql")


class ReferencePack(TimestampMixin, Base):
    """One reference pack (see the module docstring)."""

    __tablename__ = "reference_packs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    items: Mapped[list[Any]] = mapped_column(_JSON, default=list)


class ReferencePackShare(Base):
    """A pack shared read-only with ``recipient_id`` by its owner ``owner_id``."""

    __tablename__ = "reference_pack_shares"
    __table_args__ = (UniqueConstraint("pack_id", "recipient_id", name="uq_reference_pack_shares_pack_recipient"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    pack_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reference_packs.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = ["ReferencePack", "ReferencePackShare"]
