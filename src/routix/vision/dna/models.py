"""The :class:`StyleDNA` model: what a reference thumbnail looks like, as JSON-safe facts.

Every box is ``[x, y, w, h]`` normalised 0..1 of the analysed image (origin top-left, like
:class:`routix.design.Box`); every score is 0..1 unless stated. The model is frozen and rejects
unknown fields, and ``StyleDNA.model_validate(dna.model_dump(mode="json")) == dna``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from routix.design.models import HexColor

Temperature = Literal["warm", "cool", "neutral"]
ContrastLevel = Literal["low", "medium", "high"]
Layout = Literal["centered", "rule_of_thirds", "split", "left_heavy", "right_heavy"]
BackgroundType = Literal["solid", "gradient", "photo", "pattern"]
SlotName = Literal["subject", "title", "subtitle", "logo", "badge"]


def _check_box(box: list[float]) -> list[float]:
    x, y, w, h = box
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 and 0.0 < w <= 1.0 and 0.0 < h <= 1.0):
        raise ValueError(f"box {box} is not [x, y, w, h] normalised 0..1 with w, h > 0")
    if x + w > 1.0 + 1e-6 or y + h > 1.0 + 1e-6:
        raise ValueError(f"box {box} leaves the image")
    return box


Unit = Annotated[float, Field(ge=0.0, le=1.0)]
#: ``[x, y, w, h]`` normalised 0..1 of the image, inside the image, w and h > 0.
NormBox = Annotated[list[float], Field(min_length=4, max_length=4), AfterValidator(_check_box)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PaletteColor(_Frozen):
    """One dominant colour: sRGB ``hex``, pixel ``share`` 0..1 and CIELAB (D65) ``lab``
    ``[L 0..100, a, b]`` of its cluster centre."""

    hex: HexColor
    share: Unit
    lab: Annotated[list[float], Field(min_length=3, max_length=3)]


class Contrast(_Frozen):
    """``rms``: standard deviation of L*/100 over the image (0..~0.5); ``level`` from it
    (see :data:`routix.vision.dna.analyse.CONTRAST_LEVELS`)."""

    rms: Unit
    level: ContrastLevel


class FocalPoint(_Frozen):
    """A point the eye goes to: ``x``, ``y`` normalised 0..1, ``weight`` 0..1 (the strongest is 1)."""

    x: Unit
    y: Unit
    weight: Unit


class Composition(_Frozen):
    """Layout type and up to 4 focal points, strongest first."""

    layout: Layout
    focal_points: list[FocalPoint] = Field(default_factory=list, max_length=4)


class FaceRegion(_Frozen):
    """A detected face: ``box`` (brows-to-chin square, normalised) and ``size`` = its area share
    of the image 0..1; ``score`` is the detector confidence."""

    box: NormBox
    size: Unit
    score: Unit


class TextRegion(_Frozen):
    """One OCR'd text line: ``box`` normalised, the ``text`` read, its ``confidence`` 0..1,
    the ``color`` of its letters (None when it cannot be told) and the ``backdrop`` colour
    right around them (the background, or a badge's highlight box)."""

    box: NormBox
    text: str
    confidence: Unit
    color: HexColor | None = None
    backdrop: HexColor | None = None


class Slot(_Frozen):
    """A skeleton slot found in the reference: ``slot`` name and ``box`` normalised."""

    slot: SlotName
    box: NormBox


class Background(_Frozen):
    """How the background was classified and what it looks like.

    ``kind``: solid | gradient | photo | pattern. ``colors``: 1-3 sRGB hex colours of the
    background (solid: its colour; gradient: the colours at the start, middle and end along
    ``angle``; photo/pattern: its median colour). The background is what is left outside the
    people (person matte), the subject/logo slots and the text. ``angle``: direction of a
    gradient in degrees (0 = left->right, 90 = top->bottom, as :class:`routix.design.LinearGradient`),
    None for other kinds. ``smooth_fit``: share of background pixels within ΔE76 8 of the
    best smooth (quadratic) fit, 0..1; ``periodicity``: strongest off-centre autocorrelation
    peak of the background's texture, 0..1.
    """

    kind: BackgroundType
    colors: list[HexColor] = Field(min_length=1, max_length=3)
    angle: float | None = None
    smooth_fit: Unit
    periodicity: Unit


class StyleDNA(_Frozen):
    """Design DNA of one reference image (see :func:`routix.vision.dna.analyse_dna`).

    * ``width``/``height``: px of the analysed image.
    * ``palette``: 1-6 dominant colours, dominant first, shares summing to ~1. Images with
      fewer than 3 perceptually distinct colours (ΔE76 >= 8) give fewer than 3 entries.
    * ``temperature`` + ``temperature_score`` -1 (cool) .. 1 (warm).
    * ``brightness`` mean L*/100; ``saturation`` mean CIELAB chroma / 100 (clipped 0..1);
      ``contrast``; ``edge_density`` share of Canny edge px; ``energy`` 1 (calm) .. 10.
    * ``composition``, ``faces`` (largest first), ``text`` (OCR lines), ``words``.
    * ``background``; ``has_face``/``has_text``/``has_logo``; ``logo_box`` when has_logo.
    * ``slots``: the design skeleton (subject, title, subtitle, logo, badge; each at most once).
    * ``ocr``: whether OCR ran (``False`` means ``text``/``words`` are empty by request).
    """

    version: Literal[1] = 1
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    palette: list[PaletteColor] = Field(min_length=1, max_length=6)
    temperature: Temperature
    temperature_score: float = Field(ge=-1.0, le=1.0)
    brightness: Unit
    saturation: Unit
    contrast: Contrast
    edge_density: Unit
    energy: int = Field(ge=1, le=10)
    composition: Composition
    faces: list[FaceRegion] = Field(default_factory=list)
    text: list[TextRegion] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    background: Background
    has_face: bool
    has_text: bool
    has_logo: bool
    logo_box: NormBox | None = None
    slots: list[Slot] = Field(default_factory=list)
    ocr: bool = True

    def slot(self, name: str) -> Slot | None:
        """The slot called ``name``, or None."""
        return next((s for s in self.slots if s.slot == name), None)

    def palette_hexes(self) -> list[str]:
        """The palette's hex colours, dominant first."""
        return [c.hex for c in self.palette]
