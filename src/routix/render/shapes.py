"""Painting shape layers: arrow, circle ring, (rounded) rectangle and burst, each with an
optional fill and an outer stroke, anti-aliased by supersampling (see :mod:`.masks`)."""

from __future__ import annotations

import math

from PIL import Image, ImageChops

from routix.design import ShapeLayer, aspect_of, box_for
from routix.render.effects import dilate, pad_needed, solid_with_alpha, stack
from routix.render.masks import (
    Point,
    ellipse_mask,
    polygon_mask,
    rotate_points,
    rounded_rect_mask,
)
from routix.render.sprite import Sprite

#: Arrow proportions relative to its length L and head width H (H = k L, k from the box).
_SHAFT = 0.45   # shaft thickness / H
_HEAD = 0.45    # head length / L (at most 0.9 H)


def arrow_points(box: tuple[float, float, float, float], degrees: float) -> list[Point]:
    """Polygon (px) of a block arrow pointing ``degrees`` counter-clockwise from "right"
    (0 = right, 90 = up), centred in ``box`` (l, t, r, b) and as large as fits once rotated.

    The head is as wide as k x the length, k = the box's short/long side ratio clamped to
    0.35..0.8, so a long thin box gives a long thin arrow.
    """
    l, t, r, b = box
    bw, bh = r - l, b - t
    k = min(max(min(bw, bh) / max(bw, bh, 1e-6), 0.35), 0.8)
    a = math.radians(degrees)
    c, s = abs(math.cos(a)), abs(math.sin(a))
    length = min(bw / (c + k * s), bh / (s + k * c))
    head_w = k * length
    head_l = min(_HEAD * length, 0.9 * head_w)
    shaft = _SHAFT * head_w
    cx, cy = (l + r) / 2, (t + b) / 2
    x0, x1, xh = cx - length / 2, cx + length / 2, cx + length / 2 - head_l
    pts = [(x0, cy - shaft / 2), (xh, cy - shaft / 2), (xh, cy - head_w / 2), (x1, cy),
           (xh, cy + head_w / 2), (xh, cy + shaft / 2), (x0, cy + shaft / 2)]
    return rotate_points(pts, degrees, (cx, cy))


def burst_points(box: tuple[float, float, float, float], spikes: int, degrees: float) -> list[Point]:
    """Polygon (px) of a starburst with ``spikes`` points inscribed in the ellipse of ``box``;
    inner radius 0.72 x outer, first spike pointing up, then rotated ``degrees``."""
    l, t, r, b = box
    cx, cy, rx, ry = (l + r) / 2, (t + b) / 2, (r - l) / 2, (b - t) / 2
    pts = []
    for i in range(2 * spikes):
        f = 1.0 if i % 2 == 0 else 0.72
        a = -math.pi / 2 + math.pi * i / spikes - math.radians(degrees)
        pts.append((cx + f * rx * math.cos(a), cy + f * ry * math.sin(a)))
    return pts


def _shape_mask(layer: ShapeLayer, size: tuple[int, int], box: tuple[float, float, float, float]) -> Image.Image:
    l, t, r, b = box
    if layer.shape == "arrow":
        return polygon_mask(size, arrow_points(box, layer.rotation))
    if layer.shape == "burst":
        return polygon_mask(size, burst_points(box, layer.points, layer.rotation))
    if layer.shape == "circle_ring":
        ring = layer.ring_width * min(r - l, b - t) / 2
        return ellipse_mask(size, box, (l + ring, t + ring, r - ring, b - ring))
    radius = layer.corner_radius * min(r - l, b - t)
    mask = rounded_rect_mask(size, box, radius)
    if layer.rotation % 360:
        cx, cy = (l + r) / 2, (t + b) / 2
        mask = mask.rotate(layer.rotation, resample=Image.Resampling.BICUBIC, center=(cx, cy))
    return mask


def paint_shape(layer: ShapeLayer, canvas: tuple[int, int]) -> Sprite:
    """Render ``layer`` on a canvas of ``canvas`` (w, h) px -> sprite.

    The stroke (width = fraction of canvas height) lies outside the shape's edge; with no fill
    only the stroke is drawn (a hollow outline). Rings and bursts fill their box's ellipse; a
    rotated rectangle keeps its size and turns about its centre (corners may leave the box).
    """
    ch = canvas[1]
    l, t, r, b = box_for(layer, aspect_of(*canvas)).to_px(*canvas)
    stroke = layer.stroke.width * ch if layer.stroke and layer.stroke.width > 0 else 0.0
    pad = pad_needed(radius=stroke)
    if layer.shape == "rectangle" and layer.rotation % 360:
        pad += math.ceil(math.hypot(r - l, b - t) / 2 - min(r - l, b - t) / 2)
    size = (r - l + 2 * pad, b - t + 2 * pad)
    local = (pad, pad, pad + r - l, pad + b - t)
    shape = _shape_mask(layer, size, local)
    parts = []
    core = shape
    if stroke:
        grown = dilate(shape, stroke)
        ring = grown if layer.fill else ImageChops.subtract(grown, shape)
        parts.append(solid_with_alpha(ring, layer.stroke.color))  # type: ignore[union-attr]
        core = grown
    if layer.fill:
        parts.append(solid_with_alpha(shape, layer.fill))
    if not parts:  # neither fill nor stroke: nothing to draw
        return Sprite(Image.new("RGBA", size, (0, 0, 0, 0)), l - pad, t - pad, core=Image.new("L", size, 0))
    return Sprite(stack(parts), l - pad, t - pad, core=core)
