"""Layer boxes per aspect ratio.

A layer may give its 1:1 box explicitly (``box_square``). When it does not, the 1:1 box is
derived from the 16:9 box by this rule (``derive_square_box``):

1. Background layers, and boxes that cover at least 95 % of the 16:9 canvas, fill the square.
2. Otherwise the box keeps its *pixel* aspect ratio: the height fraction stays, the width
   fraction grows by 16/9 (a 1:1 canvas is relatively narrower). If that makes the box wider
   than the canvas, both sides shrink by the same factor until it fits.
3. The box keeps its centre (cx, cy) and is then shifted, not resized, so that it lies
   inside the canvas on every side where the 16:9 box did.

A 9:16 box is designed (``boxes["9:16"]``) or laid out for the whole design by
:func:`routix.design.tall.tall_layout` (the renderer does this for a design without one).
A single layer without one (``box_for``) gets ``derive_tall_box`` of its 1:1 box: the 1:1
canvas is fitted across the width left of the action column (x 0..``UI_RIGHT``), the box
keeps its pixel aspect ratio, and its centre's height maps linearly onto SAFE_TOP..UI_BOTTOM.

The player interface covers the bottom ``UI_BOTTOM``.. and the right ``UI_RIGHT``.. of a 9:16
canvas (caption and buttons; the like/comment/share column): text and faces stay inside the
safe zone x SAFE_LEFT..SAFE_RIGHT, y SAFE_TOP..SAFE_BOTTOM.
"""

from __future__ import annotations

from routix.design.models import FULL_BOX, Aspect, BackgroundLayer, Box, Layer

WIDE_OVER_SQUARE = 16 / 9
#: Width over height of a 9:16 canvas (the side of a 1:1 canvas in 9:16 height units).
TALL_RATIO = 9 / 16
#: Player interface zones on a 9:16 canvas, fractions of the side: y >= UI_BOTTOM, x >= UI_RIGHT.
UI_BOTTOM = 0.80
UI_RIGHT = 0.85
#: The safe zone for text and faces on a 9:16 canvas.
SAFE_LEFT = 0.05
SAFE_TOP = 0.05
SAFE_RIGHT = 0.83
SAFE_BOTTOM = 0.78
#: Right edge of the art region on a 9:16 canvas (art may pass behind the action column a little).
ART_RIGHT = 0.88


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


def derive_tall_box(square: Box) -> Box:
    """Derive a 9:16 box from a layer's 1:1 box by the rule in this module's docstring."""
    if square.w * square.h >= 0.95 and square.x <= 0.025 and square.y <= 0.025:
        return FULL_BOX
    w = square.w * UI_RIGHT
    h = square.h * UI_RIGHT * TALL_RATIO
    cx = square.cx * UI_RIGHT
    cy = SAFE_TOP + square.cy * (UI_BOTTOM - SAFE_TOP)
    return Box(x=min(max(cx - w / 2, -0.5), 1.5), y=min(max(cy - h / 2, -0.5), 1.5), w=min(w, 2.0), h=min(h, 2.0))


def box_for(layer: Layer, aspect: Aspect | str) -> Box:
    """The layer's box on a canvas of ``aspect`` (``"16:9"``, ``"1:1"`` or ``"9:16"``)."""
    aspect = Aspect(aspect)
    if isinstance(layer, BackgroundLayer):
        return FULL_BOX
    if aspect is Aspect.WIDE:
        return layer.box
    designed = layer.aspect_box(aspect)
    if designed is not None:
        return designed
    if aspect is Aspect.SQUARE:
        return derive_square_box(layer.box)
    return derive_tall_box(box_for(layer, Aspect.SQUARE))


def aspect_of(width: int, height: int) -> Aspect:
    """16:9 for landscape canvases, 1:1 for (near-)square ones, 9:16 for portrait ones."""
    if abs(width - height) <= 0.1 * max(width, height):
        return Aspect.SQUARE
    return Aspect.WIDE if width > height else Aspect.TALL
