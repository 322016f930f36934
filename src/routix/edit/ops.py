"""Edit operations: :class:`DesignPatch`'s typed operations plus the ones an editing loop needs.

An :class:`EditPatch` is a list of at most :data:`MAX_OPS` operations (``op`` is the
discriminator). The first seven are :mod:`routix.design.patch`'s own (``set_text``,
``set_color``, ``move``, ``set_visible``, ``set_palette``, ``set_font``, ``emphasize``); the rest:

==================  ==================================================================
``resize``          scale a layer's box about its centre by ``factor`` (0.3..3) on both
                    aspects; a text layer's largest font size scales with it
``shift``           move a layer by ``dx``/``dy`` (fractions of the canvas width/height)
``set_case``        a text layer's case: ``upper``, ``title``, ``lower``, ``sentence``
``set_outline``     a text or image layer's outline colour (``None`` removes it)
``set_shadow``      drop shadow on or off
``set_glow``        a glow colour (``None`` removes it)
``flip``            mirror an image layer
``remove``          delete a layer (not the background)
``tint_background`` ``amount`` -1 (darker) .. +1 (brighter): a veil over the background only
``blur_background`` blur the background (``amount`` 0..1)
``color_scheme``    the palette and the background's colours become ``colors``
``new_art``         the algorithm paints new background art (``seed``); costs credits
``add_sticker``     an icon of the shipped icon set (``icon`` names it) in a ``corner``
                    (each ``add_*`` without a corner takes the one least covered)
``add_badge``       a short label (``text``) on a coloured plate in a ``corner``
``add_arrow``       an arrow in a ``corner`` pointing at the subject
``add_logo``        an uploaded image (``asset_id``) in a ``corner``
``swap_subject``    the subject becomes the cut-out of another uploaded photo (``asset_id``)
``set_layout``      ``mirror`` (everything changes sides), ``title_top``, ``title_bottom``
``apply_brand_kit`` one of the user's brand kits (``kit_id``, a ``name``, or neither for the
                    default kit): its colours lead the palette, its font and title style go
                    on the title, its logo into the logo slot; the service resolves the kit
                    into ``kit`` (:class:`KitLook`) before the patch is applied
==================  ==================================================================

Images are referred to by asset id (a UUID the service checks belongs to the caller), never
by path; a patch never names a template.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from routix.design.patch import (
    MAX_OPS,
    Emphasize,
    LayerId,
    Move,
    OpaqueColor,
    SetColor,
    SetFont,
    SetPalette,
    SetText,
    SetVisible,
)

Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
Case = Literal["upper", "title", "lower", "sentence"]


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resize(_Op):
    op: Literal["resize"] = "resize"
    layer: LayerId
    factor: float = Field(ge=0.3, le=3.0, description="1.2 = 20 % larger")


class Shift(_Op):
    op: Literal["shift"] = "shift"
    layer: LayerId
    dx: float = Field(default=0.0, ge=-1.0, le=1.0, description="fraction of the canvas width, + = right")
    dy: float = Field(default=0.0, ge=-1.0, le=1.0, description="fraction of the canvas height, + = down")


class SetCase(_Op):
    op: Literal["set_case"] = "set_case"
    layer: LayerId
    case: Case


class SetOutline(_Op):
    op: Literal["set_outline"] = "set_outline"
    layer: LayerId
    color: OpaqueColor | None = Field(description="None removes the outline")


class SetShadow(_Op):
    op: Literal["set_shadow"] = "set_shadow"
    layer: LayerId
    on: bool


class SetGlow(_Op):
    op: Literal["set_glow"] = "set_glow"
    layer: LayerId
    color: OpaqueColor | None = Field(description="None removes the glow")


class Flip(_Op):
    op: Literal["flip"] = "flip"
    layer: LayerId


class Remove(_Op):
    op: Literal["remove"] = "remove"
    layer: LayerId


class TintBackground(_Op):
    op: Literal["tint_background"] = "tint_background"
    amount: float = Field(ge=-1.0, le=1.0, description="-1 much darker .. +1 much brighter")


class BlurBackground(_Op):
    op: Literal["blur_background"] = "blur_background"
    amount: float = Field(default=0.5, gt=0.0, le=1.0)


class ColorScheme(_Op):
    op: Literal["color_scheme"] = "color_scheme"
    colors: list[OpaqueColor] = Field(min_length=1, max_length=8)
    name: str = Field(default="", max_length=40, description="what the user called it (blue, neon ...)")


class NewArt(_Op):
    op: Literal["new_art"] = "new_art"
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="default: a new seed")


class AddSticker(_Op):
    op: Literal["add_sticker"] = "add_sticker"
    icon: str = Field(min_length=1, max_length=80, description="icon name or words describing it")
    corner: Corner | None = Field(default=None, description="default: the corner with the least on it")


class AddBadge(_Op):
    op: Literal["add_badge"] = "add_badge"
    text: str = Field(min_length=1, max_length=24)
    corner: Corner | None = Field(default=None, description="default: the corner with the least on it")
    color: OpaqueColor = "#E62117"


class AddArrow(_Op):
    op: Literal["add_arrow"] = "add_arrow"
    corner: Corner | None = Field(default=None, description="default: the corner with the least on it")
    color: OpaqueColor = "#FF2D2D"


class AddLogo(_Op):
    op: Literal["add_logo"] = "add_logo"
    asset_id: uuid.UUID
    corner: Corner | None = Field(default=None, description="default: the corner with the least on it")


class SwapSubject(_Op):
    op: Literal["swap_subject"] = "swap_subject"
    asset_id: uuid.UUID


class SetLayout(_Op):
    op: Literal["set_layout"] = "set_layout"
    layout: Literal["mirror", "title_top", "title_bottom"]


class KitLook(_Op):
    """What a stored brand kit puts on a design (filled in by the service from the kit, never
    trusted from a client): ``colors`` primary, secondary, accent; the title ``font`` id (None:
    keep the design's); the title style (None: keep the design's); the first logo's asset id."""

    kit_id: uuid.UUID
    name: str = Field(min_length=1, max_length=100)
    colors: list[OpaqueColor] = Field(min_length=3, max_length=3)
    font: str | None = Field(default=None, max_length=100)
    uppercase: bool | None = None
    fill: OpaqueColor | None = None
    stroke: OpaqueColor | None = None
    stroke_width: float | None = Field(default=None, ge=0.0, le=0.3)
    logo_asset_id: uuid.UUID | None = None


