"""Request and response models of the generation API (the response data comes from ``views``)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.generate.pipeline import MAX_VARIANTS
from routix.generations.params import MAX_SEED, GenerationParams
from routix.kit.pagination import PageOut


class GenerationCreate(GenerationParams, RequestModel):
    """A generation request; ``conversation_id`` files it under one of your conversations."""

    conversation_id: uuid.UUID | None = None


class RegenerateBody(RequestModel):
    """Overrides for a regeneration; everything else is copied from the original request."""

    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, description="default: a new random seed")
    variants: int | None = Field(default=None, ge=0, le=MAX_VARIANTS)
    algorithm: str | None = Field(default=None, min_length=1, max_length=100)


class GenerationErrorOut(ResponseModel):
    code: str | None
    message: str | None


class GenerationStatusOut(ResponseModel):
    """A job's state. ``status``: pending, analyzing, searching, composing, generating,
    completed, failed; ``stage`` may be finer (``finalizing``); ``progress`` 0-100."""

    id: str
    status: str
    stage: str
    progress: int = Field(ge=0, le=100)
    message: str
    attempt: int
    algorithm: str = Field(description="the algorithm asked for")
    algorithm_used: str | None = Field(
        default=None, description="the algorithm that made it once completed ('lightning' after a fallback)")
    error: GenerationErrorOut | None
    created_at: str | None
    updated_at: str | None
    started_at: str | None
    completed_at: str | None
    processing_time: float | None = Field(description="seconds the successful attempt took")
    final_thumbnail_url: str | None = Field(description="signed link to thumbnail.jpg once completed")


class InputOut(ResponseModel):
    asset_id: str
    role: str | None
    mode: str | None


class GenerationRequestOut(ResponseModel):
    prompt: str
    title: str | None
    algorithm: str
    face_asset_ids: list[str]
    logo_asset_id: str | None
    inputs: list[InputOut] = Field(description="inputs by role; role null = guessed")
    style_preset: str | None
    realism: int | None
    template_preference: str | None
    variants: int
    seed: int
    conversation_id: str | None
    parent_id: str | None


class GenerationResultOut(ResponseModel):
    """Signed links (expire after ``ROUTIX_SIGNED_URL_TTL`` s) and the inline quality report."""

    thumbnail_url: str | None = Field(description="1280x720 JPEG")
    thumbnail_png_url: str | None = Field(description="1280x720 PNG")
    cover_url: str | None = Field(description="3000x3000 JPEG")
    psd_url: str | None = Field(description="layered PSD, 1280x720")
    design_url: str | None = Field(description="the design document (JSON)")
    quality_url: str | None = Field(description="the quality report (JSON)")
    variants: list[str | None] = Field(description="1280x720 JPEG of each variant")
    variant_pngs: list[str | None] = Field(default_factory=list, description="1280x720 PNG of each variant")
    quality: dict[str, Any] | None
    brief: dict[str, Any]
    notes: list[str]
    timings: dict[str, float] = Field(description="seconds per pipeline stage")


class GenerationOut(GenerationStatusOut):
    request: GenerationRequestOut
    template_ref: str | None = Field(description="opaque per-generation template reference")
    result: GenerationResultOut | None


class GenerationListOut(PageOut):
    """One page of your generations, newest first."""

    items: list[GenerationOut]
