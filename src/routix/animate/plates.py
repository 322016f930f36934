"""Layer groups rendered once: the plates a clip composites every frame.

Each visible design layer is painted by the renderer's own painters (so it looks exactly as in
the thumbnail), kept *unclipped* up to a margin around the canvas (content past the edge, like
a subject cut off below the frame, is there when the layer moves), with the design's colour
adjustments baked in (see :mod:`routix.render.adjust`: they commute with compositing; the
screen-fixed vignette is applied per frame instead). Consecutive layers that move together
are merged into one plate, so a frame composites a handful of plates, not every layer.

Pixels are premultiplied RGBA (``uint8``, h x w x 4): interpolation and "over" are then exact
at soft edges (Porter & Duff 1984). A plate that the animation enlarges is rendered at that
largest scale (``scale`` > 1): frames only ever shrink rasterised pixels, so text stays crisp.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw

from routix.design import Adjustments, BackgroundLayer, Design, ImageFill, ImageLayer, Layer, ShapeLayer, TextLayer
from routix.render.adjust import is_neutral
from routix.render.assets import AssetResolver
from routix.render.background import paint_background
from routix.render.fonts import get_font
from routix.render.image_layer import paint_image_layer
from routix.render.shapes import paint_shape
from routix.render.sprite import PxBox, Sprite, opaque_bbox
from routix.render.text import TextLayout
from routix.render.text_layer import paint_text

#: How far past the canvas a layer's pixels are kept, as a fraction of the canvas side.
MARGIN = 0.25


@dataclass
class LayerPixels:
    """One layer painted at one canvas size: premultiplied RGBA at ``origin`` (canvas px)."""

    layer: Layer
    pixels: np.ndarray
    origin: tuple[int, int]
    box: PxBox | None
    layout: TextLayout | None = None
    opaque: bool = False


@dataclass
class Plate:
    """A group of consecutive layers that move together, rendered once.

    ``pixels`` (premultiplied RGBA) sit at ``origin`` on a canvas ``scale`` x the output size
    (``scale_xy`` is the exact per-axis factor); ``box`` is what the group drew at rest, in
    output px (None: nothing); ``opaque``: it covers the whole canvas opaquely at rest (a
    background plate; it may hold more, e.g. a subject reaching past the frame);
    ``order``: for a lone text plate that types in, the character index of every pixel (see
    :func:`reveal_order`), with ``chars`` characters in all.
    """

    key: str
    layer_ids: tuple[str, ...]
    roles: tuple[str, ...]
    depth: float
    pixels: np.ndarray
    origin: tuple[int, int]
    scale_xy: tuple[float, float]
    box: PxBox | None
    opaque: bool = False
    order: np.ndarray | None = None
    chars: int = 0
    subject_boxes: list[PxBox] = field(default_factory=list)

    @property
    def scale(self) -> float:
        return max(self.scale_xy)


def premultiply(image: Image.Image) -> np.ndarray:
    """RGBA or RGB image -> premultiplied RGBA array (h, w, 4) uint8 (a new, writable array)."""
    if image.mode == "RGB":
        return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2RGBA)
    return np.array(image.convert("RGBA").convert("RGBa"))


def _sprite(layer: Layer, canvas: tuple[int, int], assets: AssetResolver) -> tuple[Sprite, TextLayout | None]:
    if isinstance(layer, BackgroundLayer):
        return Sprite(paint_background(layer, canvas, assets), 0, 0, core_box=(0, 0, *canvas)), None
    if isinstance(layer, ImageLayer):
        return paint_image_layer(layer, canvas, assets), None
    if isinstance(layer, TextLayer):
        return paint_text(layer, canvas)
    if isinstance(layer, ShapeLayer):
        return paint_shape(layer, canvas), None
    raise TypeError(f"unknown layer kind {layer.kind!r}")  # pragma: no cover - closed union


def _body_box(sprite: Sprite) -> PxBox | None:
    """The sprite's body (no shadow, no glow) in canvas px, not clipped to the canvas."""
    if sprite.core_box is not None:
        inner: PxBox | None = sprite.core_box
    elif sprite.core is not None:
        inner = opaque_bbox(sprite.core)
    else:
        inner = opaque_bbox(sprite.image.getchannel("A"))
    if inner is None:
        return None
    return inner[0] + sprite.left, inner[1] + sprite.top, inner[2] + sprite.left, inner[3] + sprite.top


