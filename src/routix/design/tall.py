"""The 9:16 layout rule: a design laid out for a 1080x1920 Shorts/Reels canvas.

A vertical video player draws its own interface over the picture: the caption, the channel
name and the buttons over the bottom ~20 % (``UI_BOTTOM``) and the like/comment/share column
over the right ~15 % (``UI_RIGHT``; both in :mod:`routix.design.boxes`). The 9:16 layout
keeps the title, the other text slots and the subject's face out of both zones; art may run
behind them.

When a layer has no designed 9:16 box, :func:`tall_layout` derives one from the layers' 1:1
boxes (the 1:1 layout already stacks the title above the picture), by role:

1. **Top stack.** The ``title``, ``subtitle``, ``badge`` and ``logo`` slots are stacked in
   the band above the art, inside the safe zone (x 0.05..``SAFE_RIGHT``): a row with the logo
   (left) and the badge, then the title (it takes the rest of the band), then the subtitle.
2. **Art group.** Every other layer (subject, heroes, numbers, labels, decorative shapes) keeps
   its 1:1 arrangement: the union of their 1:1 boxes is scaled uniformly (pixel aspect kept, so
   rings stay round) to fit the art region: x 0..``ART_RIGHT`` (up to ``OVERFLOW`` times that,
   or until the widest subject or hero spans 0..``ART_RIGHT``; the sides bleed), from below
   the top stack down to ``UI_BOTTOM`` (down to the bottom edge when the subject bled off the
   bottom in 1:1, so a cut-off person still stands on the frame), centred horizontally.
   Text in the art group (a number, a label, a "?") is shifted into the safe zone's width.
3. **Followers.** A slot-less layer behind a top-stack text layer in 1:1 (at least half the
   text's width, at least half of it over the text or over another follower: a bar behind the
   title, a lower third, its edge line) follows that layer: scaled with its width, pixel aspect
   kept, centred on it as before, and cut at the bottom of the top stack's band.
4. Background layers fill the canvas.

The band of the top stack is ``TEXT_BAND`` of the height (down to ``SAFE_BOTTOM`` when there is no art); the art
is then fitted, and when it ends up shorter than its region the text band grows down to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from routix.design.boxes import (
    ART_RIGHT,
    SAFE_BOTTOM,
    SAFE_LEFT,
    SAFE_RIGHT,
    SAFE_TOP,
    TALL_RATIO,
    UI_BOTTOM,
    box_for,
)
from routix.design.models import FULL_BOX, Aspect, BackgroundLayer, Box, Design, Layer, TextLayer

#: Height of the top stack's band when the design has art, fraction of the canvas height.
TEXT_BAND = 0.36
#: How far the art group may grow past the art region's width (its sides bleed off the canvas).
OVERFLOW = 1.2

TOP_SLOTS = ("logo", "badge", "title", "subtitle")
_ROW_H = 0.055
_GAP = 0.012


def _union(boxes: Iterable[Box]) -> tuple[float, float, float, float]:
    items = list(boxes)
    return (min(b.x for b in items), min(b.y for b in items),
            max(b.x + b.w for b in items), max(b.y + b.h for b in items))


def _overlap(a: Box, b: Box) -> float:
    """Area of ``a`` that lies inside ``b``, as a fraction of ``a``'s area."""
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return max(0.0, w) * max(0.0, h) / (a.w * a.h)


def layer_slot(design: Design, layer_id: str) -> str | None:
    return design.layer(layer_id).slot


def _square(layer: Layer) -> Box:
    return box_for(layer, Aspect.SQUARE)


def _top_stack(present: set[str], bottom: float) -> dict[str, Box]:
    """Boxes of the top-stack slots in the band SAFE_TOP..``bottom``."""
    out: dict[str, Box] = {}
    width = SAFE_RIGHT - SAFE_LEFT
    y = SAFE_TOP
    if "logo" in present or "badge" in present:
        if "logo" in present:
            out["logo"] = Box(x=SAFE_LEFT, y=y, w=0.24, h=_ROW_H)
        if "badge" in present:
            left = SAFE_LEFT + 0.30 if "logo" in present else SAFE_LEFT
            out["badge"] = Box(x=left, y=y, w=SAFE_RIGHT - left, h=_ROW_H) if "logo" in present \
                else Box(x=left, y=y, w=0.44, h=_ROW_H)
        y += _ROW_H + _GAP
    end = bottom
    if "subtitle" in present:
        out["subtitle"] = Box(x=SAFE_LEFT, y=bottom - _ROW_H, w=width, h=_ROW_H)
        end = bottom - _ROW_H - _GAP
    if "title" in present:
        out["title"] = Box(x=SAFE_LEFT, y=y, w=width, h=max(0.08, end - y))
    return out


def _follow(box: Box, anchor_from: Box, anchor_to: Box) -> Box:
    """``box`` placed relative to ``anchor_to`` as it was to ``anchor_from`` (1:1 -> 9:16): scaled
    with the anchor's width, pixel aspect kept, centred on the anchor as before."""
    k = anchor_to.w / anchor_from.w
    ky = k * TALL_RATIO
    w, h = box.w * k, box.h * ky
    cx = anchor_to.cx + (box.cx - anchor_from.cx) * k
    cy = anchor_to.cy + (box.cy - anchor_from.cy) * ky
    return Box(x=cx - w / 2, y=cy - h / 2, w=min(2.0, w), h=min(2.0, h))


