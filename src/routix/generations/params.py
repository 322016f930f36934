"""What a caller asks for when it creates a generation (the API body, the chat flow).

Validated by pydantic before anything touches the database: prompt 1-1000 characters, title at
most 200, 0-8 variants, at most 4 face photos, a seed in 0..2^31-1. Unknown fields are refused
(a typo is an error, not a silent no-op).
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, model_validator

from routix.generate.pipeline import MAX_VARIANTS

MAX_SEED = 2**31 - 1
MAX_FACES = 4


class GenerationParams(BaseModel):
    """One generation request.

    ``algorithm`` is an algorithm name (``lightning``, ``v1``, ``pro``; see
    ``GET /api/v1/algorithms`` or the chat's ``algorithm_select``), ``algorithm_id`` its row id;
    give either (they must agree when both are given) or neither for the default algorithm.
    ``face_asset_ids`` and ``logo_asset_id`` are the caller's uploaded assets.
    ``template_preference`` is the opaque ``template_ref`` of one of the caller's earlier
    generations ("the same layout as that one"). ``seed`` fixes the art; without it the seed is
    derived from prompt and title (same request, same art).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, max_length=1000, description="what the thumbnail is about")
    title: str | None = Field(default=None, min_length=1, max_length=200, description="title text to draw")
    algorithm: str | None = Field(default=None, min_length=1, max_length=100)
    algorithm_id: uuid.UUID | None = None
    face_asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_FACES)
    logo_asset_id: uuid.UUID | None = None
    template_preference: str | None = Field(default=None, min_length=1, max_length=200)
    variants: int = Field(default=0, ge=0, le=MAX_VARIANTS)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)

    @model_validator(mode="after")
    def _distinct_faces(self) -> "GenerationParams":
        if len(set(self.face_asset_ids)) != len(self.face_asset_ids):
            raise ValueError("face_asset_ids lists the same asset twice")
        return self
