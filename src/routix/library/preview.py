"""Preview PNGs of library templates for administrators: the skeleton rendered the way a
generation fills it, with placeholder text, a neutral person silhouette in the subject slot and a
round mark in the logo slot (the template's own art and colours, no reference image).

Used by the admin page's cards for starter templates (which have no reference image) and next to
an upload's reference image, so an admin sees what the library will actually produce.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from routix.design import TextLayer
from routix.render import render
from routix.templates import Template

#: Preview canvas (w, h) px: 16:9, big enough for a card, small enough to render in ~0.1 s.
PREVIEW_SIZE = (640, 360)
PLACEHOLDERS = {"{title}": "YOUR TITLE HERE", "{subtitle}": "SUBTITLE", "{badge}": "NEW"}


@lru_cache(maxsize=1)
def _silhouette() -> Image.Image:
    """A 600x800 RGBA head-and-shoulders silhouette (light grey), standing on the bottom edge."""
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    tone = (226, 230, 238, 255)
    draw.ellipse((190, 90, 410, 350), fill=tone)  # head
    draw.rectangle((260, 330, 340, 420), fill=tone)  # neck
    draw.rounded_rectangle((40, 400, 560, 900), radius=180, fill=tone)  # shoulders
    return image


@lru_cache(maxsize=1)
def _logo() -> Image.Image:
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 248, 248), fill=(255, 255, 255, 255))
    draw.ellipse((48, 48, 208, 208), fill=(40, 40, 48, 255))
    return image


def preview_png(skeleton: dict[str, Any]) -> bytes:
    """The 640x360 PNG of a skeleton (``TemplateRecord.skeleton``: a Template as JSON) filled
    with placeholders. Raises pydantic ValidationError for a skeleton that is not a Template."""
    template = Template.model_validate(skeleton)
    design = template.design.model_copy(deep=True)
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.text in PLACEHOLDERS:
            layer.text = PLACEHOLDERS[layer.text]
    assets = {"slot:subject": _silhouette(), "slot:logo": _logo()}
    image = render(design, PREVIEW_SIZE, assets.__getitem__).image
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


__all__ = ["PREVIEW_SIZE", "preview_png"]
