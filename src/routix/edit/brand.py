"""The ``apply_brand_kit`` edit: a resolved brand kit on an existing design, the art kept.

The same rules as at generation (:func:`routix.generate.brand.apply_brand`): the kit's
primary, secondary and accent colours lead the palette, the title gets the kit's font and
title style (accent words in the accent colour), then the design is rendered once and the
contrast fix runs (:func:`routix.quality.fix_contrast`), so a kit colour that is unreadable
on the art gets an outline, shadow or backdrop. The kit's logo goes into the logo slot: an
existing logo layer shows the kit's logo in its box, else a logo layer is added in the corner
least covered. The background is never repainted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PIL import Image

from routix.design.models import Design, ImageLayer
from routix.edit import ops as o
from routix.generate.brand import Brand, BrandTitle, apply_brand


class KitNotResolved(Exception):
    """An ``apply_brand_kit`` operation without its :class:`~routix.edit.ops.KitLook`."""


def brand_of_look(look: o.KitLook) -> Brand:
    """The pipeline's :class:`Brand` of a resolved kit."""
    title = BrandTitle(uppercase=look.uppercase, fill=look.fill, stroke=look.stroke, stroke_width=look.stroke_width)
    colors = (look.colors[0], look.colors[1], look.colors[2])
    return Brand(name=look.name, colors=colors, font=look.font, title=title)


def apply_kit(design: Design, op: o.ApplyBrandKit, *, get: Callable[[str], Image.Image],
              put_logo: Callable[[uuid.UUID], str], add_logo: Callable[[Design, o.AddLogo], Design],
              contrast: bool = True) -> Design:
    """``design`` with the kit of ``op`` applied (module docstring). ``get`` resolves the
    design's asset references (for the contrast render), ``put_logo`` stores the image of an
    uploaded logo (by asset id) and returns its reference, ``add_logo`` adds a logo layer when
    the design has none; ``contrast`` False skips the render and contrast fix (a dry run).
    Raises KitNotResolved when ``op.kit`` is missing; ``put_logo``'s errors pass through."""
    look = op.kit
    if look is None:
        raise KitNotResolved("the brand kit was not looked up; a Routix server applies brand kits")
    design = apply_brand(design, brand_of_look(look))
    if look.logo_asset_id is not None:
        logos = [layer for layer in design.layers if isinstance(layer, ImageLayer) and layer.slot == "logo"]
        if logos:
            ref = put_logo(look.logo_asset_id)
            layers = [layer.model_copy(update={"asset": ref}) if layer.id == logos[0].id else layer
                      for layer in design.layers]
            design = design.model_copy(update={"layers": layers})
        else:
            design = add_logo(design, o.AddLogo(asset_id=look.logo_asset_id))
    return _readable(design, get) if contrast else design


def _readable(design: Design, get: Callable[[str], Image.Image]) -> Design:
    """The contrast fix of a generation: render once, check, fix the failing text layers."""
    from routix.design.models import SIZES
    from routix.quality import assess, fix_contrast
    from routix.render import render_passes

    checked = Design.model_validate(design.model_dump(by_alias=True))
    passes = render_passes(checked, SIZES["youtube"], get)
    report = assess(passes.result.image, checked, passes.result.boxes, backdrop=passes.backdrop, ocr=False)
    fixed = fix_contrast(checked, report)
    if fixed == checked:
        return checked
    notes = [*fixed.meta.notes, "Text contrast was low; added an outline, shadow or backdrop."]
    return fixed.model_copy(update={"meta": fixed.meta.model_copy(update={"notes": notes})})
