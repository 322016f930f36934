"""Request and response models of the generation API (the response data comes from ``views``)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field, model_validator

from routix.api.schemas import RequestModel, ResponseModel
from routix.edit.ops import EditPatch
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
    thumbnail_url: str | None = Field(
        default=None, description="signed link to thumbnail.jpg as soon as it is rendered, before the cover, PSD "
                                  "and variants are made (the generation is still 'generating')")


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
    brand_kit_id: str | None = None
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
    psd_square_url: str | None = Field(description="layered PSD of the 1:1 layout, 1080x1080")
    design_url: str | None = Field(description="the design document (JSON)")
    quality_url: str | None = Field(description="the quality report (JSON)")
    variants: list[str | None] = Field(description="1280x720 JPEG of each variant")
    variant_pngs: list[str | None] = Field(default_factory=list, description="1280x720 PNG of each variant")
    variant_designs: list[str | None] = Field(
        description="each variant's design document (JSON); POST /{id}/variant with its number makes it a version")
    assets: dict[str, str | None] = Field(
        description="the images design.json refers to, keyed by their reference (assets/<name>.png)")
    quality: dict[str, Any] | None
    brief: dict[str, Any]
    notes: list[str]
    timings: dict[str, float] = Field(description="seconds per pipeline stage")


class GenerationOut(GenerationStatusOut):
    request: GenerationRequestOut
    template_ref: str | None = Field(description="opaque per-generation template reference")
    kind: str = Field(description="version kind: generate, regenerate, edit, undo, variant")
    edit_summary: str | None = Field(description="what an edit, undo or variant changed, in words")
    result: GenerationResultOut | None


class GenerationListOut(PageOut):
    """One page of your generations, newest first."""

    items: list[GenerationOut]


class EditBody(RequestModel):
    """An edit of a version: a plain-language ``instruction`` or a typed ``patch`` (exactly one).
    ``asset_ids``: your uploaded images the instruction refers to (a photo to swap in, a logo)."""

    instruction: str | None = Field(default=None, min_length=1, max_length=500,
                                    examples=["make the title bigger", "use a blue colour scheme"])
    patch: EditPatch | None = None
    asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=4)

    @model_validator(mode="after")
    def _one_of(self) -> EditBody:
        if (self.instruction is None) == (self.patch is None):
            raise ValueError("give either instruction or patch")
        return self


class VariantBody(RequestModel):
    """Which variant (1-8); default the next one not made yet."""

    number: int | None = Field(default=None, ge=1, le=MAX_VARIANTS)


class VersionOut(ResponseModel):
    """One version of a tree."""

    id: str
    parent_id: str | None
    kind: str
    status: str
    edit_summary: str | None
    created_at: str | None
    thumbnail_url: str | None = Field(description="signed link once completed")


class VersionTreeOut(ResponseModel):
    """The tree a version belongs to: root first, then every version below it (breadth first)."""

    root_id: str
    version_id: str
    kept_id: str = Field(description="the version kept in an A/B compare (the root when none was kept)")
    ancestors: list[str] = Field(description="ids from the root down to the version's parent")
    children: list[str] = Field(description="ids of the versions made from this one")
    versions: list[VersionOut]
