"""What goes to an image model and what comes back: the art prompt, reference images, and the
decoded result cover-cropped to the design canvas.

The model paints background art only. The title, subtitle and badge are drawn by Routix over
the art (models garble text), and the subject cutouts are composited on top, so the prompt says
where they will sit and asks the model to leave those areas calm and free of text.
"""

from __future__ import annotations

import io
from PIL import Image

from ..brief.models import Brief
from ..design.models import SIZES, Design, ImageLayer, TextLayer
from ..generate.ports import AssetStore

#: Canvas the provider art is cropped to (px): the design's primary 16:9 size.
CANVAS = SIZES["youtube"]


def _region(cx: float, cy: float) -> str:
    """Plain-words position of a normalised point: "left third, lower half" ..."""
    col = "left" if cx < 0.4 else "right" if cx > 0.6 else "centre"
    row = "top" if cy < 0.4 else "bottom" if cy > 0.6 else "middle"
    return f"{row} {col}" if (row, col) != ("middle", "centre") else "centre"


def art_prompt(brief: Brief, design: Design, *, references: int) -> str:
    """The instruction sent to the image model for ``brief`` laid out as ``design``.

    Names category, mood, style, energy (1-10), visual elements and palette; says where the
    people and the title will be placed; forbids any text in the image.
    """
    elements = ", ".join(brief.visual_elements) or "a backdrop that suits the topic"
    palette = ", ".join((design.palette or brief.color_hints)[:5])
    lines = [
        f"Paint the background art for a 16:9 YouTube thumbnail about: {brief.prompt}",
        f"Category {brief.category}; mood {brief.mood}; style {brief.style}; energy {brief.energy} of 10.",
        f"Show: {elements}. Bold, high-contrast, readable at small size, no borders or frames.",
    ]
    if palette:
        lines.append(f"Use this colour palette: {palette}.")
    people = [layer for layer in design.layers if isinstance(layer, ImageLayer) and layer.slot == "subject"]
    if people:
        where = ", ".join(sorted({_region(p.box.cx, p.box.cy) for p in people}))
        lines.append(
            f"The person{'s' if len(people) > 1 else ''} will be cut out and placed on top at the {where}; "
            "do not draw any person there, keep that area simple and lit to match them."
        )
    if references:
        which = "The reference image shows" if references == 1 else f"The {references} reference images show"
        lines.append(f"{which} the creator: match their lighting and colours so the cutout blends in.")
    texts = [layer for layer in design.layers if isinstance(layer, TextLayer) and layer.visible]
    if texts:
        where = ", ".join(sorted({_region(t.box.cx, t.box.cy) for t in texts}))
        lines.append(f"Keep the {where} area calm and low-detail: Routix draws the title there.")
    lines.append(
        "Do NOT write any text, letters, numbers, captions, logos or watermarks anywhere in the image."
    )
    return "\n".join(lines)


def reference_images(design: Design, assets: AssetStore, *, limit: int, max_side: int) -> list[bytes]:
    """PNG bytes of the design's subject cutouts (host first), at most ``limit`` of them, each
    downscaled so its long side is at most ``max_side`` px."""
    out: list[bytes] = []
    for layer in design.layers:
        if len(out) >= limit:
            break
        if isinstance(layer, ImageLayer) and layer.slot == "subject":
            image = assets.get(layer.asset).copy()
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out.append(png_bytes(image))
    return out


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def decode_art(data: bytes, size: tuple[int, int] = CANVAS) -> Image.Image:
    """Provider image bytes -> RGB of exactly ``size`` px, cover-cropped around the centre
    (e.g. 1344x768 -> 1280x720). Raises InvalidImage for bytes that are not a safe image."""
    from ..render.background import cover_crop
    from ..vision import load_image

    return cover_crop(load_image(data).convert("RGB"), size, (0.5, 0.5))

