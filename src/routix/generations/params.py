"""What a caller asks for when it creates a generation (the API body, the chat flow).

Validated by pydantic before anything touches the database: prompt 1-1000 characters, title at
most 200, 0-8 variants, at most 4 face photos, a seed in 0..2^31-1. Unknown fields are refused
(a typo is an error, not a silent no-op).

The limits are the ones the job itself applies, so whatever is accepted here makes a design:
the title limit is a design text layer's (``routix.brief.title.MAX_TITLE_CHARS``), the prompt
limit is below the planner's, and prompt and title are stripped the way the planner strips
them (``str.strip``, which also removes the ASCII separators U+001C-U+001F), so a request
with nothing left to read is a 422 here rather than a failed job.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from routix.brief.title import MAX_TITLE_CHARS
from routix.generate.pipeline import MAX_VARIANTS
from routix.generate.presets import PRESETS

MAX_SEED = 2**31 - 1
MAX_FACES = 4
#: Most inputs one request lists (``inputs`` plus the face and logo aliases).
MAX_INPUTS = 8


class InputRef(BaseModel):
    """One input: an uploaded asset and the role it plays. ``role`` person, object, logo,
    scene or reference; null = guessed from the image. ``mode`` (references only):
    ``style_only`` (default) or ``style_and_composition``."""

    model_config = ConfigDict(extra="forbid")

    asset_id: uuid.UUID
    role: Literal["person", "object", "logo", "scene", "reference"] | None = None
    mode: Literal["style_only", "style_and_composition"] | None = None

    @model_validator(mode="after")
    def _mode_for_references(self) -> InputRef:
        if self.mode is not None and self.role != "reference":
            raise ValueError("mode is only for inputs with role reference")
        if self.role == "reference" and self.mode is None:
            self.mode = "style_only"
        return self
#: Longest prompt, characters (at most the planner's ``routix.brief.offline.MAX_PROMPT_CHARS``).
MAX_PROMPT = 1000


class GenerationParams(BaseModel):
    """One generation request.

    ``algorithm`` is an algorithm name (``lightning``, ``v1``, ``pro``; see
    ``GET /api/v1/algorithms`` or the chat's ``algorithm_select``), ``algorithm_id`` its row id;
    give either (they must agree when both are given) or neither for the default algorithm.
    ``inputs`` lists the caller's uploaded assets with their roles (:class:`InputRef`);
    ``face_asset_ids`` (role guessed) and ``logo_asset_id`` (role logo) are older aliases that
    come after them. ``style_preset`` names a preset (``GET /api/v1/presets``), ``realism``
    0 (illustrated) .. 100 (photographic) overrides the preset's. ``brand_kit_id`` names one
    of the caller's brand kits: its colours lead the palette, its font and title style go on the
    title and its first logo is the logo when the request gives none.
    ``reference_pack_id`` names a reference pack (yours or one shared with you): its items
    become inputs with role ``reference``, in the pack's order after ``inputs``, with their
    modes and crops.
    ``template_preference`` is the opaque ``template_ref`` of one of the caller's earlier
    generations ("the same layout as that one"). ``seed`` fixes the art; without it the seed is
    derived from prompt and title (same request, same art).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT, description="what the thumbnail is about")
    title: str | None = Field(default=None, min_length=1, max_length=MAX_TITLE_CHARS, description="title text to draw")
    algorithm: str | None = Field(default=None, min_length=1, max_length=100)
    algorithm_id: uuid.UUID | None = None
    face_asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_FACES)
    logo_asset_id: uuid.UUID | None = None
    inputs: list[InputRef] = Field(default_factory=list, max_length=MAX_INPUTS)
    style_preset: str | None = Field(default=None, min_length=1, max_length=100)
    realism: int | None = Field(default=None, ge=0, le=100)
    template_preference: str | None = Field(default=None, min_length=1, max_length=200)
    brand_kit_id: uuid.UUID | None = Field(default=None, description="one of your brand kits (GET /api/v1/brand-kits)")
    reference_pack_id: uuid.UUID | None = Field(
        default=None, description="one of your reference packs or one shared with you (GET /api/v1/reference-packs)")
    variants: int = Field(default=0, ge=0, le=MAX_VARIANTS)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)

    @field_validator("prompt", "title")
    @classmethod
    def _something_to_read(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()  # pydantic's own stripping keeps the separators U+001C-U+001F
        if not value:
            raise ValueError("must not be blank")
        return value

    @model_validator(mode="after")
    def _distinct_faces(self) -> GenerationParams:
        if len(set(self.face_asset_ids)) != len(self.face_asset_ids):
            raise ValueError("face_asset_ids lists the same asset twice")
        uses = [(i.asset_id, i.role) for i in self.inputs]
        if len(set(uses)) != len(uses):
            raise ValueError("inputs lists the same asset with the same role twice")
        if len(self.inputs) + len(self.face_asset_ids) + (self.logo_asset_id is not None) > MAX_INPUTS:
            raise ValueError(f"at most {MAX_INPUTS} inputs (inputs, face_asset_ids and logo_asset_id together)")
        if self.style_preset is not None and self.style_preset not in PRESETS:
            raise ValueError(f"unknown style_preset {self.style_preset!r}; see GET /api/v1/presets")
        return self

    def asset_ids(self) -> list[uuid.UUID]:
        """Every asset the request refers to: inputs, faces, logo."""
        logo = [self.logo_asset_id] if self.logo_asset_id else []
        return [*(i.asset_id for i in self.inputs), *self.face_asset_ids, *logo]
