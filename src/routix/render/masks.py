"""Anti-aliased vector masks drawn by supersampling.

Pillow draws polygons and ellipses without anti-aliasing, so shapes are drawn at k x the
target size and box-filtered down (``Image.reduce``), giving k^2 coverage levels per pixel:
k = 4 (16 levels) for masks up to 0.6 MP, k = 2 above (large covers), which keeps edges smooth
at a bounded cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw

Point = tuple[float, float]


def supersample_factor(size: tuple[int, int]) -> int:
    """Supersampling factor for a mask of ``size`` (w, h) px: 4, or 2 above 0.6 MP."""
    return 4 if size[0] * size[1] <= 600_000 else 2


def draw_mask(size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw, int], None]) -> Image.Image:
    """An ``L`` mask of ``size`` px drawn by ``draw(drawer, k)`` on a k x canvas, then reduced.

    ``draw`` must scale its own coordinates by k (helpers below do).
    """
    w, h = max(1, size[0]), max(1, size[1])
    k = supersample_factor((w, h))
    big = Image.new("L", (w * k, h * k), 0)
    draw(ImageDraw.Draw(big), k)
    return big.reduce(k) if k > 1 else big


def polygon_mask(size: tuple[int, int], points: Sequence[Point]) -> Image.Image:
    """Anti-aliased filled polygon; ``points`` in px of the ``size`` mask."""
    return draw_mask(size, lambda d, k: d.polygon([(x * k, y * k) for x, y in points], fill=255))


def rounded_rect_mask(size: tuple[int, int], rect: tuple[float, float, float, float],
                      radius: float) -> Image.Image:
    """Anti-aliased rounded rectangle ``rect`` (l, t, r, b px) with corner ``radius`` px."""
    def draw(d: ImageDraw.ImageDraw, k: int) -> None:
        l, t, r, b = (v * k for v in rect)
        rad = max(0.0, min(radius * k, (r - l) / 2, (b - t) / 2))
        d.rounded_rectangle((l, t, r - 1, b - 1), radius=rad, fill=255)
    return draw_mask(size, draw)


def ellipse_mask(size: tuple[int, int], rect: tuple[float, float, float, float],
                 inner: tuple[float, float, float, float] | None = None) -> Image.Image:
    """Anti-aliased ellipse inscribed in ``rect`` (l, t, r, b px); with ``inner`` the ellipse
    inscribed there is cut out (a ring)."""
    def draw(d: ImageDraw.ImageDraw, k: int) -> None:
        l, t, r, b = (v * k for v in rect)
        d.ellipse((l, t, r - 1, b - 1), fill=255)
        if inner is not None:
            il, it, ir, ib = (v * k for v in inner)
            if ir - il > 1 and ib - it > 1:
                d.ellipse((il, it, ir - 1, ib - 1), fill=0)
    return draw_mask(size, draw)


def rotate_points(points: Sequence[Point], degrees: float, center: Point) -> list[Point]:
    """Rotate points ``degrees`` counter-clockwise on screen (y down) about ``center``."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    cx, cy = center
    return [(cx + c * (x - cx) + s * (y - cy), cy - s * (x - cx) + c * (y - cy)) for x, y in points]
