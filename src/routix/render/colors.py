"""Colour parsing and gradient rasterisation.

Gradients are rasterised by sampling a 1024-entry colour strip (the stops interpolated in
sRGB) at each pixel's gradient position t in 0..1 (nearest entry, OpenCV); 1024 steps keep
the result within one 8-bit level of the exact interpolation.
"""

from __future__ import annotations

import math

import cv2
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


def _strip(stops: list[ColorStop]) -> np.ndarray:
    """The colour stops as a 1 x 1024 RGBA strip (uint8) for OpenCV sampling."""
    return np.ascontiguousarray(stops_lut(stops)[None, :, :])


def linear_gradient(paint: LinearGradient, size: tuple[int, int]) -> Image.Image:
    """Rasterise a linear gradient over a box of ``size`` (w, h) px -> RGBA image of that size.

    ``angle`` is in degrees, 0 = left -> right, 90 = top -> bottom (y grows downwards). As in
    CSS ``linear-gradient``, the gradient line passes through the box centre and is just long
    enough that offsets 0 and 1 touch the box's corners: length = |w cos a| + |h sin a|.
    t is an affine function of (x, y), so the 1024-entry strip is sampled by one nearest-neighbour
    ``warpAffine`` (the colour at t is the strip at t x 1023; ends held beyond 0 and 1).
    """
    w, h = size
    a = math.radians(paint.angle)
    dx, dy = math.cos(a), math.sin(a)
    length = abs(w * dx) + abs(h * dy) or 1.0
    n = _LUT_SIZE - 1
    # t(x, y) at pixel centres: ((x + .5 - w/2) dx + (y + .5 - h/2) dy) / length + .5
    cx, cy = dx / length * n, dy / length * n
    c0 = ((0.5 - w / 2) * dx + (0.5 - h / 2) * dy) / length * n + 0.5 * n
    m = np.array([[cx, cy, c0], [0.0, 0.0, 0.0]])
    out = cv2.warpAffine(_strip(paint.stops), m, (w, h), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP,
                         borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(out, "RGBA")


def radial_gradient(paint: RadialGradient, size: tuple[int, int]) -> Image.Image:
    """Rasterise a radial gradient over a box of ``size`` (w, h) px -> RGBA image of that size.

    The centre is (cx, cy) normalised to the box; offset 1 lies at ``radius`` x the box diagonal.
    """
    w, h = size
    r = max(paint.radius * math.hypot(w, h), 1e-6)
    n = _LUT_SIZE - 1
    xs = np.broadcast_to((np.arange(w, dtype=np.float32) + 0.5 - paint.cx * w) * (n / r), (h, w))
    ys = np.broadcast_to(((np.arange(h, dtype=np.float32) + 0.5 - paint.cy * h) * (n / r))[:, None], (h, w))
    t = cv2.magnitude(np.ascontiguousarray(xs), np.ascontiguousarray(ys))
    out = cv2.remap(_strip(paint.stops), t, np.zeros_like(t), cv2.INTER_NEAREST,
                    borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(out, "RGBA")


def paint_image(paint: object, size: tuple[int, int]) -> Image.Image:
    """Rasterise a :data:`routix.design.models.Paint` (solid, linear, radial) -> RGBA of ``size``."""
    if isinstance(paint, LinearGradient):
        return linear_gradient(paint, size)
    if isinstance(paint, RadialGradient):
        return radial_gradient(paint, size)
    return Image.new("RGBA", size, parse_color(paint.color))  # type: ignore[attr-defined]


def paint_colors(paint: object) -> list[str]:
    """Every colour a paint uses (one for solid, the stops for gradients)."""
    stops = getattr(paint, "stops", None)
    if stops is not None:
        return [s.color for s in stops]
    return [paint.color]  # type: ignore[attr-defined]
