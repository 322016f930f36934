"""Layer boxes per aspect ratio.

A layer may give its 1:1 box explicitly (``box_square``). When it does not, the 1:1 box is
derived from the 16:9 box by this rule (``derive_square_box``):

1. Background layers, and boxes that cover at least 95 % of the 16:9 canvas, fill the square.
2. Otherwise the box keeps its *pixel* aspect ratio: the height fraction stays, the width
   fraction grows by 16/9 (a 1:1 canvas is relatively narrower). If that makes the box wider
   than the canvas, both sides shrink by the same factor until it fits.
3. The box keeps its centre (cx, cy) and is then shifted, not resized, so that it lies
   inside the canvas on every side where the 16:9 box did.
"""

from __future__ import annotations

from routix.design.models import FULL_BOX, Aspect, BackgroundLayer, Box, Layer

WIDE_OVER_SQUARE = 16 / 9


def derive_square_box(box: Box, *, background: bool = False) -> Box:
    """Derive the 1:1 box of a 16:9 box by the rule in this module's docstring."""
    if background or (box.w * box.h >= 0.95 and box.x <= 0.025 and box.y <= 0.025):
        return FULL_BOX
    w = box.w * WIDE_OVER_SQUARE
    h = box.h
    if w > 1.0:
        w, h = 1.0, h / w
    x = box.cx - w / 2
    y = box.cy - h / 2
    # shift inside wherever the wide box was inside
    if box.x >= 0 and x < 0:
        x = 0.0
    if box.x + box.w <= 1 and x + w > 1:
        x = 1.0 - w
    if box.y >= 0 and y < 0:
        y = 0.0
    if box.y + box.h <= 1 and y + h > 1:
        y = 1.0 - h
    return Box(x=x, y=y, w=w, h=h)


def box_for(layer: Layer, aspect: Aspect | str) -> Box:
    """The layer's box on a canvas of ``aspect`` (``"16:9"`` or ``"1:1"``)."""
    aspect = Aspect(aspect)
    if isinstance(layer, BackgroundLayer):
        return FULL_BOX
    if aspect is Aspect.WIDE:
        return layer.box
    if layer.box_square is not None:
        return layer.box_square
    return derive_square_box(layer.box)


def aspect_of(width: int, height: int) -> Aspect:
    """16:9 for landscape canvases, 1:1 for (near-)square ones."""
    return Aspect.SQUARE if abs(width - height) <= 0.1 * max(width, height) else Aspect.WIDE
