"""Metadata every motif declares, used for listing, semantic matching and :func:`choose_motif`."""

from __future__ import annotations

from dataclasses import dataclass, field

from routix.brief.models import CATEGORIES


@dataclass(frozen=True)
class MotifInfo:
    """What a motif is and where it fits.

    ``description`` is one sentence (embedded for semantic matching); ``keywords`` are
    lower-case singular words matched against a brief's visual elements; ``default_palette``
    lists '#RRGGBB' colours, dominant first; ``energy`` is the typical 1 (calm) .. 10
    (explosive); ``categories`` are the brief categories (``routix.brief.models.CATEGORIES``)
    the motif suits.
    """

    name: str
    description: str
    keywords: list[str] = field(default_factory=list)
    default_palette: list[str] = field(default_factory=list)
    energy: int = 5
    categories: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = set(self.categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"motif {self.name}: unknown categories {sorted(unknown)}")
        if not 1 <= self.energy <= 10:
            raise ValueError(f"motif {self.name}: energy must be 1..10")
