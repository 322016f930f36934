"""Design patches: small, typed edits of a design ("edit instruction -> DesignPatch").

A :class:`DesignPatch` is a list of at most :data:`MAX_OPS` operations, each naming the layer it
edits by id. It is what an LLM designer answers (its JSON Schema goes to the provider's
structured-output mode, see ``routix.providers.structured.strict_schema``) and what
conversational editing will send. :func:`apply_patch` is pure: it returns a new, validated
:class:`~routix.design.models.Design` and never touches the input.

Operations (``op`` is the discriminator):

===============  ======================================================================
``set_text``     replace a text layer's text (1-200 characters)
``set_color``    text layer: the fill becomes a solid of that colour (a gradient fill is
                 replaced by the solid, not recoloured stop by stop: an instruction names
                 one colour, and keeping the other stops could clash with it); shape layer:
                 its fill colour. Background and image layers have no single colour
                 (use ``set_palette``: the algorithm paints the background from it).
``move``         set a layer's box for one aspect (``"16:9"`` -> ``box``, ``"1:1"`` ->
                 ``box_square``; see ``design/boxes.py``). The box is normalised and must
                 lie inside the canvas (0..1 on both axes). The background cannot move.
``set_visible``  show or hide a layer (not the background)
``set_palette``  the design palette, 1-8 colours ``#RRGGBB``
``set_font``     a text layer's font: one of the bundled families (``routix.render.fonts``)
``emphasize``    draw some words of a text layer in an accent colour (``accent_words`` /
                 ``accent_color``); every word must occur in the text; ``[]`` clears
===============  ======================================================================

What a patch cannot change, by construction (no operation has such a field): layer ``slot``,
``meta.template_ref`` and every asset reference (image layers' ``asset``/``mask``, image
fills). So a patch can neither reveal a template nor point a layer at another asset.

Errors: :func:`apply_patch` raises :class:`routix.errors.InvalidInput` naming the operation's
index and kind (``"op 2 (set_text): layer 'subject' is an image layer, not a text layer"``)
for an unknown layer id, a kind mismatch, a box outside the canvas, a word that is not in the
text, or a patched design that no longer validates.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routix.design.models import (
    BackgroundLayer,
    Box,
    Design,
    Layer,
    ShapeLayer,
    Solid,
    TextLayer,
)
from routix.errors import InvalidInput

#: Most operations one patch may carry.
MAX_OPS = 12

#: Bundled font families (the keys of ``routix.render.fonts.FONTS``; a test keeps them equal).
#: Listed here so the design package stays free of the renderer's imports.
FontId = Literal["anton", "bebas", "oswald", "montserrat", "montserrat-black", "montserrat-semibold", "bangers"]

OpaqueColor = Annotated[
    str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="opaque sRGB colour #RRGGBB", examples=["#FFD400"])
]
LayerId = Annotated[str, Field(min_length=1, max_length=64, description="id of an existing layer")]

#: Tolerance for boxes that touch the canvas edge after float arithmetic (normalised units).
EDGE_EPSILON = 1e-6


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatchBox(_Model):
    """A box inside the canvas: top-left corner x, y and size w, h, as fractions 0..1 of the canvas."""

    x: float = Field(ge=0.0, le=1.0)
    y: float = Field(ge=0.0, le=1.0)
    w: float = Field(gt=0.0, le=1.0)
    h: float = Field(gt=0.0, le=1.0)


class SetText(_Model):
    op: Literal["set_text"] = "set_text"
    layer: LayerId
    text: str = Field(min_length=1, max_length=200)


class SetColor(_Model):
    op: Literal["set_color"] = "set_color"
    layer: LayerId
    color: OpaqueColor


class Move(_Model):
    op: Literal["move"] = "move"
    layer: LayerId
    box: PatchBox
    aspect: Literal["16:9", "1:1"]


class SetVisible(_Model):
    op: Literal["set_visible"] = "set_visible"
    layer: LayerId
    visible: bool


class SetPalette(_Model):
    op: Literal["set_palette"] = "set_palette"
    colors: list[OpaqueColor] = Field(min_length=1, max_length=8)


class SetFont(_Model):
    op: Literal["set_font"] = "set_font"
    layer: LayerId
    font: FontId


class Emphasize(_Model):
    op: Literal["emphasize"] = "emphasize"
    layer: LayerId
    words: list[str] = Field(max_length=6, description="words of the layer's text to accent; [] clears")
    color: OpaqueColor


Op = Annotated[SetText | SetColor | Move | SetVisible | SetPalette | SetFont | Emphasize, Field(discriminator="op")]


class DesignPatch(_Model):
    """Up to 12 edits of the design, applied in order, and a one-sentence note on what they achieve."""

    ops: list[Op] = Field(max_length=MAX_OPS)
    note: str = Field(default="", max_length=300, description="one sentence: what the edits achieve")


# --------------------------------------------------------------------------- apply


def _fail(index: int, op: BaseModel, message: str) -> InvalidInput:
    return InvalidInput(f"op {index} ({op.op}): {message}")  # type: ignore[attr-defined]


def _text_layer(layer: Layer, index: int, op: BaseModel) -> TextLayer:
    if not isinstance(layer, TextLayer):
        raise _fail(index, op, f"layer {layer.id!r} is {_kind(layer)}, not a text layer")
    return layer


def _kind(layer: Layer) -> str:
    return {"image": "an image layer", "background": "the background layer"}.get(layer.kind, f"a {layer.kind} layer")


def _set_text(layer: Layer, op: SetText, index: int) -> Layer:
    text = op.text.strip()
    if not text:
        raise _fail(index, op, "text must not be blank")
    return _text_layer(layer, index, op).model_copy(update={"text": text})


def _set_color(layer: Layer, op: SetColor, index: int) -> Layer:
    if isinstance(layer, TextLayer):
        return layer.model_copy(update={"fill": Solid(color=op.color)})
    if isinstance(layer, ShapeLayer):
        return layer.model_copy(update={"fill": op.color})
    raise _fail(index, op, f"layer {layer.id!r} is {_kind(layer)}; only text and shape layers take a colour "
                           "(use set_palette for the background)")


def _move(layer: Layer, op: Move, index: int) -> Layer:
    if isinstance(layer, BackgroundLayer):
        raise _fail(index, op, "the background always fills the canvas and cannot move")
    box = op.box
    if box.x + box.w > 1 + EDGE_EPSILON or box.y + box.h > 1 + EDGE_EPSILON:
        raise _fail(index, op, f"box x+w={box.x + box.w:.3f}, y+h={box.y + box.h:.3f} goes outside the canvas "
                               "(both must be at most 1)")
    field = "box" if op.aspect == "16:9" else "box_square"
    return layer.model_copy(update={field: Box(**box.model_dump())})


def _set_visible(layer: Layer, op: SetVisible, index: int) -> Layer:
    if isinstance(layer, BackgroundLayer) and not op.visible:
        raise _fail(index, op, "the background layer cannot be hidden")
    return layer.model_copy(update={"visible": op.visible})


def _set_font(layer: Layer, op: SetFont, index: int) -> Layer:
    return _text_layer(layer, index, op).model_copy(update={"font": op.font})


_WORD = re.compile(r"[^\w$%#@&+€£']+", re.UNICODE)  # the renderer's accent matching (render/text.py)


def _emphasize(layer: Layer, op: Emphasize, index: int) -> Layer:
    text_layer = _text_layer(layer, index, op)
    present = {_WORD.sub("", w).casefold() for w in text_layer.text.split()}
    missing = [w for w in op.words if _WORD.sub("", w).casefold() not in present]
    if missing:
        raise _fail(index, op, f"{missing} not in the text of layer {layer.id!r} ({text_layer.text!r})")
    return text_layer.model_copy(update={"accent_words": list(op.words), "accent_color": op.color})


def _apply(layer: Layer, op: SetText | SetColor | Move | SetVisible | SetFont | Emphasize, index: int) -> Layer:
    """The layer after one layer operation (every op but ``set_palette``)."""
    if isinstance(op, SetText):
        return _set_text(layer, op, index)
    if isinstance(op, SetColor):
        return _set_color(layer, op, index)
    if isinstance(op, Move):
        return _move(layer, op, index)
    if isinstance(op, SetVisible):
        return _set_visible(layer, op, index)
    if isinstance(op, SetFont):
        return _set_font(layer, op, index)
    return _emphasize(layer, op, index)


def apply_patch(design: Design, patch: DesignPatch) -> Design:
    """A new validated design with ``patch``'s operations applied in order; ``design`` is unchanged.

    Raises InvalidInput naming the operation index for an unknown layer id, a kind mismatch,
    a box outside 0..1, a word missing from the text, or a result that fails validation.
    """
    layers = list(design.layers)
    position = {layer.id: i for i, layer in enumerate(layers)}
    palette = list(design.palette)
    for index, op in enumerate(patch.ops):
        if isinstance(op, SetPalette):
            palette = list(op.colors)
            continue
        i = position.get(op.layer)
        if i is None:
            raise _fail(index, op, f"no layer {op.layer!r}; the layers are {', '.join(position)}")
        layers[i] = _apply(layers[i], op, index)
    patched = design.model_copy(update={"layers": layers, "palette": palette})
    try:
        return Design.model_validate(patched.model_dump(by_alias=True))
    except ValidationError as exc:
        lines = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InvalidInput(f"the patched design is invalid: {lines}") from None
