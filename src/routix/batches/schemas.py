"""Request and response shapes of the batch routes.

A batch is its shared :class:`BatchSettings` plus rows (:class:`RowIn`). Row fields are the
sheet's columns after the column mapping (:data:`FIELDS`): ``name``, ``prompt``, ``title``,
``face`` / ``logo`` (asset ids, or file names inside the uploaded zip of images),
``variants`` and ``algorithm`` (per-row overrides).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from routix.api.schemas import RequestModel, ResponseModel
from routix.generate.pipeline import MAX_VARIANTS
from routix.kit.pagination import PageOut

#: Most rows in one batch.
MAX_ROWS = 2000
#: The row fields a sheet column can be mapped to.
FIELDS = ("name", "prompt", "title", "face", "logo", "variants", "algorithm")
#: Aspects a batch renders; every result has 16:9 (thumbnail) and 1:1 (cover).
Aspect = Literal["16:9", "1:1"]


class BatchSettings(RequestModel):
    """Settings shared by every row. ``brand_kit_id``, ``style_preset_id`` and
    ``reference_pack_id`` name the user's brand kit, style preset and reference pack; each is
    checked by the domain that owns it (``routix.batches.plugins``) and refused with 422
    ``feature_unavailable`` while no such domain is installed."""

    algorithm: str | None = Field(default=None, min_length=1, max_length=100,
                                  description="a Routix Version name; default: the default algorithm")
    variants: int = Field(default=0, ge=0, le=MAX_VARIANTS, description="extra variants per row (A/B)")
    aspects: list[Aspect] = Field(default_factory=lambda: list[Aspect](["16:9"]), min_length=1, max_length=2,
                                  description="16:9 (thumbnail) and/or 1:1 (cover)")
    brand_kit_id: uuid.UUID | None = None
    style_preset_id: uuid.UUID | None = None
    reference_pack_id: uuid.UUID | None = None


class RowIn(RequestModel):
    """One row as the JSON API takes it. Bad values are not refused here: each row is
    validated on its own and a bad one keeps its ``errors`` (the others can still run)."""

    name: str | None = Field(default=None, max_length=200)
    prompt: str | None = Field(default=None, max_length=20_000)
    title: str | None = Field(default=None, max_length=20_000)
    face_asset_ids: list[str] = Field(default_factory=list, max_length=16)
    logo_asset_id: str | None = Field(default=None, max_length=100)
    variants: int | None = None
    algorithm: str | None = Field(default=None, max_length=100)


class BatchCreate(RequestModel):
    """``POST /api/v1/batches``: a batch from JSON rows (asset ids from ``POST /api/v1/assets``)."""

    name: str = Field(default="Batch", min_length=1, max_length=200)
    settings: BatchSettings = Field(default_factory=BatchSettings)
    rows: list[RowIn] = Field(min_length=1, max_length=MAX_ROWS)
    cost_cap: int | None = Field(default=None, ge=0, description="most credits the batch may spend")
    template_id: uuid.UUID | None = Field(default=None, description="a saved batch template: its settings")
    start: bool = Field(default=False, description="start at once (the valid rows)")
    start_at: datetime | None = Field(default=None, description="rows do not start before this time (UTC)")


class BatchStart(RequestModel):
    """``POST /api/v1/batches/{id}/start``."""

    cost_cap: int | None = Field(default=None, ge=0)
    start_at: datetime | None = None


class BatchResume(RequestModel):
    """``POST /api/v1/batches/{id}/resume``: optionally a new cost cap (credits)."""

    cost_cap: int | None = Field(default=None, ge=0)


class RowPatch(RequestModel):
    """``PATCH /api/v1/batches/{id}/rows/{row_id}``: fix a row of a draft batch, or pick the
    winning variant (``winner``: 0 = the main image, k = variant k) of a completed row."""

    prompt: str | None = Field(default=None, max_length=20_000)
    title: str | None = Field(default=None, max_length=20_000)
    winner: int | None = Field(default=None, ge=0, le=MAX_VARIANTS)


class TemplateIn(RequestModel):
    """A saved batch template: settings plus the column mapping (field -> column header)."""

    name: str = Field(min_length=1, max_length=200)
    settings: BatchSettings = Field(default_factory=BatchSettings)
    mapping: dict[str, str] = Field(default_factory=dict)

    @field_validator("mapping")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown fields {unknown}; map any of {list(FIELDS)}")
        return value


class ResultsExport(RequestModel):
    """``POST /api/v1/exports``: a chosen set of your results (generation ids), as ``csv``,
    ``json`` or a ``zip`` of their thumbnails."""

    generation_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    format: Literal["csv", "json", "zip"] = "zip"


class ShareIn(RequestModel):
    """Share a batch read-only with the account of ``email``."""

    email: str = Field(min_length=3, max_length=255)


class CommentIn(RequestModel):
    body: str = Field(min_length=1, max_length=2000)


class RowOut(ResponseModel):
    id: uuid.UUID
    position: int
    name: str
    prompt: str
    title: str | None
    inputs: dict[str, Any]
    overrides: dict[str, Any]
    errors: list[str]
    status: str
    attempt: int
    error_code: str | None
    error_message: str | None
    credits: int
    generation_id: uuid.UUID | None
    winner: int | None
    thumbnail_url: str | None = None
    variant_urls: list[str] = Field(default_factory=list)


class Counts(ResponseModel):
    """Rows per status."""

    invalid: int = 0
    ready: int = 0
    queued: int = 0
    running: int = 0
    completed: int = 0
    failed: int = 0
    cancelled: int = 0


class Estimate(ResponseModel):
    """What the valid rows would cost: ``credits`` (the algorithms' credit costs) and
    ``provider_usd`` (the most the providers may bill, US dollars), against the ``balance``."""

    rows: int
    credits: int
    provider_usd: float
    balance: int
    enough: bool


class BatchStatus(ResponseModel):
    id: uuid.UUID
    name: str
    status: str
    pause_reason: str | None
    pause_message: str | None
    counts: Counts
    total: int
    credits_spent: int
    cost_cap: int | None
    eta_seconds: float | None
    start_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None


class BatchOut(BatchStatus):
    settings: dict[str, Any]
    source: str
    owner: bool
    created_at: datetime
    estimate: Estimate | None = None
    rows: list[RowOut] = Field(default_factory=list)


class BatchListOut(PageOut):
    items: list[BatchStatus]


class RowListOut(PageOut):
    items: list[RowOut]


class TemplateOut(ResponseModel):
    id: uuid.UUID
    name: str
    settings: dict[str, Any]
    mapping: dict[str, str]
    created_at: datetime


class SheetPreview(ResponseModel):
    """``POST /api/v1/batches/sheet``: the sheet's columns, its first rows and a suggested
    mapping (field -> column), for the column-mapping step."""

    columns: list[str]
    sample: list[dict[str, str]]
    rows: int
    mapping: dict[str, str]


class ExportOut(ResponseModel):
    """Signed links to the batch's exports."""

    csv_url: str
    json_url: str
    zip_url: str


class ShareOut(ResponseModel):
    shared: bool = True


class CommentOut(ResponseModel):
    id: uuid.UUID
    row_id: uuid.UUID
    author: str
    body: str
    created_at: datetime


class ActionOut(ResponseModel):
    """What a pause, resume, cancel or retry changed."""

    status: str
    rows: int = Field(description="rows the action touched")


Status = Literal["invalid", "ready", "queued", "running", "completed", "failed", "cancelled"]
