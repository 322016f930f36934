"""Place a logo in every design: the template's logo slot, or a corner slot derived at
composition time when the template has none.

The derived slot is a :data:`LOGO_W` x :data:`LOGO_H` box (fractions of the 16:9 canvas,
about 166x115 px at 1280x720) inside the safe margin at one of :data:`CORNERS`: top-right,
top-left, bottom-left, top-centre, bottom-centre. The bottom-right corner is never used
(YouTube's duration badge). The place chosen is the one whose box overlaps the design's text,
subjects and heroes least, text weighing most (ties: in that order). The 1:1 box is the same
place on the square canvas.
"""

from __future__ import annotations

from routix.design.models import Aspect, Box, Design, ImageLayer, Shadow

#: Size of a derived logo box, fractions of the 16:9 canvas width and height.
LOGO_W, LOGO_H = 0.13, 0.16
#: Distance from the canvas edges, fractions of width and height (the safe margin).
MARGIN_X, MARGIN_Y = 0.04, 0.05
#: Corners tried, in order of preference on a tie; name -> (x, y) of the box in 16:9.
CORNERS: dict[str, tuple[float, float]] = {
    "top-right": (1 - MARGIN_X - LOGO_W, MARGIN_Y),
    "top-left": (MARGIN_X, MARGIN_Y),
    "bottom-left": (MARGIN_X, 1 - MARGIN_Y - LOGO_H),
    "top-centre": (0.5 - LOGO_W / 2, MARGIN_Y),
    "bottom-centre": (0.5 - LOGO_W / 2, 1 - MARGIN_Y - LOGO_H),
}
#: Slots whose boxes a logo should not cover, and how much covering each costs (text is
#: worst: a cut-out rarely fills its whole box, a line of text does).
_KEEP_CLEAR = {
    "title": 4.0, "subtitle": 3.0, "number": 3.0, "badge": 2.0, "label_a": 2.0, "label_b": 2.0,
    "subject": 1.0, "hero": 1.0, "hero_b": 1.0,
}


def corner_name(box: Box) -> str:
    """Where a box sits: ``top-left``, ``top-right``, ``bottom-left``, ``bottom-right`` or
    ``centre`` (its centre within the middle fifth both ways)."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    if abs(cx - 0.5) < 0.1 and abs(cy - 0.5) < 0.1:
        return "centre"
    return f"{'top' if cy < 0.5 else 'bottom'}-{'left' if cx < 0.5 else 'right'}"


def derived_logo_layer(design: Design, asset: str) -> tuple[ImageLayer, str]:
    """A logo layer for a design without a logo slot, and the name of the corner it took."""
    keep = [(layer.box, _KEEP_CLEAR[layer.slot]) for layer in design.layers
            if layer.slot in _KEEP_CLEAR and layer.visible]
    best, best_cost = "top-right", float("inf")
    for name, (x, y) in CORNERS.items():
        cost = sum(weight * _overlap(Box(x=x, y=y, w=LOGO_W, h=LOGO_H), box) for box, weight in keep)
        if cost < best_cost - 1e-9:
            best, best_cost = name, cost
    x, y = CORNERS[best]
    square_w, square_h = LOGO_W * 9 / 16 * 1.4, LOGO_H * 0.8
    square_x = {"left": MARGIN_X, "right": 1 - MARGIN_X - square_w}.get(best.split("-")[1], 0.5 - square_w / 2)
    square = Box(x=square_x, y=MARGIN_Y if "top" in best else 1 - MARGIN_Y - square_h, w=square_w, h=square_h)
    layer = ImageLayer(
        id=_free_id(design, "logo"), name="Logo", slot="logo", asset=asset,
        box=Box(x=x, y=y, w=LOGO_W, h=LOGO_H), boxes={Aspect.SQUARE: square}, fit="contain",
        anchor_x={"left": 0.0, "right": 1.0}.get(best.split("-")[1], 0.5), anchor_y=0.0 if "top" in best else 1.0,
        shadow=Shadow(color="#000000", dx=0.0, dy=0.004, blur=0.01, opacity=0.45), depth=0.9,
    )
    return layer, best


def _overlap(a: Box, b: Box) -> float:
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return max(0.0, w) * max(0.0, h)


def _free_id(design: Design, stem: str) -> str:
    ids = {layer.id for layer in design.layers}
    if stem not in ids:
        return stem
    n = 2
    while f"{stem}-{n}" in ids:
        n += 1
    return f"{stem}-{n}"
