"""Tables of batch runs (``routix.batches``): a batch, its rows, saved batch templates, and the
read-only shares and row comments of a batch.

A batch keeps its shared ``settings`` (the validated ``routix.batches.schemas.BatchSettings``
as JSON) and a status users see; each row is one thumbnail to make: its request, its own
status, its validation ``errors`` and, once it started, the generation that holds its result
(``generation_id``: the row's result is a version like any other). The work of a row is a
``jobs`` row of kind ``batch_row`` whose ``subject_id`` is the row id.

``batch_shares`` and ``batch_comments`` are deliberately small and batch-only, so they can be
folded into the one sharing domain later without touching the rest of the batch tables.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from routix.store.models import Base, JSONType, TimestampMixin, UTCDateTime, new_id, utcnow

#: What users see of a batch: ``draft`` (rows can change), ``running``, ``paused`` (with a
#: ``pause_reason``), then ``completed`` (every row ended) or ``cancelled``.
BATCH_STATUSES = ("draft", "running", "paused", "completed", "cancelled")
#: A row: ``invalid`` (never runs), ``ready`` (waits for the start), ``queued``, ``running``,
#: then ``completed``, ``failed`` or ``cancelled``.
BATCH_ROW_STATUSES = ("invalid", "ready", "queued", "running", "completed", "failed", "cancelled")
BATCH_ROW_FINAL = ("completed", "failed", "cancelled")


class Batch(TimestampMixin, Base):
    """One batch run of a user (see the module docstring). ``cost_cap`` is the most credits
    the batch may spend (None: no cap); ``pause_reason`` is ``insufficient_credits``,
    ``cost_cap`` or ``user`` while paused; ``start_at`` is when the rows may start (None: now)."""

    __tablename__ = "batches"
    __table_args__ = (Index("ix_batches_user_created", "user_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    source: Mapped[str] = mapped_column(String(20), default="json")
    cost_cap: Mapped[int | None] = mapped_column(Integer)
    credit_cost: Mapped[int] = mapped_column(Integer, default=0)
    pause_reason: Mapped[str | None] = mapped_column(String(50))
    pause_message: Mapped[str | None] = mapped_column(String(500))
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BatchRow(TimestampMixin, Base):
    """One row of a batch: ``position`` (1-based, the sheet's order), the request (``prompt``,
    ``title``, ``inputs`` = ``{"face_asset_ids": [...], "logo_asset_id": ...}``,
    ``overrides`` = per-row settings), ``errors`` (validation messages; non-empty means
    ``invalid``), the run (``status``, ``attempt``, ``error_code``/``error_message``,
    ``credits`` reserved or charged) and ``winner`` (the picked variant, 0 = the main image)."""

    __tablename__ = "batch_rows"
    __table_args__ = (
        UniqueConstraint("batch_id", "position", name="uq_batch_rows_position"),
        Index("ix_batch_rows_batch_status", "batch_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str | None] = mapped_column(String(500))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    errors: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(20), default="ready")
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(100))
    error_message: Mapped[str | None] = mapped_column(Text)
    credits: Mapped[int] = mapped_column(Integer, default=0)
    generation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("generation_requests.id", ondelete="SET NULL"), index=True)
    winner: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BatchTemplate(TimestampMixin, Base):
    """A saved batch template: shared ``settings`` and the sheet's column ``mapping``
    (``{"prompt": "Video idea", ...}``), reused for the next sheet."""

    __tablename__ = "batch_templates"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_batch_templates_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class BatchShare(Base):
    """A read-only share of a batch with another user (``user_id``), made by its owner."""

    __tablename__ = "batch_shares"
    __table_args__ = (UniqueConstraint("batch_id", "user_id", name="uq_batch_shares_user"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BatchComment(Base):
    """A comment on a batch row by its owner or a user it is shared with."""

    __tablename__ = "batch_comments"
    __table_args__ = (Index("ix_batch_comments_row", "row_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    row_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batch_rows.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = ["BATCH_ROW_FINAL", "BATCH_ROW_STATUSES", "BATCH_STATUSES", "Batch", "BatchComment", "BatchRow",
           "BatchShare", "BatchTemplate"]
