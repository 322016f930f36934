"""``fix_contrast``: give failing text layers a legibility device, escalating as needed.

For each text layer whose ``title_contrast``/``subtitle_contrast`` check failed:

0. the backing colour is black or white, whichever gives the higher worst-case contrast with
   every fill colour (gradient stops, accent colour);
1. **outline**: if that colour reaches 4.5:1 against every fill colour, the layer gets a stroke
   of it (0.08 of the font size for a warning, 0.12 below 3:1) plus a soft black drop shadow
   if it had none. For a solid fill this always suffices: the better of black and white gives
   at least 4.58:1 (the two tie at luminance 0.179, where (L+0.05)/0.05 = 1.05/(L+0.05));
2. **highlight box**: otherwise (a gradient or accent spanning dark and light) an opaque box of
   the backing colour goes behind the text;
3. **flat fill**: if even that cannot reach 4.5:1 for every colour, the gradient becomes its
   stop that contrasts most with the box, and an accent colour that fails is dropped.

A layer that already has a highlight box gets its box recoloured instead (step 2).
"""

from __future__ import annotations

from routix.design import Design, Highlight, Shadow, Solid, Stroke, TextLayer
from routix.quality.checks import CONTRAST_ERROR, CONTRAST_TARGET
from routix.quality.color import (
    RGBA,
    composite,
    contrast_from_luminance,
    luminance_array,
    to_hex,
)
from routix.quality.contrast import fill_colors
from routix.quality.report import QualityReport

CONTRAST_CHECKS = ("title_contrast", "subtitle_contrast")
#: Outline widths (fraction of the font size) for a warning and for an error.
STROKE_WARNING = 0.08
STROKE_ERROR = 0.12
_BACKINGS: tuple[RGBA, RGBA] = ((0, 0, 0, 255), (255, 255, 255, 255))


def fix_contrast(design: Design, report: QualityReport) -> Design:
    """A new design in which every text layer that failed a contrast check in ``report`` gets
    the fix described in this module's docstring. ``design`` is never mutated; a design with
    no failing contrast check comes back as an equal copy."""
    failing = {
        check.layer_id: check.value
        for check in report.checks
        if check.name in CONTRAST_CHECKS and not check.passed and not check.skipped and check.layer_id
    }
    fixed = design.model_copy(deep=True)
    fixed.layers = [
        legibility_fix(layer, failing[layer.id])
        if isinstance(layer, TextLayer) and layer.id in failing
        else layer
        for layer in fixed.layers
    ]
    return fixed


def _worst(fills: list[RGBA], backing: RGBA) -> float:
    """Lowest WCAG ratio of the fills drawn on an opaque backing colour."""
    behind = luminance_array(backing[:3])
    return min(float(contrast_from_luminance(luminance_array(composite(fill, backing[:3])), behind)) for fill in fills)


def legibility_fix(layer: TextLayer, ratio: float | None) -> TextLayer:
    """``layer`` with an outline, highlight box or flat fill (see module docstring) chosen by
    its measured contrast ``ratio`` (WCAG 1..21; ``None`` counts as an error). Returns a copy."""
    fills = fill_colors(layer)
    backing = max(_BACKINGS, key=lambda colour: _worst(fills, colour))
    color = to_hex(backing)
    updates: dict = {}
    if layer.highlight is None and _worst(fills, backing) >= CONTRAST_TARGET:
        width = STROKE_ERROR if ratio is None or ratio < CONTRAST_ERROR else STROKE_WARNING
        if layer.stroke is not None:
            width = max(width, layer.stroke.width)
        updates["stroke"] = Stroke(color=color, width=width)
        if layer.shadow is None:
            updates["shadow"] = Shadow(color="#000000")
    else:
        old = layer.highlight or Highlight()
        updates["highlight"] = old.model_copy(update={"color": color})
        if _worst(fills, backing) < CONTRAST_TARGET:
            stops = fills[:-1] if layer.accent_words and layer.accent_color else fills
            best = max(stops, key=lambda fill: _worst([fill], backing))
            updates["fill"] = Solid(color=to_hex(best))
            if layer.accent_words and layer.accent_color and _worst([fills[-1]], backing) < CONTRAST_TARGET:
                updates["accent_color"] = None
    return layer.model_copy(deep=True, update=updates)
