"""Variants: designs that differ from the main one in palette, title position and treatment.

Variant ``k`` (1-based) of a design:

* **position** - odd variants mirror the layout horizontally (subject left <-> right,
  text alignment flipped, hero icons flipped and tilted the other way); boxes are mirrored on
  both aspects, and a title/logo/badge that would land in YouTube's timestamp corner is lifted
  just above it. Even variants of a design with hero icons restage them (bigger, tilted).
* **treatment** - the title (and subtitle) get treatment ``TREATMENTS[(k - 1) % 4]``:
  yellow punch, white on a red box, gradient fill, clean white with a heavy shadow (horror and
  wellness designs alternate the last two only: a red box does not belong on a meditation).
  A mirrored "A vs B" keeps A first (:func:`keep_versus_order`).
* **palette** - background and shape colours rotate in hue by ``HUE_STEPS[k]`` degrees
  and the art is repainted with another seed.

All functions are pure: they return new designs.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable
from typing import Any

from routix.design.models import (
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    Highlight,
    ImageLayer,
    Layer,
    LinearGradient,
    ProceduralFill,
    RadialGradient,
    Shadow,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)

HUE_STEPS = (0, 40, -40, 80, -80, 160, 120, -120)

TREATMENTS: tuple[dict[str, Any], ...] = (
    {  # yellow punch: the classic high-CTR look
        "fill": Solid(color="#FFE600"),
        "stroke": Stroke(color="#000000", width=0.12),
        "shadow": Shadow(color="#000000", opacity=0.75, dx=0.006, dy=0.01, blur=0.004),
        "highlight": None,
        "font": "anton",
    },
    {  # white on a red box
        "fill": Solid(color="#FFFFFF"),
        "stroke": None,
        "shadow": None,
        "highlight": Highlight(color="#E50914", padding=0.22, radius=0.12),
        "font": "montserrat-black",
    },
    {  # gradient fill with a dark outline
        "fill": LinearGradient(
            angle=90, stops=[ColorStop(offset=0, color="#FFFFFF"), ColorStop(offset=1, color="#FFC400")]
        ),
        "stroke": Stroke(color="#1A1A1A", width=0.1),
        "shadow": Shadow(color="#000000", opacity=0.6, dx=0.0, dy=0.012, blur=0.01),
        "highlight": None,
        "font": "bebas",
    },
    {  # clean white, heavy soft shadow
        "fill": Solid(color="#FFFFFF"),
        "stroke": Stroke(color="#000000", width=0.07),
        "shadow": Shadow(color="#000000", opacity=0.85, dx=0.0, dy=0.01, blur=0.02),
        "highlight": None,
        "font": "oswald",
    },
)


#: Categories whose look is quiet (dark or calm): their variants keep to the quiet treatments.
QUIET_CATEGORIES = frozenset({"horror", "wellness"})
#: The treatments that suit a quiet look: clean white with a heavy shadow, the gradient fill.
QUIET_TREATMENTS: tuple[dict[str, Any], ...] = (TREATMENTS[3], TREATMENTS[2])


def make_variants(design: Design, count: int) -> list[Design]:
    """``count`` variants of ``design`` (see module docstring); ``count`` 0..8."""
    return [variant(design, k) for k in range(1, count + 1)]


def variant(design: Design, k: int) -> Design:
    """Variant number ``k`` (1-based) of ``design``."""
    out = design.model_copy(deep=True)
    if k % 2 == 1:
        out = keep_versus_order(mirror(out))
    else:
        out = restage_hero(out, k)
    treatments = QUIET_TREATMENTS if design.meta.category in QUIET_CATEGORIES else TREATMENTS
    out = apply_treatment(out, treatments[(k - 1) % len(treatments)])
    out = shift_hue(out, HUE_STEPS[k % len(HUE_STEPS)], seed=design.seed + k)
    meta = out.meta.model_copy(update={"variant": f"variant-{k}"})
    return out.model_copy(update={"meta": meta})


def mirror(design: Design) -> Design:
    """Mirror every layer box horizontally (x -> 1 - x - w) on both aspects."""
    flip_align = {"left": "right", "right": "left", "center": "center"}
    layers: list[Layer] = []
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer):
            layers.append(layer)
            continue
        update: dict[str, Any] = {"box": _clear_of_timestamp(_mirror_box(layer.box), layer.slot)}
        if layer.box_square is not None:
            update["box_square"] = _mirror_box(layer.box_square)
        if isinstance(layer, TextLayer):
            update["align"] = flip_align[layer.align]
            update["rotation"] = -layer.rotation
        if isinstance(layer, ShapeLayer):
            update["rotation"] = _wrap(180 - layer.rotation)
        if isinstance(layer, ImageLayer) and (layer.slot or "").startswith("hero"):
            update["rotation"] = -layer.rotation  # a hero icon turns the other way and faces inward
            update["flip"] = not layer.flip
        layers.append(layer.model_copy(update=update))
    return design.model_copy(update={"layers": layers})


def keep_versus_order(design: Design) -> Design:
    """After mirroring an "A vs B" design, A is on the right while the title still names it
    first: swap the two sides' icons and labels back so A reads first again (the mirrored
    tilts and panels stay). Designs without both labels are returned as is."""
    by_slot = {layer.slot: layer for layer in design.layers if layer.slot}
    a, b = by_slot.get("label_a"), by_slot.get("label_b")
    ha, hb = by_slot.get("hero"), by_slot.get("hero_b")
    if not (isinstance(a, TextLayer) and isinstance(b, TextLayer)):
        return design
    swap: dict[str, dict[str, Any]] = {"label_a": {"text": b.text}, "label_b": {"text": a.text}}
    if isinstance(ha, ImageLayer) and isinstance(hb, ImageLayer):
        swap["hero"] = {"asset": hb.asset, "flip": hb.flip}
        swap["hero_b"] = {"asset": ha.asset, "flip": ha.flip}
    layers = [layer.model_copy(update=swap[layer.slot]) if layer.slot in swap else layer for layer in design.layers]
    return design.model_copy(update={"layers": layers})


def restage_hero(design: Design, k: int) -> Design:
    """Even variants of a design with hero icons restage them: the icons grow by 8 % about
    their box centre and tilt 6 degrees further (alternating direction by ``k``), so a centred
    layout that mirroring leaves alike still changes. Designs without a hero are returned as is."""
    layers: list[Layer] = []
    turn = 6.0 if (k // 2) % 2 == 0 else -6.0
    for layer in design.layers:
        if isinstance(layer, ImageLayer) and (layer.slot or "").startswith("hero"):
            update: dict[str, Any] = {"rotation": max(-180.0, min(180.0, layer.rotation + turn)),
                                      "box": _grown(layer.box, 1.08)}
            if layer.box_square is not None:
                update["box_square"] = _grown(layer.box_square, 1.08)
            layers.append(layer.model_copy(update=update))
        else:
            layers.append(layer)
    return design.model_copy(update={"layers": layers})


def _grown(box: Box, s: float) -> Box:
    w, h = min(2.0, box.w * s), min(2.0, box.h * s)
    x = max(-0.5, min(1.5, box.cx - w / 2))
    y = max(-0.5, min(1.5, box.cy - h / 2))
    return Box(x=x, y=y, w=w, h=h)


def apply_treatment(design: Design, treatment: dict[str, Any]) -> Design:
    """Give the title and subtitle layers a treatment (fill, stroke, shadow, highlight, font)."""
    layers = [
        layer.model_copy(update=treatment) if isinstance(layer, TextLayer) and layer.slot in ("title", "subtitle")
        else layer
        for layer in design.layers
    ]
    return design.model_copy(update={"layers": layers})


def shift_hue(design: Design, degrees: float, *, seed: int) -> Design:
    """Rotate the hue of the palette, background and shape colours; reseed procedural art."""
    rot: Callable[[str], str] = lambda c: rotate_hue(c, degrees)  # noqa: E731
    layers: list[Layer] = []
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer):
            layers.append(layer.model_copy(update={"fill": _shift_fill(layer.fill, rot, seed)}))
        elif isinstance(layer, ShapeLayer) and layer.fill:
            layers.append(layer.model_copy(update={"fill": rot(layer.fill)}))
        else:
            layers.append(layer)
    return design.model_copy(update={"layers": layers, "palette": [rot(c) for c in design.palette], "seed": seed})


def _shift_fill(fill: Any, rot: Callable[[str], str], seed: int) -> Any:
    if isinstance(fill, ProceduralFill):
        return fill.model_copy(update={"palette": [rot(c) for c in fill.palette], "seed": seed})
    if isinstance(fill, Solid):
        return fill.model_copy(update={"color": rot(fill.color)})
    if isinstance(fill, (LinearGradient, RadialGradient)):
        stops = [s.model_copy(update={"color": rot(s.color)}) for s in fill.stops]
        return fill.model_copy(update={"stops": stops})
    return fill  # image fills keep their colours


def rotate_hue(color: str, degrees: float) -> str:
    """Rotate a ``#RRGGBB[AA]`` colour's hue in HLS space; alpha is kept."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb((h + degrees / 360.0) % 1.0, l, s)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}" + color[7:]


def _mirror_box(box: Box) -> Box:
    return box.model_copy(update={"x": 1.0 - box.x - box.w})


#: YouTube's duration badge covers the bottom-right corner of a 16:9 thumbnail (x >= 0.80, y >= 0.84).
TIMESTAMP_CORNER = (0.80, 0.84)


def _clear_of_timestamp(box: Box, slot: str | None) -> Box:
    """Lift a mirrored text/logo/badge box that landed in the timestamp corner just above it.

    Subjects and hero icons are left alone: subjects stand on the bottom edge with their faces
    high in the box, heroes may break the frame.
    """
    cx, cy = TIMESTAMP_CORNER
    if slot in (None, "subject", "hero", "hero_b") or box.x + box.w <= cx or box.y + box.h <= cy:
        return box
    return box.model_copy(update={"y": max(0.0, cy - 0.02 - box.h)})


def _wrap(deg: float) -> float:
    return (deg + 180.0) % 360.0 - 180.0