def paint_layer(layer: Layer, canvas: tuple[int, int], assets: AssetResolver) -> LayerPixels:
    """Paint ``layer`` on a canvas of ``canvas`` (w, h) px, keeping up to :data:`MARGIN` past
    the edges, with the layer's opacity baked in (the design's adjustments are not: see
    :func:`bake_adjustments`)."""
    sprite, layout = _sprite(layer, canvas, assets)
    box = _body_box(sprite)
    cw, ch = canvas
    mx, my = round(MARGIN * cw), round(MARGIN * ch)
    image, left, top = sprite.image, sprite.left, sprite.top
    l0, t0 = max(left, -mx), max(top, -my)
    r0, b0 = min(left + image.width, cw + mx), min(top + image.height, ch + my)
    if r0 <= l0 or b0 <= t0:
        return LayerPixels(layer, np.zeros((1, 1, 4), np.uint8), (0, 0), None, layout)
    if (l0, t0, r0, b0) != (left, top, left + image.width, top + image.height):
        image = image.crop((l0 - left, t0 - top, r0 - left, b0 - top))
    pixels = premultiply(image)
    opaque = (l0, t0, r0, b0) == (0, 0, cw, ch) and (image.mode == "RGB" or int(pixels[:, :, 3].min()) == 255)
    if layer.opacity < 1:
        pixels = cv2.convertScaleAbs(pixels, alpha=layer.opacity)
        opaque = False
    return LayerPixels(layer, pixels, (l0, t0), box, layout, opaque)


def bake_adjustments(pixels: np.ndarray, adj: Adjustments, mean: float, canvas_h: int) -> np.ndarray:
    """The design's brightness, contrast, saturation and sharpening applied to one layer's
    premultiplied pixels (the vignette is left to the frame) -> a new array, or ``pixels``
    when there is nothing to do. ``mean`` is the contrast pivot of the flattened design
    (:func:`routix.render.adjust.contrast_mean`).

    The formulas are :mod:`routix.render.adjust`'s, written for premultiplied colour P = a x:
    each step is affine in x, so it is affine in (P, a), and clipping x to 0..255 clips P to
    0..a: brightness P' = min(b P, a); contrast P' = c P + (1 - c) m a / 255; saturation
    P' = s P + (1 - s) Y(P). Done in 8 bits with OpenCV (within a level of the renderer)."""
    colour_neutral = is_neutral(adj.model_copy(update={"vignette": 0.0}), ignore_sharpen=True)
    if colour_neutral and adj.sharpen == 0:
        return pixels
    out = pixels.copy()
    if not colour_neutral:
        p = cv2.cvtColor(pixels, cv2.COLOR_RGBA2RGB)
        a = np.ascontiguousarray(pixels[:, :, 3])
        a3 = cv2.merge((a, a, a))
        if adj.brightness != 1.0:
            p = cv2.min(cv2.convertScaleAbs(p, alpha=adj.brightness), a3)
        if adj.contrast != 1.0:
            p = cv2.addWeighted(p, adj.contrast, a3, (1 - adj.contrast) * mean / 255, 0)
        if adj.saturation != 1.0:
            y = cv2.cvtColor(p, cv2.COLOR_RGB2GRAY)
            p = cv2.addWeighted(p, adj.saturation, cv2.merge((y, y, y)), 1 - adj.saturation, 0)
        out[:, :, :3] = cv2.min(p, a3)
    if adj.sharpen > 0:
        _sharpen_premultiplied(out, adj.sharpen, canvas_h)
    return out


