"""The edit operations on the background: ``tint_background`` (a veil layer over it),
``blur_background`` (procedural art painted once into a picture, then blurred),
``color_scheme`` (the palette and the background's colours) and ``new_art`` (a procedural
background's new seed; other art is repainted by the caller's algorithm)."""

from __future__ import annotations

from typing import Protocol

from PIL import Image

from routix.design.models import (
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    ImageFill,
    LinearGradient,
    ProceduralFill,
    RadialGradient,
    ShapeLayer,
    Solid,
)

#: Darkest/brightest veil of ``tint_background`` (alpha at amount -1/+1).
MAX_VEIL = 0.6
TINT_ID = "background-tint"


class OpError(Exception):
    """An operation that does not apply to the design (the message says why)."""


class _Assets(Protocol):
    def put(self, image: Image.Image, *, hint: str) -> str: ...

    def get(self, ref: str) -> Image.Image: ...


def _with_background(design: Design, new: BackgroundLayer) -> Design:
    return design.model_copy(update={"layers": [new if layer.id == new.id else layer for layer in design.layers]})


def background_layer(design: Design) -> BackgroundLayer:
    """The design's background layer; OpError when it has none."""
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer):
            return layer
    raise OpError("the design has no background")


def tint(design: Design, amount: float) -> Design:
    """``design`` with its veil over the background moved by ``amount`` (-1 darker .. +1
    brighter, added to the veil it has); a veil near zero is removed."""
    current = 0.0
    for layer in design.layers:
        if layer.id == TINT_ID and isinstance(layer, ShapeLayer) and layer.fill:
            alpha = int(layer.fill[7:9] or "ff", 16) / 255 / MAX_VEIL
            current = alpha if layer.fill.upper().startswith("#FFFFFF") else -alpha
    total = max(-1.0, min(1.0, current + amount))
    layers = [layer for layer in design.layers if layer.id != TINT_ID]
    if abs(total) > 0.01:
        alpha = round(abs(total) * MAX_VEIL * 255)
        veil = ShapeLayer(id=TINT_ID, name="Background brightness", shape="rectangle", box=Box(x=0, y=0, w=1, h=1),
                          fill=("#FFFFFF" if total > 0 else "#000000") + f"{alpha:02X}", depth=0.0)
        at = next((i + 1 for i, layer in enumerate(layers) if isinstance(layer, BackgroundLayer)), 0)
        layers.insert(at, veil)
    return design.model_copy(update={"layers": layers})


def blur(design: Design, amount: float, assets: _Assets) -> Design:
    """``design`` with its background blurred more by ``amount`` (0..1); art that is not a
    picture is rendered into one (stored in ``assets``) first."""
    background = background_layer(design)
    radius = round(0.004 + 0.02 * amount, 4)
    fill = background.fill
    if not isinstance(fill, ImageFill):  # paint the art once, then blur the picture of it
        from routix.render import render

        alone = design.model_copy(update={"layers": [background], "adjustments": design.adjustments.model_copy()})
        picture = render(alone, (1280, 720), assets.get).image.convert("RGB")
        fill = ImageFill(asset=assets.put(picture, hint="background"))
    fill = fill.model_copy(update={"blur": min(0.1, fill.blur + radius)})
    return _with_background(design, background.model_copy(update={"fill": fill}))


def scheme(design: Design, colors: list[str]) -> Design:
    """``design`` with ``colors`` as its palette and its background's colours (procedural,
    solid, gradient; a picture is kept), arrows and bursts in the last colour."""
    background = background_layer(design)
    fill = background.fill
    if isinstance(fill, ProceduralFill):
        fill = fill.model_copy(update={"palette": list(colors)})
    elif isinstance(fill, Solid):
        fill = Solid(color=colors[0])
    elif isinstance(fill, LinearGradient | RadialGradient):
        stops = [ColorStop(offset=s.offset, color=colors[i % len(colors)]) for i, s in enumerate(fill.stops)]
        fill = fill.model_copy(update={"stops": stops})
    layers = []
    for layer in design.layers:
        if layer.id == background.id:
            layer = background.model_copy(update={"fill": fill})
        elif isinstance(layer, ShapeLayer) and layer.shape in ("arrow", "burst") and layer.fill:
            layer = layer.model_copy(update={"fill": colors[-1] if len(colors) > 1 else colors[0]})
        layers.append(layer)
    return design.model_copy(update={"layers": layers, "palette": list(colors)})


def new_art(design: Design, seed: int | None) -> Design:
    """``design`` whose procedural background has ``seed`` (default: the next one); other art
    is returned unchanged (the caller's algorithm paints)."""
    background = background_layer(design)
    if not isinstance(background.fill, ProceduralFill):
        return design  # the caller's algorithm paints (see apply_edit)
    new_seed = seed if seed is not None else (background.fill.seed * 1103515245 + 12345) % (2**31)
    fill = background.fill.model_copy(update={"seed": new_seed})
    return _with_background(design, background.model_copy(update={"fill": fill}))
