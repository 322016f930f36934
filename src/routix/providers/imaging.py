"""What goes to an image model and what comes back: the art prompt, reference images, and the
decoded result cover-cropped to the design canvas.

The model paints background art only. The title, subtitle and badge are drawn by Routix over
the art (models garble text), and the subject cutouts are composited on top, so the prompt says
where they will sit and asks the model to leave those areas calm and free of text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

from routix.brief.models import Brief
from routix.design.boxes import box_for
from routix.design.models import SIZES, Design, ImageLayer, TextLayer
from routix.generate.ports import AssetStore
from routix.providers.references import numbered, style_lines

#: Canvas 16:9 provider art is cropped to (px): the design's primary 16:9 size.
CANVAS = SIZES["youtube"]

WIDE, SQUARE = "16:9", "1:1"


def art_aspect(brief: Brief) -> str:
    """The aspect to request art at: "1:1" when a square cover is the main output (a podcast
    brief), else "16:9". Square art feeds the 3000x3000 cover at full width and the 16:9
    thumbnail is cover-cropped from its middle band (see docs/providers.md)."""
    return SQUARE if brief.format == "podcast" else WIDE


def _region(cx: float, cy: float) -> str:
    """Plain-words position of a normalised point: "left third, lower half" ..."""
    col = "left" if cx < 0.4 else "right" if cx > 0.6 else "centre"
    row = "top" if cy < 0.4 else "bottom" if cy > 0.6 else "middle"
    return f"{row} {col}" if (row, col) != ("middle", "centre") else "centre"


def _where(layers: list, aspect: str) -> str:
    """Plain-words positions of ``layers``' box centres at ``aspect``, sorted, comma-joined."""
    return ", ".join(sorted({_region(box_for(layer, aspect).cx, box_for(layer, aspect).cy) for layer in layers}))


def art_prompt(brief: Brief, design: Design, *, references: int, aspect: str = WIDE,
               styles: Sequence[str] = ()) -> str:
    """The instruction sent to the image model for ``brief`` laid out as ``design`` at ``aspect``.

    Names category, mood, style, energy (1-10), visual elements and palette; says where the
    people and the title will be placed (their boxes at that aspect); forbids any text in the
    image. Square art also asks to keep the key elements in the middle band the 16:9
    thumbnail is cut from. ``references`` is the number of the creator's cut-outs sent (the
    first images); ``styles`` the modes of the style references sent after them, each named
    by its number (:func:`routix.providers.references.style_lines`).
    """
    elements = ", ".join(brief.visual_elements) or "a backdrop that suits the topic"
    palette = ", ".join((design.palette or brief.color_hints)[:5])
    what = "a square (1:1) podcast cover" if aspect == SQUARE else "a 16:9 YouTube thumbnail"
    lines = [
        f"Paint the background art for {what} about: {brief.prompt}",
        f"Category {brief.category}; mood {brief.mood}; style {brief.style}; energy {brief.energy} of 10.",
        f"Show: {elements}. Bold, high-contrast, readable at small size, no borders or frames.",
    ]
    if palette:
        lines.append(f"Use this colour palette: {palette}.")
    if aspect == SQUARE:
        lines.append("A 16:9 thumbnail is cut from the middle band of this square: keep the key elements there.")
    people = [layer for layer in design.layers if isinstance(layer, ImageLayer) and layer.slot == "subject"]
    if people:
        where = _where(people, aspect)
        lines.append(
            f"The person{'s' if len(people) > 1 else ''} will be cut out and placed on top at the {where}; "
            "do not draw any person there, keep that area simple and lit to match them."
        )
    if references and styles:  # numbered, so the model tells the creator from the style references
        which = f"{numbered(1, references)} show{'s' if references == 1 else ''}"
        lines.append(f"{which} the creator: match their lighting and colours so the cutout blends in.")
    elif references:
        which = "The reference image shows" if references == 1 else f"The {references} reference images show"
        lines.append(f"{which} the creator: match their lighting and colours so the cutout blends in.")
    lines.extend(style_lines(styles, first=references + 1))
    texts = [layer for layer in design.layers if isinstance(layer, TextLayer) and layer.visible]
    if texts:
        where = _where(texts, aspect)
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


def decode_art(data: bytes, aspect: str = WIDE) -> Image.Image:
    """Provider image bytes -> RGB art for ``aspect``: 16:9 is cover-cropped around the centre
    to exactly :data:`CANVAS` px (e.g. 1344x768 -> 1280x720); 1:1 keeps the provider's
    resolution, cropped to its largest centred square (e.g. 1024x1024 stays as it is).
    Raises InvalidImage for bytes that are not a safe image."""
    from routix.render.background import cover_crop
    from routix.vision import load_image

    image = load_image(data).convert("RGB")
    side = min(image.size)
    return cover_crop(image, CANVAS if aspect == WIDE else (side, side), (0.5, 0.5))
