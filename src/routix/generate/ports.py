"""Ports the pipeline takes as arguments, so CLI, API workers and tests run the same code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from routix.brief.models import Brief, Planner  # noqa: F401  (re-exported port)
from routix.design.models import Design


@dataclass(frozen=True)
class Progress:
    """One progress report: ``stage`` name, ``percent`` 0-100 (monotonic), human ``message``."""

    stage: str
    percent: int
    message: str


ProgressCallback = Callable[[Progress], None]

STAGES = ("analyzing", "searching", "composing", "generating", "finalizing")


class AssetStore(Protocol):
    """Port: images referenced by designs. ``put`` returns a reference usable in a design."""

    def get(self, ref: str) -> Image.Image: ...

    def put(self, image: Image.Image, *, hint: str) -> str: ...

    def encoded(self) -> dict[str, bytes]:
        """Every image put so far as PNG bytes, keyed by its reference (written next to the design)."""
        ...


class Algorithm(Protocol):
    """Port: a generation algorithm fills the background/hero art of a design.

    ``name`` is the algorithm id ("lightning", ...). ``fill_background`` returns a new design
    whose background layer holds the art (a ProceduralFill for local art, an ImageFill of a
    stored asset for AI providers). Title text is never painted by an algorithm.
    ``references``: the user's style references as ``(image, mode)`` pairs (mode
    ``style_only`` or ``style_and_composition``); an image model may be shown them, local art
    follows them through the design (their palette is already in it) and ignores them here.
    """

    name: str

    def fill_background(self, design: Design, brief: Brief, *, seed: int, assets: AssetStore,
                        references: Sequence[tuple[Image.Image, str]] = ()) -> Design: ...


class Designer(Protocol):
    """Port: refine a composed design for a brief (e.g. an LLM art director's DesignPatch).

    ``name`` is who designs ("offline", "gemini", "openai"). ``refine`` returns a new valid
    design; it never changes slots, the template reference or asset references, and it runs
    before the algorithm paints the art. Raises ContentBlocked on a provider's safety refusal.
    """

    name: str

    def refine(self, design: Design, brief: Brief) -> Design: ...


class OfflineDesigner:
    """The template's design as composed: ``refine`` returns ``design`` unchanged."""

    name = "offline"

    def refine(self, design: Design, brief: Brief) -> Design:
        return design
