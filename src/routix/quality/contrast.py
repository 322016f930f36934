"""Contrast of a text layer against what is immediately behind its letters.

What counts as "behind" follows the legibility device the layer uses, in this order:

1. a **highlight box** -> the highlight colour, alpha-composited over the backdrop;
2. a **thick stroke** (``stroke.width >= 0.06`` of the font size; the thick outline is how
   YouTube thumbnails stay legible on busy art) -> the stroke colour over the backdrop; or,
   when that is higher, the stroke colour against the backdrop (``"outline_edge"``: a thick
   outline's silhouette carries the letter shapes, e.g. an orange outline on black art);
3. otherwise the **backdrop pixels** inside the layer's ink box.

Every candidate fill colour (solid colour, each gradient stop, the accent colour) is
composited over each behind pixel and the WCAG 2.x contrast ratio is taken per pixel
(:mod:`routix.quality.color`). The result is a robust worst case: the 10th percentile of the
per-pixel ratios for the worst fill colour, so a few stray pixels do not decide the verdict
but a bright patch covering a tenth of the title does.

Approximations: the layer's ``opacity`` is not applied (an opaque fill is assumed), glows and
shadows are not counted as legibility devices, and the ink box (not the glyph mask) is the
sampled region, so the art between letters counts too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from routix.design import (
    Design,
    LinearGradient,
    RadialGradient,
    Solid,
    TextLayer,
    aspect_of,
    box_for,
)
from routix.quality.color import (
    RGBA,
    composite,
    contrast_from_luminance,
    luminance_array,
    parse_hex,
    to_hex,
)

#: A stroke at least this wide (fraction of the font size) is the text's legibility device.
THICK_STROKE = 0.06
#: Percentile of per-pixel contrast ratios reported as the worst case.
WORST_CASE_PERCENTILE = 10.0
#: Pixels within this RGB distance (0..441) of a fill/stroke colour count as the text itself
#: when no text-free backdrop is given.
_SAME_COLOUR_DISTANCE = 40.0
#: Sample at most this many pixels of a region (a regular stride keeps it deterministic).
_MAX_SAMPLES = 120_000

PxBox = tuple[int, int, int, int]
Against = Literal["highlight", "stroke", "outline_edge", "backdrop"]


@dataclass(frozen=True)
class ContrastMeasure:
    """Worst-case contrast of one text layer.

    ``ratio``: WCAG ratio 1..21; ``against``: which rule picked the behind colour;
    ``fill``/``behind``: the colour pair (``#RRGGBB``) that produced the worst case (for
    ``"outline_edge"``: the stroke colour and the art).
    """

    ratio: float
    against: Against
    fill: str
    behind: str


def title_layer(design: Design) -> TextLayer | None:
    """The title: the first visible text layer with slot ``"title"``, else the largest visible
    text layer by box area, else ``None``."""
    texts = [layer for layer in design.layers if isinstance(layer, TextLayer) and layer.visible]
    for layer in texts:
        if layer.slot == "title":
            return layer
    if not texts:
        return None
    return max(texts, key=lambda layer: layer.box.w * layer.box.h)


def slot_text_layer(design: Design, slot: str) -> TextLayer | None:
    """The first visible text layer filling ``slot``, or ``None``."""
    for layer in design.by_slot(slot):
        if isinstance(layer, TextLayer) and layer.visible:
            return layer
    return None


def layer_box_px(layer_id: str, design: Design, boxes: dict[str, PxBox], size: tuple[int, int]) -> PxBox | None:
    """The layer's box in px ``(left, top, right, bottom)`` clipped to the canvas.

    Uses the renderer's ink box from ``boxes`` when present, else the design box for the
    canvas aspect. ``None`` when the box is empty after clipping or the layer is unknown.
    """
    width, height = size
    if layer_id in boxes:
        left, top, right, bottom = boxes[layer_id]
    else:
        try:
            layer = design.layer(layer_id)
        except KeyError:
            return None
        left, top, right, bottom = box_for(layer, aspect_of(width, height)).to_px(width, height)
    left, top = max(0, int(left)), max(0, int(top))
    right, bottom = min(width, int(right)), min(height, int(bottom))
    if right <= left or bottom <= top:
        return None
    return left, top, right, bottom


def fill_colors(layer: TextLayer) -> list[RGBA]:
    """Every colour the layer's letters may have: the solid fill or each gradient stop, plus
    the accent colour when accent words are set."""
    fill = layer.fill
    if isinstance(fill, Solid):
        colors = [parse_hex(fill.color)]
    elif isinstance(fill, (LinearGradient, RadialGradient)):
        colors = [parse_hex(stop.color) for stop in fill.stops]
    else:  # pragma: no cover - Paint is a closed union
        raise TypeError(f"unknown fill {type(fill).__name__}")
    if layer.accent_words and layer.accent_color:
        colors.append(parse_hex(layer.accent_color))
    return colors


def region_pixels(image: Image.Image, box: PxBox) -> np.ndarray:
    """RGB pixels of ``image`` inside ``box`` as a float array (N, 3), 0..255, sub-sampled on a
    regular grid to at most ~120k pixels."""
    crop = np.asarray(image.convert("RGB").crop(box), dtype=np.float64)
    step = max(1, int(np.ceil(np.sqrt(crop.shape[0] * crop.shape[1] / _MAX_SAMPLES))))
    return crop[::step, ::step].reshape(-1, 3)


def _without_text(pixels: np.ndarray, text_colors: list[RGBA]) -> np.ndarray:
    """Drop pixels that look like the text itself (close to a fill or stroke colour); keeps
    everything when less than 5 % would remain (the text matches its surroundings)."""
    keep = np.ones(len(pixels), dtype=bool)
    for color in text_colors:
        distance = np.linalg.norm(pixels - np.asarray(color[:3], dtype=np.float64), axis=1)
        keep &= distance > _SAME_COLOUR_DISTANCE
    if keep.sum() < 0.05 * len(pixels):
        return pixels
    return pixels[keep]


def worst_contrast(fills: list[RGBA], behind: np.ndarray) -> tuple[float, RGBA, np.ndarray]:
    """Worst-case contrast of ``fills`` over ``behind`` colours (N, 3).

    For each fill, the fill is composited over every behind colour and the per-pixel WCAG
    ratio's 10th percentile is taken; returns ``(ratio, worst fill, behind colour at that
    percentile)``.
    """
    behind_lum = luminance_array(behind)
    best: tuple[float, RGBA, np.ndarray] | None = None
    for fill in fills:
        text_lum = luminance_array(composite(fill, behind))
        ratios = contrast_from_luminance(text_lum, behind_lum)
        value = float(np.percentile(ratios, WORST_CASE_PERCENTILE))
        if best is None or value < best[0]:
            at = int(np.argmin(np.abs(ratios - value)))
            best = (value, fill, behind[at])
    assert best is not None
    return best


def measure_text_contrast(
    layer: TextLayer, image: Image.Image, box: PxBox, backdrop: Image.Image | None = None
) -> ContrastMeasure:
    """Worst-case WCAG contrast of ``layer`` drawn in ``box`` (px) by the rules of this module.

    ``backdrop`` is the render without this layer (same size as ``image``); without it the
    pixels of ``image`` that look like the text are dropped and the rest used as the backdrop.
    """
    fills = fill_colors(layer)
    if backdrop is not None:
        pixels = region_pixels(backdrop, box)
    else:
        device = [parse_hex(layer.stroke.color)] if layer.stroke else []
        pixels = _without_text(region_pixels(image, box), fills + device)
    if layer.highlight is not None:
        ratio, fill, behind = worst_contrast(fills, composite(parse_hex(layer.highlight.color), pixels))
        return ContrastMeasure(ratio=ratio, against="highlight", fill=to_hex(fill), behind=to_hex(behind))
    if layer.stroke is not None and layer.stroke.width >= THICK_STROKE:
        stroke = parse_hex(layer.stroke.color)
        ratio, fill, behind = worst_contrast(fills, composite(stroke, pixels))
        edge_ratio, _, edge_behind = worst_contrast([stroke], pixels)
        if edge_ratio > ratio:  # the outline's silhouette carries the letter shapes
            return ContrastMeasure(edge_ratio, "outline_edge", to_hex(stroke), to_hex(edge_behind))
        return ContrastMeasure(ratio=ratio, against="stroke", fill=to_hex(fill), behind=to_hex(behind))
    ratio, fill, behind = worst_contrast(fills, pixels)
    return ContrastMeasure(ratio=ratio, against="backdrop", fill=to_hex(fill), behind=to_hex(behind))
