"""Templates: a design skeleton with named slots plus its design DNA.

A template's ``design`` is a complete, renderable :class:`routix.design.Design` whose slot
layers hold placeholders (``asset="slot:subject"``, ``text="{title}"``); the compositor fills
the slots. The structural conventions every skeleton follows are checked when a
:class:`Template` is built (see :mod:`routix.templates.conventions`), so a malformed template
is a ``pydantic.ValidationError`` at construction time, never a surprise at render time.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from routix.brief.models import CATEGORIES, MOODS, STYLES
from routix.design.models import Design, HexColor
from routix.design.tall import with_tall_layout
from routix.templates.conventions import structure_errors

#: Slot names a skeleton may carry; a slot layer's ``id`` equals its slot name. Designs without a
#: photo fill ``hero`` (the main icon), ``hero_b`` (a second icon: the other side of a "vs", a
#: companion), ``number`` (a big counted number), ``label_a``/``label_b`` (the names of the two
#: sides of a "vs") and ``accent`` (a "?" drawn only when the title asks a question).
SLOTS: tuple[str, ...] = (
    "subject", "title", "subtitle", "logo", "badge", "hero", "hero_b", "number", "label_a", "label_b", "accent",
)

Composition = Literal[
    "subject_left", "subject_right", "subject_center", "split", "text_only",
    "hero_center", "hero_side", "hero_number", "hero_versus", "hero_grid",
]
#: Compositions without a person: the text-only ones and the hero layouts of designs without a photo.
NO_FACE: tuple[str, ...] = ("text_only", "hero_center", "hero_side", "hero_number", "hero_versus", "hero_grid")
#: The hero layouts: which compositions show which hero kind (``routix.icons.HeroPlan.kind``).
HERO_COMPOSITIONS: dict[str, tuple[str, ...]] = {
    "icon": ("hero_center", "hero_side"),
    "number": ("hero_number",),
    "versus": ("hero_versus",),
    "grid": ("hero_grid",),
}
BackgroundKind = Literal["procedural", "gradient", "solid", "photo"]
Temperature = Literal["warm", "cool", "neutral"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=64)]

_ENERGY_WORDS = (
    (3, "calm quiet relaxed soft"),
    (6, "balanced upbeat"),
    (8, "energetic exciting punchy"),
    (10, "explosive intense hype loud"),
)


class TemplateDNA(BaseModel):
    """What a template looks like, as searchable, filterable facts.

    ``palette`` is 3-5 sRGB hex colours, dominant first; ``energy`` 1 (calm) .. 10
    (explosive); ``motifs`` are preferred procedural art motifs (``routix.render.art``),
    best first.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    palette: list[HexColor] = Field(min_length=3, max_length=5)
    energy: int = Field(ge=1, le=10)
    mood: str = Field(description="one of routix.brief.MOODS")
    style: str = Field(description="one of routix.brief.STYLES")
    composition: Composition
    has_face: bool
    has_text: bool
    has_logo: bool
    background: BackgroundKind
    motifs: list[str] = Field(default_factory=list, max_length=6)
    temperature: Temperature

    @field_validator("mood")
    @classmethod
    def _known_mood(cls, v: str) -> str:
        if v not in MOODS:
            raise ValueError(f"mood {v!r} is not one of {MOODS}")
        return v

    @field_validator("style")
    @classmethod
    def _known_style(cls, v: str) -> str:
        if v not in STYLES:
            raise ValueError(f"style {v!r} is not one of {STYLES}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> TemplateDNA:
        if (self.composition in NO_FACE) == self.has_face:
            raise ValueError(f"composition {self.composition!r} and has_face={self.has_face} exclude each other"
                             " (text_only and hero layouts have no face)")
        if self.background == "procedural" and not self.motifs:
            raise ValueError("a procedural background needs at least one motif")
        return self

    def energy_words(self) -> str:
        """Plain words for the energy level (embedded in the searchable text)."""
        return next(words for limit, words in _ENERGY_WORDS if self.energy <= limit)


class Template(BaseModel):
    """A starter or user template: id (slug), category, tags, DNA and the design skeleton."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: str = Field(min_length=1, max_length=80)
    category: str = Field(description="one of routix.brief.CATEGORIES")
    tags: list[str] = Field(default_factory=list, max_length=40)
    description: str = Field(min_length=1, max_length=400, description="one or two sentences")
    dna: TemplateDNA
    design: Design

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str) -> str:
        if v not in CATEGORIES:
            raise ValueError(f"category {v!r} is not one of {CATEGORIES}")
        return v

    @field_validator("design")
    @classmethod
    def _tall_layout(cls, v: Design) -> Design:
        """Layers without a designed 9:16 box get the 9:16 layout rule's (routix.design.tall)."""
        return with_tall_layout(v)

    @model_validator(mode="after")
    def _follows_conventions(self) -> Template:
        errors = structure_errors(self.design, self.dna, SLOTS)
        if errors:
            raise ValueError(f"template {self.id!r}: " + "; ".join(errors))
        return self

    def searchable_text(self) -> str:
        """The text embedded for vector search.

        Name, category, description, tags, then mood/style/energy words, composition and
        motifs, joined as sentences (MiniLM embeds short natural text best).
        """
        dna = self.dna
        motifs = ", ".join(m.replace("_", " ") for m in dna.motifs)
        parts = [
            f"{self.name}.",
            f"{self.category} thumbnail.",
            self.description,
            f"Good for: {', '.join(self.tags)}." if self.tags else "",
            f"{dna.mood}, {dna.style}, {dna.energy_words()} style, {dna.temperature} colours.",
            f"Art: {motifs}." if motifs else "",
        ]
        return " ".join(p for p in parts if p)