def _anchor(square: dict[str, Box], layer_id: str, top: dict[str, Layer], followers: dict[str, str]) -> str | None:
    """The top-stack text layer a slot-less layer sits behind in 1:1, if any: it covers half
    the text's width and half of it lies over the text (or over a layer that follows it)."""
    box = square[layer_id]
    for text_id, text in top.items():
        anchor = square[text_id]
        if isinstance(text, TextLayer) and box.w >= 0.5 * anchor.w and _overlap(box, anchor) >= 0.5:
            return text_id
    for other, anchor_id in followers.items():
        if _overlap(box, square[other]) >= 0.5:
            return anchor_id
    return None


def _above(box: Box, bottom: float) -> Box:
    """``box`` cut at ``bottom`` (a follower stays behind the top stack, off the art)."""
    if box.y + box.h <= bottom or box.y >= bottom - 0.01:
        return box
    return Box(x=box.x, y=box.y, w=box.w, h=bottom - box.y)


def _inside_safe_x(box: Box) -> Box:
    """Text in the art group: shifted (then narrowed) into SAFE_LEFT..SAFE_RIGHT."""
    w = min(box.w, SAFE_RIGHT - SAFE_LEFT)
    x = min(max(box.cx - w / 2, SAFE_LEFT), SAFE_RIGHT - w)
    return Box(x=x, y=box.y, w=w, h=box.h)


def _clamp(box: Box) -> Box:
    x = min(max(box.x, -0.5), 1.5)
    y = min(max(box.y, -0.5), 1.5)
    return Box(x=x, y=y, w=min(box.w, 2.0), h=min(box.h, 2.0))


def tall_layout(design: Design) -> dict[str, Box]:
    """9:16 boxes of every layer of ``design`` by the rule in this module's docstring.

    Returns ``{layer id: Box}`` normalised to the 9:16 canvas; designed 9:16 boxes are not
    consulted (see :func:`with_tall_layout`).
    """
    square = {layer.id: _square(layer) for layer in design.layers if not isinstance(layer, BackgroundLayer)}
    top = {layer.id: layer for layer in design.layers if layer.slot in TOP_SLOTS and layer.id == layer.slot}
    followers: dict[str, str] = {}
    art: list[str] = []
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer) or layer.id in top:
            continue
        if layer.slot is None:
            anchor = _anchor(square, layer.id, top, followers)
            if anchor is not None:
                followers[layer.id] = anchor
                continue
        art.append(layer.id)

    band = TEXT_BAND if art else SAFE_BOTTOM
    if "subtitle" not in top and "logo" not in top and "badge" not in top:
        band -= 0.04
    out: dict[str, Box] = {}
    if art:
        x0, y0, x1, y1 = _union(square[i] for i in art)
        x0, x1 = max(x0, -0.1), min(x1, 1.1)
        # only a person stands on the bottom edge; other art stays above the caption zone
        bleeds = any(layer_slot(design, i) == "subject" and square[i].y + square[i].h >= 0.99 for i in art)
        region_top = band + _GAP
        region_bottom = max(1.0, y1 - 0.02) if bleeds else UI_BOTTOM
        # scale from 1:1 units (side = canvas width) to 9:16 units, pixel aspect kept; the art may
        # overflow the width (its sides bleed) to use the canvas' height, by OVERFLOW or until the
        # widest person or hero spans the art region
        main = [square[i].w for i in art if (layer_slot(design, i) or "").startswith(("subject", "hero"))]
        width_fit = max(OVERFLOW * ART_RIGHT / (x1 - x0), ART_RIGHT / max(main, default=x1 - x0))
        scale = min(width_fit, (region_bottom - region_top) / ((y1 - y0) * TALL_RATIO))
        width, height = (x1 - x0) * scale, (y1 - y0) * scale * TALL_RATIO
        left = (ART_RIGHT - width) / 2
        top_y = region_bottom - height if bleeds else region_top + (region_bottom - region_top - height) / 2
        for layer_id in art:
            b = square[layer_id]
            box = Box(x=left + (b.x - x0) * scale, y=top_y + (b.y - y0) * scale * TALL_RATIO,
                      w=b.w * scale, h=b.h * scale * TALL_RATIO)
            out[layer_id] = _clamp(_inside_safe_x(box) if isinstance(design.layer(layer_id), TextLayer) else box)
        band = max(band, top_y - _GAP)
    out.update(_top_stack(set(top), band))
    for layer_id, anchor in followers.items():
        out[layer_id] = _clamp(_above(_follow(square[layer_id], square[anchor], out[anchor]), band + _GAP))
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer):
            out[layer.id] = FULL_BOX
    return out


def with_tall_layout(design: Design, *, replace: bool = False) -> Design:
    """``design`` with a 9:16 box on every layer that has none (all of them when ``replace``)."""
    if not replace and all(layer.box_tall is not None or isinstance(layer, BackgroundLayer)
                           for layer in design.layers):
        return design
    boxes = tall_layout(design)
    layers = [layer if isinstance(layer, BackgroundLayer) or (layer.box_tall is not None and not replace)
              else layer.with_box(Aspect.TALL, boxes[layer.id]) for layer in design.layers]
    return design.model_copy(update={"layers": layers})
