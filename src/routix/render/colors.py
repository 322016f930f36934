"""Colour parsing and gradient rasterisation (pure numpy).

Gradients are rasterised through a 1024-entry colour lookup table: ``t`` in 0..1 is computed
per pixel, quantised to 1024 steps and looked up, which is exact to well under one 8-bit level.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from routix.design import ColorStop, LinearGradient, RadialGradient

RGBA = tuple[int, int, int, int]

_LUT_SIZE = 1024


def parse_color(value: str) -> RGBA:
    """``#RRGGBB`` or ``#RRGGBBAA`` -> ``(r, g, b, a)`` with 0..255 ints (alpha 255 when absent)."""
    v = value.lstrip("#")
    r, g, b = int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)
    a = int(v[6:8], 16) if len(v) == 8 else 255
    return r, g, b, a


def stops_lut(stops: list[ColorStop]) -> np.ndarray:
    """A ``(1024, 4)`` uint8 RGBA table sampling the colour stops at t = i / 1023.

    Stops are sorted by offset; before the first and after the last stop the end colours hold
    (CSS gradient semantics); colours are interpolated linearly in sRGB, as CSS and Figma do.
    """
    ordered = sorted(stops, key=lambda s: s.offset)
    offsets = np.array([s.offset for s in ordered], dtype=np.float64)
    colors = np.array([parse_color(s.color) for s in ordered], dtype=np.float64)
    t = np.linspace(0.0, 1.0, _LUT_SIZE)
    lut = np.stack([np.interp(t, offsets, colors[:, c]) for c in range(4)], axis=1)
    return np.clip(np.rint(lut), 0, 255).astype(np.uint8)


def _lookup(t: np.ndarray, stops: list[ColorStop]) -> Image.Image:
    idx = np.clip(t * (_LUT_SIZE - 1) + 0.5, 0, _LUT_SIZE - 1).astype(np.intp)
    return Image.fromarray(stops_lut(stops)[idx], "RGBA")


def linear_gradient(paint: LinearGradient, size: tuple[int, int]) -> Image.Image:
    """Rasterise a linear gradient over a box of ``size`` (w, h) px -> RGBA image of that size.

    ``angle`` is in degrees, 0 = left -> right, 90 = top -> bottom (y grows downwards). As in
    CSS ``linear-gradient``, the gradient line passes through the box centre and is just long
    enough that offsets 0 and 1 touch the box's corners: length = |w cos a| + |h sin a|.
    """
    w, h = size
    a = math.radians(paint.angle)
    dx, dy = math.cos(a), math.sin(a)
    length = abs(w * dx) + abs(h * dy) or 1.0
    xs = (np.arange(w, dtype=np.float32) + 0.5 - w / 2) * (dx / length)
    ys = (np.arange(h, dtype=np.float32) + 0.5 - h / 2) * (dy / length)
    t = ys[:, None] + xs[None, :] + 0.5
    return _lookup(t, paint.stops)


def radial_gradient(paint: RadialGradient, size: tuple[int, int]) -> Image.Image:
    """Rasterise a radial gradient over a box of ``size`` (w, h) px -> RGBA image of that size.

    The centre is (cx, cy) normalised to the box; offset 1 lies at ``radius`` x the box diagonal.
    """
    w, h = size
    r = max(paint.radius * math.hypot(w, h), 1e-6)
    xs = (np.arange(w, dtype=np.float32) + 0.5 - paint.cx * w) / r
    ys = (np.arange(h, dtype=np.float32) + 0.5 - paint.cy * h) / r
    t = np.sqrt(ys[:, None] ** 2 + xs[None, :] ** 2)
    return _lookup(t, paint.stops)


def paint_image(paint: object, size: tuple[int, int]) -> Image.Image:
    """Rasterise a :data:`routix.design.models.Paint` (solid, linear, radial) -> RGBA of ``size``."""
    if isinstance(paint, LinearGradient):
        return linear_gradient(paint, size)
    if isinstance(paint, RadialGradient):
        return radial_gradient(paint, size)
    return Image.new("RGBA", size, parse_color(paint.color))  # type: ignore[attr-defined]
