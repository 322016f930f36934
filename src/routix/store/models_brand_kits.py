"""The ``brand_kits`` table: a user's channel identity, applied to generations that name it.

A kit has a ``name`` (unique per user), up to four ``logo_asset_ids`` (the user's own image
assets; the first is the one placed), a title font (``font_name``: a bundled
``routix.render.fonts`` id, or an uploaded font stored content-addressed at ``font_key``
``brand-fonts/<sha256>`` with its ``font_sha256`` and original ``font_filename``),
three colours ``primary_color``, ``secondary_color``, ``accent_color`` (``#RRGGBB``), the
default ``title_style`` (``{uppercase, fill, stroke, stroke_width}``) and ``is_default``
(at most one per user, kept by the service).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from routix.store.models import Base, TimestampMixin, new_id

#: ``routix.store.models.JSONType`` (spelt here: this module is loaded while that one loads)
_JSON = JSON().with_variant(JSONB(), "postgresql")


class BrandKit(TimestampMixin, Base):
    """One brand kit (see the module docstring)."""

    __tablename__ = "brand_kits"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_brand_kits_user_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    logo_asset_ids: Mapped[list[Any]] = mapped_column(_JSON, default=list)
    font_name: Mapped[str | None] = mapped_column(String(100))
    font_key: Mapped[str | None] = mapped_column(String(200))
    font_sha256: Mapped[str | None] = mapped_column(String(64))
    font_filename: Mapped[str | None] = mapped_column(String(200))
    primary_color: Mapped[str] = mapped_column(String(7))
    secondary_color: Mapped[str] = mapped_column(String(7))
    accent_color: Mapped[str] = mapped_column(String(7))
    title_style: Mapped[dict[str, Any]] = mapped_column(_JSON, default=dict)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


__all__ = ["BrandKit"]
