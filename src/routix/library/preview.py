"""Preview PNGs of library templates for administrators: the skeleton rendered the way a
generation fills it, with placeholder text, a neutral person silhouette in the subject slot, a
round mark in the logo slot and a plain rounded tile in any other image slot (hero icons); the
template's own art and colours, no reference image.

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


@lru_cache(maxsize=1)
def _tile() -> Image.Image:
    """A 512x512 RGBA rounded tile (light grey): the placeholder of any other image slot."""
    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    ImageDraw.Draw(image).rounded_rectangle((16, 16, 496, 496), radius=96, fill=(226, 230, 238, 255))
    return image


def _placeholder(ref: str) -> Image.Image:
    """The placeholder image of asset ``ref``: ``slot:<name>`` refs only (KeyError otherwise)."""
    if ref == "slot:subject":
        return _silhouette()
    if ref == "slot:logo":
        return _logo()
    if ref.startswith("slot:"):
        return _tile()
    raise KeyError(ref)


def preview_png(skeleton: dict[str, Any]) -> bytes:
    """The 640x360 PNG of a skeleton (``TemplateRecord.skeleton``: a Template as JSON) filled
    with placeholders. Raises pydantic ValidationError for a skeleton that is not a Template."""
    template = Template.model_validate(skeleton)
    design = template.design.model_copy(deep=True)
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.text in PLACEHOLDERS:
            layer.text = PLACEHOLDERS[layer.text]
    image = render(design, PREVIEW_SIZE, _placeholder).image
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


__all__ = ["PREVIEW_SIZE", "preview_png"]