def _sharpen_premultiplied(px: np.ndarray, amount: float, canvas_h: int) -> None:
    """Unsharp mask (as :func:`routix.render.adjust.sharpen`, sigma = canvas height / 720) on a
    premultiplied layer, in place; colour stays within its alpha."""
    rgb = np.ascontiguousarray(px[:, :, :3])
    blurred = cv2.GaussianBlur(rgb, (0, 0), max(0.8, canvas_h / 720))
    k = 1.5 * amount
    sharp = cv2.addWeighted(rgb, 1 + k, blurred, -k, 0)
    np.minimum(sharp, px[:, :, 3:4], out=sharp)
    px[:, :, :3] = sharp


def over(dst: np.ndarray, src: np.ndarray) -> None:
    """Premultiplied "over" of same-size uint8 RGBA arrays, in place: dst = src + dst (1 - a_src)."""
    inv = cv2.bitwise_not(cv2.extractChannel(src, 3))
    cv2.multiply(dst, cv2.merge((inv, inv, inv, inv)), dst=dst, scale=1 / 255)
    cv2.add(dst, src, dst=dst)


def merge(parts: list[LayerPixels], canvas: tuple[int, int]) -> tuple[np.ndarray, tuple[int, int], bool]:
    """Composite layer pixels (bottom first) into one array -> (pixels, origin, opaque)."""
    if len(parts) == 1:
        p = parts[0]
        return p.pixels, p.origin, p.opaque
    l = min(p.origin[0] for p in parts)
    t = min(p.origin[1] for p in parts)
    r = max(p.origin[0] + p.pixels.shape[1] for p in parts)
    b = max(p.origin[1] + p.pixels.shape[0] for p in parts)
    out = np.zeros((b - t, r - l, 4), np.uint8)
    for p in parts:
        x, y = p.origin[0] - l, p.origin[1] - t
        h, w = p.pixels.shape[:2]
        region = out[y:y + h, x:x + w]
        if p.opaque:
            region[:] = p.pixels
        else:
            over(region, p.pixels)
    # the bottom layer covers the canvas opaquely: so does the group, within the canvas
    return out, (l, t), parts[0].opaque


def union(boxes: list[PxBox | None]) -> PxBox | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return min(b[0] for b in real), min(b[1] for b in real), max(b[2] for b in real), max(b[3] for b in real)


