"""Request and response models of ``/api/v1/admin/templates`` and generation feedback.

The template views (:mod:`routix.library.views`) are for administrators only: a user never sees
which template made their thumbnail.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from routix.api.schemas import RequestModel, ResponseModel
from routix.kit.pagination import PageOut


class TemplatePatch(RequestModel):
    name: str | None = Field(default=None, max_length=80)
    category: str | None = None
    tags: list[str] | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, max_length=400)
    is_active: bool | None = None
    is_featured: bool | None = None
    priority: int | None = Field(default=None, ge=-1000, le=1000)


class TemplateSearch(RequestModel):
    """Search body; ``energy_min <= energy_max`` when both are given (422 otherwise)."""

    query: str = Field(min_length=1, max_length=500)
    category: str | None = None
    has_face: bool | None = None
    has_text: bool | None = None
    energy_min: int | None = Field(default=None, ge=1, le=10)
    energy_max: int | None = Field(default=None, ge=1, le=10)
    k: int = Field(default=10, ge=1, le=100)
    min_score: float | None = Field(default=None, ge=-1, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> TemplateSearch:
        if self.energy_min is not None and self.energy_max is not None and self.energy_min > self.energy_max:
            raise ValueError("energy_min must be <= energy_max")
        return self


class FeedbackBody(RequestModel):
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=500)


class TemplateAdminOut(ResponseModel):
    """A library template as administrators see it; links are signed and short-lived."""

    id: str
    slug: str
    source: str = Field(description="starter or upload")
    name: str
    category: str
    tags: list[str]
    description: str
    status: str = Field(description="pending_analysis, analyzing, analyzed or failed")
    analysis_error: str | None
    file_name: str | None
    width: int | None = Field(description="px of the reference image")
    height: int | None
    has_face: bool
    has_text: bool
    has_logo: bool
    energy_level: int = Field(description="1..10")
    performance_score: float
    usage_count: int
    success_rate: float
    likes: int
    dislikes: int
    is_active: bool
    is_featured: bool
    priority: int
    created_at: str | None = Field(description="ISO 8601, UTC")
    updated_at: str | None
    analyzed_at: str | None
    image_url: str | None = Field(description="the reference image; null for starter templates")
    thumbnail_url: str | None
    preview_url: str | None = Field(description="PNG of the skeleton with placeholders; null until analysed")


class SkeletonSlot(ResponseModel):
    slot: str
    box: list[float] = Field(description="[x, y, w, h], normalised 0..1")


class TemplateDetailOut(TemplateAdminOut):
    style_dna: dict[str, Any] | None = Field(description="the design DNA found by the analysis")
    skeleton_slots: list[SkeletonSlot] = Field(description="slot layers, bottom to top")


class TemplateListOut(PageOut):
    """One page of library templates: featured first, then priority (high first), newest."""

    items: list[TemplateAdminOut]


class RejectedFile(ResponseModel):
    file_name: str
    error: str


class UploadOut(ResponseModel):
    templates: list[TemplateAdminOut] = Field(description="new templates, each pending its analysis job")
    rejected: list[RejectedFile] = Field(description="files that could not be used, and why")


class SearchHit(ResponseModel):
    template: TemplateAdminOut
    similarity: float = Field(description="cosine similarity, -1..1")


class SearchOut(ResponseModel):
    results: list[SearchHit] = Field(description="best first")


class FeedbackOut(ResponseModel):
    generation_id: str
    rating: Literal["up", "down"]


__all__ = ["FeedbackBody", "FeedbackOut", "RejectedFile", "SearchHit", "SearchOut", "SkeletonSlot",
           "TemplateAdminOut", "TemplateDetailOut", "TemplateListOut", "TemplatePatch", "TemplateSearch", "UploadOut"]