class ApplyBrandKit(_Op):
    op: Literal["apply_brand_kit"] = "apply_brand_kit"
    kit_id: uuid.UUID | None = Field(default=None, description="one of your kits; with neither this nor name: "
                                                               "your default kit")
    name: str | None = Field(default=None, min_length=1, max_length=100,
                             description="the kit's name as said (matched case-insensitively)")
    kit: KitLook | None = Field(default=None, description="set by the service from the stored kit")


EditOp = Annotated[
    SetText | SetColor | Move | SetVisible | SetPalette | SetFont | Emphasize
    | Resize | Shift | SetCase | SetOutline | SetShadow | SetGlow | Flip | Remove | TintBackground
    | BlurBackground | ColorScheme | NewArt | AddSticker | AddBadge | AddArrow | AddLogo | SwapSubject
    | SetLayout | ApplyBrandKit,
    Field(discriminator="op"),
]

#: Operations that need the algorithm to paint (the edit costs the algorithm's credits).
PAINTING_OPS = frozenset({"new_art"})
#: Operations that bring in an uploaded image (its asset id is owner-checked).
ASSET_OPS = frozenset({"add_logo", "swap_subject", "apply_brand_kit"})


class EditPatch(_Op):
    """Up to 12 edits applied in order and a one-sentence note on what they achieve."""

    ops: list[EditOp] = Field(min_length=1, max_length=MAX_OPS)
    note: str = Field(default="", max_length=300)

    def needs_new_art(self) -> bool:
        """Whether an operation asks the algorithm to paint new art."""
        return any(op.op in PAINTING_OPS for op in self.ops)

    def asset_ids(self) -> list[uuid.UUID]:
        """The uploaded assets the operations bring in, in order (a resolved brand kit's logo too)."""
        ids: list[uuid.UUID] = []
        for op in self.ops:
            if isinstance(op, AddLogo | SwapSubject):
                ids.append(op.asset_id)
            elif isinstance(op, ApplyBrandKit) and op.kit is not None and op.kit.logo_asset_id is not None:
                ids.append(op.kit.logo_asset_id)
        return ids

    def brand_kits(self) -> list[ApplyBrandKit]:
        """The ``apply_brand_kit`` operations, in order."""
        return [op for op in self.ops if isinstance(op, ApplyBrandKit)]