def reveal_order(layer: TextLayer, layout: TextLayout, origin: tuple[int, int],
                 shape: tuple[int, int]) -> tuple[np.ndarray, int]:
    """Per pixel of a text plate (``shape`` = (h, w) at canvas ``origin``): when it appears, as
    the index of the character it belongs to, counted over all lines in reading order ->
    (float32 map, character count).

    Each line's glyphs (with their stroke) are drawn as a mask; a glyph pixel belongs to its
    line (the earlier line where strokes of two lines touch) and, on it, to the character whose
    advance span holds its x. Every other pixel (glow, shadow, gaps) takes the character of the
    nearest glyph pixel (OpenCV's labelled distance transform), so a character's glow appears
    with it. A light blur then softens the seams between characters. Rotated text is measured
    in its unrotated frame.
    """
    h, w = shape
    font = get_font(layout.font_id, layout.font_size)
    pad = layout.stroke + 2
    il, it, ir, ib = layout.ink_bbox
    il, it, ir, ib = il - pad, it - pad, ir + pad, ib + pad
    flat = np.full((ib - it, ir - il), -1.0, np.float32)  # unrotated canvas region of the ink
    cols = np.arange(il, ir, dtype=np.float32) + 0.5
    before = 0
    for line, (x0, y0) in zip(layout.lines, layout.origins, strict=True):
        mask = Image.new("L", flat.shape[::-1], 0)
        ImageDraw.Draw(mask).text((x0 - il, y0 - it), line, font=font, fill=255, anchor="ls",
                                  stroke_width=layout.stroke)
        glyph = (np.asarray(mask) >= 128) & (flat < 0)
        n = max(1, len(line))
        bounds = np.array([x0 + font.getlength(line[:k]) for k in range(1, n)], dtype=np.float32)
        k = np.broadcast_to(np.searchsorted(bounds, cols, side="right").astype(np.float32), flat.shape)
        flat[glyph] = before + k[glyph]
        before += n
    # where each plate pixel lies in that unrotated region
    xs = np.broadcast_to(np.arange(w, dtype=np.float32)[None, :] + origin[0] + 0.5, (h, w))
    ys = np.broadcast_to(np.arange(h, dtype=np.float32)[:, None] + origin[1] + 0.5, (h, w))
    if layer.rotation:
        l, t, r, b = layout.box
        cx, cy = (l + r) / 2, (t + b) / 2
        a = np.radians(layer.rotation)
        c, s = np.cos(a), np.sin(a)
        dx, dy = xs - cx, ys - cy  # undo a counter-clockwise screen rotation about the box centre
        xs, ys = cx + c * dx - s * dy, cy + s * dx + c * dy
    order = cv2.remap(flat, (xs - il - 0.5).astype(np.float32), (ys - it - 0.5).astype(np.float32),
                      cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0)
    glyphs = order >= 0
    if not glyphs.any():
        return np.zeros((h, w), np.float32), before
    _, labels = cv2.distanceTransformWithLabels((~glyphs).astype(np.uint8), cv2.DIST_L2, 5,
                                                labelType=cv2.DIST_LABEL_PIXEL)
    lut = np.zeros(int(labels.max()) + 1, np.float32)
    lut[labels[glyphs]] = order[glyphs]
    order = lut[labels]
    order = cv2.GaussianBlur(order, (0, 0), max(1.0, 0.03 * layout.font_size), borderType=cv2.BORDER_REPLICATE)
    return order, before


def in_paint(pixels: np.ndarray, mask: np.ndarray) -> None:
    """Fill the ``mask`` (uint8, 255 = fill) area of an opaque premultiplied plate, in place,
    with what surrounds it: Telea in-painting on a 1/4 copy, blurred, enlarged and feathered in."""
    h, w = mask.shape
    k = 4
    small = cv2.resize(pixels[:, :, :3], (max(8, w // k), max(8, h // k)), interpolation=cv2.INTER_AREA)
    small_mask = cv2.resize(mask, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
    small_mask = cv2.threshold(small_mask, 8, 255, cv2.THRESH_BINARY)[1]
    filled = cv2.inpaint(small, small_mask, 5, cv2.INPAINT_TELEA)
    filled = cv2.GaussianBlur(filled, (0, 0), 2.0)
    big = cv2.resize(filled, (w, h), interpolation=cv2.INTER_LINEAR)
    feather = cv2.GaussianBlur(mask, (0, 0), max(2.0, h / 240)).astype(np.float32)[:, :, None] / 255
    rgb = pixels[:, :, :3].astype(np.float32)
    pixels[:, :, :3] = np.clip(rgb + (big.astype(np.float32) - rgb) * feather + 0.5, 0, 255).astype(np.uint8)


def footprint(alpha: np.ndarray, grow: float) -> np.ndarray:
    """Where ``alpha`` (uint8 coverage on the canvas) is at least 1/8, grown by ``grow`` px ->
    uint8 mask (255 = covered)."""
    mask = np.where(alpha >= 32, 255, 0).astype(np.uint8)
    if grow > 0:
        size = 2 * int(grow) + 1
        return np.asarray(cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))), np.uint8)
    return mask


def photo_background(design: Design) -> bool:
    """True when the design's bottom layer is a photo (which may show the subject itself)."""
    first = next((layer for layer in design.layers if layer.visible), None)
    return isinstance(first, BackgroundLayer) and isinstance(first.fill, ImageFill)


__all__ = [
    "MARGIN", "LayerPixels", "Plate", "bake_adjustments", "footprint", "in_paint", "merge", "over",
    "paint_layer", "photo_background", "premultiply", "reveal_order", "union",
]
