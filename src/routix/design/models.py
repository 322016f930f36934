"""The design document: a layered, resolution-independent thumbnail description.

Every coordinate is normalised to the canvas (0..1, origin top-left), every length
that is not a box (stroke widths, blur radii, shadow offsets) is a fraction of the
canvas *height*, so one design renders identically at 1280x720 and at 3000x3000.

A design holds an ordered list of layers, bottom first. Layer kinds:

* ``background`` - fills the canvas: solid, linear/radial gradient, image asset
  (cover-fit, blur, darken) or procedural art (a seeded motif painted by Routix).
* ``image``      - an asset (face cutout, logo, product) with optional alpha mask,
  sticker outline, drop shadow, glow and rotation.
* ``text``       - a text block auto-fitted to its box, with font, fill or gradient,
  stroke, shadow, highlight box, uppercase and maximum line count.
* ``shape``      - arrow, circle ring, rectangle or burst.

Global ``adjustments`` (brightness, contrast, saturation, vignette, sharpen) apply to
the flattened image.

All models reject unknown fields (``extra="forbid"``) so a typo in a hand-edited
``design.json`` is an error, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Final = "routix.design/1"

HexColor = Annotated[
    str,
    Field(
        pattern=r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$",
        description="sRGB colour as #RRGGBB or #RRGGBBAA",
        examples=["#FFD400", "#00000099"],
    ),
]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
"""A normalised quantity in 0..1."""

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
ShapeKind = Literal["arrow", "circle_ring", "rectangle", "burst"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Aspect(StrEnum):
    """Canvas aspect ratios a design renders at."""

    WIDE = "16:9"
    SQUARE = "1:1"
    TALL = "9:16"


#: Standard output sizes (width, height) in px.
SIZES: dict[str, tuple[int, int]] = {
    "youtube": (1280, 720),
    "cover": (3000, 3000),
    "short": (1080, 1920),
    "square_psd": (1080, 1080),
}


class Box(_Model):
    """An axis-aligned box in normalised canvas coordinates (origin top-left).

    ``x``/``y`` are the top-left corner, ``w``/``h`` the size, all 0..1 of the canvas
    width (x, w) or height (y, h). A box may extend past the canvas edge by up to 50 %
    (e.g. a subject cut off at the bottom), so x/y range over -0.5..1.5.
    """

    x: float = Field(ge=-0.5, le=1.5)
    y: float = Field(ge=-0.5, le=1.5)
    w: float = Field(gt=0.0, le=2.0)
    h: float = Field(gt=0.0, le=2.0)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def to_px(self, width: int, height: int) -> tuple[int, int, int, int]:
        """Return ``(left, top, right, bottom)`` in integer px for a canvas of that size."""
        return (
            round(self.x * width),
            round(self.y * height),
            round((self.x + self.w) * width),
            round((self.y + self.h) * height),
        )


FULL_BOX = Box(x=0, y=0, w=1, h=1)

#: The ``model_copy`` update key that sets each aspect's box.
_ASPECT_FIELD: dict[Aspect, str] = {Aspect.WIDE: "box", Aspect.SQUARE: "box_square", Aspect.TALL: "box_tall"}


# --------------------------------------------------------------------------- paints


class Solid(_Model):
    type: Literal["solid"] = "solid"
    color: HexColor


class ColorStop(_Model):
    offset: Unit
    color: HexColor


class LinearGradient(_Model):
    """Linear gradient across the layer box; ``angle`` in degrees, 0 = left->right, 90 = top->bottom."""

    type: Literal["linear"] = "linear"
    angle: float = 90.0
    stops: list[ColorStop] = Field(min_length=2, max_length=8)


class RadialGradient(_Model):
    """Radial gradient centred at (cx, cy) (normalised to the box), radius as a fraction of the box diagonal."""

    type: Literal["radial"] = "radial"
    cx: float = 0.5
    cy: float = 0.5
    radius: float = Field(default=0.75, gt=0)
    stops: list[ColorStop] = Field(min_length=2, max_length=8)


Paint = Annotated[Solid | LinearGradient | RadialGradient, Field(discriminator="type")]


class ImageFill(_Model):
    """A raster asset that covers the canvas (``cover``) or fits inside it (``contain``)."""

    type: Literal["image"] = "image"
    asset: str = Field(min_length=1, description="asset reference, resolved by the renderer's asset resolver")
    fit: Literal["cover", "contain"] = "cover"
    focus_x: Unit = 0.5
    focus_y: Unit = 0.5
    blur: float = Field(default=0.0, ge=0, le=0.1, description="Gaussian blur radius, fraction of canvas height")
    darken: Unit = Field(default=0.0, description="0 = unchanged, 1 = black")


class ProceduralFill(_Model):
    """Seeded procedural art painted by Routix (see ``routix.render.art``)."""

    type: Literal["procedural"] = "procedural"
    motif: str = Field(min_length=1, description="motif name, e.g. 'fire_burst', 'neon_grid'")
    palette: list[HexColor] = Field(min_length=1, max_length=8)
    seed: int = Field(default=0, ge=0)
    intensity: Unit = 0.7


BackgroundFill = Annotated[
    Solid | LinearGradient | RadialGradient | ImageFill | ProceduralFill,
    Field(discriminator="type"),
]

# --------------------------------------------------------------------------- effects


class Stroke(_Model):
    """Outline; ``width`` is a fraction of canvas height (text: of the font size, see TextLayer)."""

    color: HexColor = "#000000"
    width: float = Field(default=0.01, ge=0, le=0.2)


class Shadow(_Model):
    """Drop shadow; offsets and blur are fractions of canvas height."""

    color: HexColor = "#000000"
    opacity: Unit = 0.6
    dx: float = Field(default=0.006, ge=-0.2, le=0.2)
    dy: float = Field(default=0.008, ge=-0.2, le=0.2)
    blur: float = Field(default=0.01, ge=0, le=0.2)


class Glow(_Model):
    """Soft outer glow; ``radius`` is a fraction of canvas height."""

    color: HexColor = "#FFFFFF"
    radius: float = Field(default=0.02, ge=0, le=0.2)
    strength: Unit = 0.8


class Highlight(_Model):
    """A filled box behind text; ``padding`` and ``radius`` are fractions of the font size."""

    color: HexColor = "#000000CC"
    padding: float = Field(default=0.2, ge=0, le=2)
    radius: float = Field(default=0.15, ge=0, le=1)


# --------------------------------------------------------------------------- layers


class _Layer(_Model):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(default="", max_length=120, description="human name; also the PSD layer name")
    visible: bool = True
    opacity: Unit = 1.0
    slot: str | None = Field(
        default=None, description="template slot this layer fills: subject, title, subtitle, logo, badge"
    )
    box: Box = Field(default=FULL_BOX, description="box on the 16:9 canvas (the reference layout)")
    boxes: dict[Aspect, Box] | None = Field(
        default=None,
        description="designed boxes of the other aspects, keyed by aspect ('1:1', '9:16'); an absent "
        "aspect is derived from `box` (see routix.design.boxes)",
    )
    depth: Unit = Field(default=0.5, description="0 = far, 1 = near; used for parallax animation")

    @model_validator(mode="before")
    @classmethod
    def _legacy_boxes(cls, data: Any) -> Any:
        """Fold the old ``box_square`` field and a ``boxes["16:9"]`` entry into the map / ``box``."""
        if not isinstance(data, dict) or not ({"box_square", "boxes"} & data.keys()):
            return data
        data = dict(data)
        boxes = dict(data.get("boxes") or {})
        square = data.pop("box_square", None)
        if square is not None:
            boxes.setdefault(Aspect.SQUARE.value, square)
        wide = boxes.pop(Aspect.WIDE.value, None)
        if wide is not None:
            data["box"] = wide
        data["boxes"] = boxes or None
        return data

    def aspect_box(self, aspect: Aspect | str) -> Box | None:
        """The box designed for ``aspect`` (``box`` for 16:9), or None when it is derived."""
        aspect = Aspect(aspect)
        if aspect is Aspect.WIDE:
            return self.box
        return (self.boxes or {}).get(aspect)

    def with_box(self, aspect: Aspect | str, box: Box | None) -> Self:
        """A copy with ``box`` designed for ``aspect`` (None drops it so it is derived again)."""
        return self.model_copy(update={_ASPECT_FIELD[Aspect(aspect)]: box})

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """``BaseModel.model_copy`` that also accepts ``box_square``/``box_tall`` in ``update``."""
        if update and ({"box_square", "box_tall"} & update.keys()):
            update = dict(update)
            boxes = dict(update.get("boxes", self.boxes) or {})
            for name, aspect in (("box_square", Aspect.SQUARE), ("box_tall", Aspect.TALL)):
                if name in update:
                    value = update.pop(name)
                    if value is None:
                        boxes.pop(aspect, None)
                    else:
                        boxes[aspect] = value
            update["boxes"] = boxes or None
        return super().model_copy(update=update, deep=deep)

    @property
    def box_square(self) -> Box | None:
        """The designed 1:1 box (``boxes["1:1"]``), None when derived; assignable."""
        return (self.boxes or {}).get(Aspect.SQUARE)

    @box_square.setter
    def box_square(self, value: Box | None) -> None:
        self._set_box(Aspect.SQUARE, value)

    @property
    def box_tall(self) -> Box | None:
        """The designed 9:16 box (``boxes["9:16"]``), None when derived; assignable."""
        return (self.boxes or {}).get(Aspect.TALL)

    @box_tall.setter
    def box_tall(self, value: Box | None) -> None:
        self._set_box(Aspect.TALL, value)

    def _set_box(self, aspect: Aspect, value: Box | None) -> None:
        boxes = dict(self.boxes or {})
        if value is None:
            boxes.pop(aspect, None)
        else:
            boxes[aspect] = value
        self.boxes = boxes or None


class BackgroundLayer(_Layer):
    kind: Literal["background"] = "background"
    fill: BackgroundFill


class ImageLayer(_Layer):
    kind: Literal["image"] = "image"
    asset: str = Field(min_length=1, description="asset reference (RGBA cutout, logo, photo)")
    mask: str | None = Field(default=None, description="optional asset reference of an L-mode alpha mask")
    fit: Literal["contain", "cover"] = "contain"
    anchor_x: Unit = Field(default=0.5, description="where the fitted image sits horizontally in its box")
    anchor_y: Unit = Field(default=1.0, description="where the fitted image sits vertically in its box")
    rotation: float = Field(default=0.0, ge=-180, le=180, description="degrees, counter-clockwise")
    flip: bool = False
    outline: Stroke | None = Field(default=None, description="sticker outline around the alpha edge")
    shadow: Shadow | None = None
    glow: Glow | None = None


class TextLayer(_Layer):
    """Text auto-fitted to its box.

    The renderer picks the largest font size (up to ``max_size`` x canvas height) at which
    the text, wrapped to at most ``max_lines`` lines, fits the box; ``stroke.width`` here is a
    fraction of the chosen font size.
    """

    kind: Literal["text"] = "text"
    text: str = Field(min_length=1, max_length=200)
    font: str = Field(default="anton", description="font family id, see routix.render.fonts.FONTS")
    fill: Paint = Solid(color="#FFFFFF")
    stroke: Stroke | None = None
    shadow: Shadow | None = None
    highlight: Highlight | None = None
    glow: Glow | None = None
    uppercase: bool = True
    max_lines: int = Field(default=3, ge=1, le=6)
    align: Align = "left"
    valign: VAlign = "middle"
    line_height: float = Field(default=1.0, ge=0.7, le=2.0)
    max_size: float = Field(default=0.22, gt=0, le=1, description="largest font size, fraction of canvas height")
    min_size: float = Field(default=0.03, gt=0, le=1, description="smallest font size, fraction of canvas height")
    rotation: float = Field(default=0.0, ge=-45, le=45)
    accent_words: list[str] = Field(default_factory=list, description="words drawn in accent_color")
    accent_color: HexColor | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text must not be blank")
        return v


class ShapeLayer(_Layer):
    kind: Literal["shape"] = "shape"
    shape: ShapeKind
    fill: HexColor | None = "#FF2D2D"
    stroke: Stroke | None = None
    rotation: float = Field(default=0.0, ge=-360, le=360, description="degrees; for arrows, the direction")
    corner_radius: Unit = Field(default=0.0, description="rectangle corner radius, fraction of min(box w,h)")
    ring_width: float = Field(default=0.15, gt=0, le=0.5, description="circle ring thickness, fraction of its radius")
    points: int = Field(default=12, ge=5, le=40, description="burst spikes")


Layer = Annotated[
    BackgroundLayer | ImageLayer | TextLayer | ShapeLayer,
    Field(discriminator="kind"),
]


class Adjustments(_Model):
    """Global adjustments on the flattened image; 1.0 = neutral for the factors."""

    brightness: float = Field(default=1.0, ge=0.2, le=2.0)
    contrast: float = Field(default=1.0, ge=0.2, le=2.0)
    saturation: float = Field(default=1.0, ge=0.0, le=3.0)
    vignette: Unit = 0.0
    sharpen: Unit = 0.0


class DesignMeta(_Model):
    """Provenance; never contains private template ids (use an opaque ``template_ref``)."""

    prompt: str = ""
    category: str = ""
    template_ref: str = ""
    algorithm: str = ""
    variant: str = ""
    notes: list[str] = Field(default_factory=list)


class Design(_Model):
    """A complete thumbnail design. Layers are ordered bottom -> top."""

    schema_: Literal["routix.design/1"] = Field(default=SCHEMA_VERSION, alias="schema")
    seed: int = Field(default=0, ge=0)
    palette: list[HexColor] = Field(default_factory=list, max_length=8)
    layers: list[Layer] = Field(min_length=1, max_length=64)
    adjustments: Adjustments = Adjustments()
    meta: DesignMeta = DesignMeta()

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Design:
        ids = [layer.id for layer in self.layers]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate layer ids: {sorted(dupes)}")
        return self

    def layer(self, layer_id: str) -> Layer:
        """Return the layer with that id; raises KeyError."""
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    def by_slot(self, slot: str) -> list[Layer]:
        return [layer for layer in self.layers if layer.slot == slot]

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2, exclude_none=True)

    @classmethod
    def from_json(cls, data: str | bytes) -> Design:
        return cls.model_validate_json(data)
