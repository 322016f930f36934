"""A brand kit as the pipeline sees it: colours, title font and style, logo.

The service turns a stored kit into a :class:`Brand` (the kit's logo image is passed to the
pipeline as the request's logo when the request has none). The pipeline applies it in two
places:

* :func:`brand_brief` puts the kit's primary, secondary and accent colours first in the
  brief's colour hints, so the composed palette and the painted art lead with them (a preset's
  colours follow);
* :func:`apply_brand` gives the title the kit's font and title style and the accent words the
  accent colour, after any style preset (the kit wins). The contrast fix runs afterwards, so a
  kit never makes the title unreadable: a low-contrast fill gets an outline, shadow or backdrop.
"""

from __future__ import annotations

from dataclasses import dataclass

from routix.brief.models import Brief
from routix.design.models import Design, Layer, Solid, Stroke, TextLayer


@dataclass(frozen=True)
class BrandTitle:
    """The kit's default title style: ``uppercase``, ``fill`` colour (None: the template's),
    ``stroke`` colour and ``stroke_width`` (fraction of the font size; 0 = no outline; None:
    the template's)."""

    uppercase: bool | None = None
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float | None = None


@dataclass(frozen=True)
class Brand:
    """A brand kit: ``name``, ``colors`` (primary, secondary, accent as ``#RRGGBB``), the title
    ``font`` (a ``routix.render.fonts`` id, bundled or registered; None: the template's) and
    ``title`` style."""

    name: str
    colors: tuple[str, str, str]
    font: str | None = None
    title: BrandTitle = BrandTitle()

    @property
    def accent(self) -> str:
        return self.colors[2]


def brand_brief(brief: Brief, brand: Brand) -> Brief:
    """``brief`` with the kit's colours leading its colour hints (at most 5)."""
    hints = list(dict.fromkeys([*(c.upper() for c in brand.colors), *brief.color_hints]))[:5]
    return brief.model_copy(update={"color_hints": hints})


def apply_brand(design: Design, brand: Brand) -> Design:
    """``design`` with the kit's colours leading its palette and its font and title style on
    the title layer (accent words in the accent colour)."""
    palette = list(dict.fromkeys([*(c.upper() for c in brand.colors), *design.palette]))[:8]
    layers: list[Layer] = []
    style = brand.title
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.slot == "title":
            update: dict = {"accent_color": brand.accent if layer.accent_words else layer.accent_color}
            if brand.font is not None:
                update["font"] = brand.font
            if style.uppercase is not None:
                update["uppercase"] = style.uppercase
            if style.fill is not None:
                update["fill"] = Solid(color=style.fill)
            if style.stroke_width is not None:
                color = style.stroke or (layer.stroke.color if layer.stroke else "#000000")
                update["stroke"] = Stroke(color=color, width=style.stroke_width) if style.stroke_width else None
            layers.append(layer.model_copy(update=update))
        else:
            layers.append(layer)
    notes = [*design.meta.notes, f"Brand kit: {brand.name}."]
    meta = design.meta.model_copy(update={"notes": notes})
    return design.model_copy(update={"palette": palette, "layers": layers, "meta": meta})
