"""``draw_guides``: the quality rules drawn over a thumbnail, for previews and debugging."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from routix.design import Aspect, aspect_of
from routix.quality.layout import badge_corner, safe_area
from routix.quality.report import QualityReport

_SAFE = (0, 220, 255, 255)
_BADGE = (255, 60, 60, 90)
_LAYER = (255, 230, 0, 255)
_FACE = (60, 255, 120, 255)
_INK = (0, 0, 0, 255)


def draw_guides(
    image: Image.Image,
    boxes: dict[str, tuple[int, int, int, int]],
    face_boxes: Sequence[tuple[int, int, int, int]] = (),
    report: QualityReport | None = None,
) -> Image.Image:
    """A copy of ``image`` (RGB) with the safe area (cyan), the duration-badge corner (red,
    16:9 only), each layer's ink box (yellow, labelled by id), face boxes (green) and, when
    ``report`` is given, one line per failed check (name, value, threshold) at the top-left.
    Boxes are px of ``image``."""
    canvas = image.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    line = max(2, round(image.height / 360))
    font_size = max(12, round(image.height / 40))
    font = ImageFont.load_default(size=font_size)
    draw.rectangle(safe_area(image.size), outline=_SAFE, width=line)
    if aspect_of(*image.size) is Aspect.WIDE:
        draw.rectangle(badge_corner(image.size), fill=_BADGE, outline=_BADGE[:3] + (255,), width=line)
    for layer_id, box in boxes.items():
        draw.rectangle(box, outline=_LAYER, width=line)
        above = box[1] - font_size - 2 * line
        draw.text((box[0], above if above >= 0 else box[1] + 2 * line), layer_id, fill=_LAYER, font=font)
    for box in face_boxes:
        draw.rectangle(box, outline=_FACE, width=line)
    if report is not None:
        lines = [
            f"{'ERROR' if c.severity == 'error' else 'warning'} {c.name}: {c.value:g} (threshold {c.threshold:g})"
            for c in report.failures
        ]
        for i, text in enumerate(lines or ["all checks passed"]):
            y = 2 * line + round(font_size * 1.3) * i
            draw.text((2 * line, y), text, fill=(255, 255, 255, 255), font=font, stroke_width=2, stroke_fill=_INK)
    return Image.alpha_composite(canvas, overlay).convert("RGB")
