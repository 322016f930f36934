"""Design -> layers -> flattened image: :func:`render_layers`, :func:`composite`, :func:`render`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PIL import Image

from routix.design import (
    Aspect,
    BackgroundLayer,
    Design,
    ImageLayer,
    Layer,
    ShapeLayer,
    TextLayer,
    aspect_of,
    with_tall_layout,
)
from routix.errors import InvalidInput
from routix.render.adjust import apply_adjustments
from routix.render.assets import AssetResolver
from routix.render.background import paint_background
from routix.render.effects import scale_alpha
from routix.render.image_layer import paint_image_layer
from routix.render.shapes import paint_shape
from routix.render.sprite import PxBox, Sprite, finish
from routix.render.text import TextLayout
from routix.render.text_layer import paint_text

#: Largest canvas side accepted, px (a 3000x3000 cover is the biggest standard size).
MAX_SIDE = 8192


@dataclass
class RenderedLayer:
    """One design layer's pixels, ready to composite or to become a PSD layer.

    ``image`` is RGBA cropped to the canvas part the layer covers, or RGB when the layer is
    fully opaque (backgrounds), placed at ``offset`` (left, top) px; ``opacity`` (0..1) is
    *not* baked into ``image``; ``image`` may be shared with the procedural-art cache, so treat
    it as read-only. ``box`` is the px box (left, top, right, bottom) of what the layer drew
    (see :class:`RenderResult`), None when nothing landed on the canvas; ``text_layout`` is set
    for text layers.
    """

    layer_id: str
    name: str
    image: Image.Image
    offset: tuple[int, int]
    opacity: float
    box: PxBox | None = None
    text_layout: TextLayout | None = None


@dataclass
class RenderResult:
    """A rendered design.

    ``image``: RGB of exactly the requested size. ``boxes``: per visible layer id that drew
    something on the canvas, its px box (left, top, right, bottom; right/bottom exclusive) of
    what it drew: text = ink box including the stroke; image = the placed image including its
    sticker outline (alpha >= 50 %); shape = the shape including its stroke; background = the
    canvas; shadows and glows excluded. ``text_layouts``: per visible text layer id.
    """

    image: Image.Image
    boxes: dict[str, PxBox] = field(default_factory=dict)
    text_layouts: dict[str, TextLayout] = field(default_factory=dict)


def _check_size(size: tuple[int, int]) -> tuple[int, int]:
    try:
        w, h = int(size[0]), int(size[1])
    except (TypeError, ValueError, IndexError):
        raise InvalidInput(f"size must be (width, height) in px, got {size!r}") from None
    if not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
        raise InvalidInput(f"size must be 1..{MAX_SIDE} px per side, got {w}x{h}")
    return w, h


def render_layer(layer: Layer, size: tuple[int, int], assets: AssetResolver) -> RenderedLayer:
    """Render one layer on a canvas of ``size`` (w, h) px, ignoring ``visible``.

    Raises :class:`RenderError` for a missing asset, :class:`InvalidInput` for an unknown font.
    """
    layout = None
    if isinstance(layer, BackgroundLayer):
        sprite = Sprite(paint_background(layer, size, assets), 0, 0, core_box=(0, 0, *size))
    elif isinstance(layer, ImageLayer):
        sprite = paint_image_layer(layer, size, assets)
    elif isinstance(layer, TextLayer):
        sprite, layout = paint_text(layer, size)
    elif isinstance(layer, ShapeLayer):
        sprite = paint_shape(layer, size)
    else:  # pragma: no cover - the design's discriminated union has no other kind
        raise InvalidInput(f"unknown layer kind {layer.kind!r}")
    image, offset, box = finish(sprite, size)
    return RenderedLayer(layer.id, layer.name or layer.id, image, offset, layer.opacity, box, layout)


def render_layers(design: Design, size: tuple[int, int], assets: AssetResolver) -> list[RenderedLayer]:
    """Every visible layer of ``design`` rendered on a canvas of ``size`` (w, h) px, bottom first.

    Compositing them in order over opaque black (:func:`composite`) and then applying
    ``design.adjustments`` gives exactly :func:`render`'s image. Raises :class:`RenderError`
    for a missing asset, :class:`InvalidInput` for a bad size or an unknown font.
    """
    return list(iter_layers(design, size, assets))


def iter_layers(design: Design, size: tuple[int, int], assets: AssetResolver) -> Iterator[RenderedLayer]:
    """:func:`render_layers` one layer at a time, each rendered when it is asked for (so a caller
    that composites as it goes holds one layer's pixels at a time, not all of them)."""
    size = _check_size(size)
    if aspect_of(*size) is Aspect.TALL:
        design = with_tall_layout(design)
    for layer in design.layers:
        if layer.visible:
            yield render_layer(layer, size, assets)


def paste_layer(canvas: Image.Image, image: Image.Image, offset: tuple[int, int], opacity: float) -> None:
    """Porter-Duff "over" of one layer crop (RGBA, or opaque RGB) at ``offset`` (left, top) px
    with ``opacity`` (0..1) onto an opaque RGB ``canvas``, in place.

    Over an opaque canvas "over" is a plain masked blend (c = c_d + a (c_s - c_d)), which is
    what ``Image.paste`` with the layer's alpha as mask computes; an RGBA crop is pasted with
    itself as the mask (no RGB copy), an RGB crop at full opacity is a plain copy.
    """
    if opacity <= 0:
        return
    if opacity >= 1:
        canvas.paste(image, offset, image if image.mode == "RGBA" else None)
        return
    alpha = image.getchannel("A") if image.mode == "RGBA" else Image.new("L", image.size, 255)
    canvas.paste(image, offset, scale_alpha(alpha, opacity))


def composite(layers: list[RenderedLayer], size: tuple[int, int]) -> Image.Image:
    """Porter-Duff "over" of the layers, bottom first, with their opacity, on opaque black
    -> RGB image of ``size`` (w, h) px (see :func:`paste_layer`)."""
    canvas = Image.new("RGB", size, (0, 0, 0))
    for rl in layers:
        paste_layer(canvas, rl.image, rl.offset, rl.opacity)
    return canvas


def render(design: Design, size: tuple[int, int], assets: AssetResolver) -> RenderResult:
    """Render ``design`` at ``size`` (w, h) px -> :class:`RenderResult` (RGB image of that size).

    Pure and deterministic: the same design, size and assets give the same pixels (procedural
    art is seeded by its fill's ``seed``). Boxes use the 16:9, 1:1 or 9:16 layer boxes by the
    canvas aspect (:func:`routix.design.aspect_of`); a design without 9:16 boxes is laid out
    by :func:`routix.design.with_tall_layout` for a portrait canvas. Raises :class:`RenderError` for a missing
    asset, :class:`InvalidInput` for a bad size or an unknown font.
    """
    size = _check_size(size)
    canvas: Image.Image | None = None
    boxes: dict[str, PxBox] = {}
    layouts: dict[str, TextLayout] = {}
    # One layer's pixels at a time: the canvas is made once the first layer (usually the
    # painted art, the costliest to make) is done, and each layer is dropped once composited.
    for rl in iter_layers(design, size, assets):
        if canvas is None:
            canvas = Image.new("RGB", size, (0, 0, 0))
        paste_layer(canvas, rl.image, rl.offset, rl.opacity)
        if rl.box is not None:
            boxes[rl.layer_id] = rl.box
        if rl.text_layout is not None:
            layouts[rl.layer_id] = rl.text_layout
        del rl  # before the next layer is rendered
    if canvas is None:
        canvas = Image.new("RGB", size, (0, 0, 0))
    return RenderResult(apply_adjustments(canvas, design.adjustments), boxes, layouts)


@dataclass
class RenderPasses:
    """:func:`render_passes`' images of one design at one size: the full ``result``, the
    ``backdrop`` (every layer but the text: what the title sits on) and the ``background``
    (the background layers alone: the painted art). All RGB, adjustments applied."""

    result: RenderResult
    backdrop: Image.Image
    background: Image.Image


def render_passes(design: Design, size: tuple[int, int], assets: AssetResolver) -> RenderPasses:
    """Render ``design`` once and composite three passes of its layers (:class:`RenderPasses`);
    each pass has exactly the pixels :func:`render` gives for the design with only those layers.
    Raises like :func:`render`."""
    canvas = _check_size(size)
    layers = render_layers(design, canvas, assets)
    kinds = {layer.id: layer for layer in design.layers}

    def picked(keep: Callable[[Layer], bool]) -> Image.Image:
        chosen = [rl for rl in layers if keep(kinds[rl.layer_id])]
        return apply_adjustments(composite(chosen, canvas), design.adjustments)

    result = RenderResult(apply_adjustments(composite(layers, canvas), design.adjustments),
                          {rl.layer_id: rl.box for rl in layers if rl.box is not None},
                          {rl.layer_id: rl.text_layout for rl in layers if rl.text_layout is not None})
    return RenderPasses(result, picked(lambda layer: not isinstance(layer, TextLayer)),
                        picked(lambda layer: isinstance(layer, BackgroundLayer)))

