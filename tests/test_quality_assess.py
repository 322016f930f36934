"""assess + fix_contrast on thumbnails drawn with Pillow and the bundled Anton font.

The renderer is built elsewhere; ``_draw_title`` is a minimal stand-in that honours the title
layer's fill, stroke (fraction of the font size) and highlight box, so a design returned by
``fix_contrast`` can be drawn and assessed again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from routix.design import (
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    Highlight,
    LinearGradient,
    Solid,
    Stroke,
    TextLayer,
)
from routix.errors import InvalidInput
from routix.quality import assess, fix_contrast
from routix.quality.fix import STROKE_ERROR, STROKE_WARNING

FONT = Path(__file__).resolve().parents[1] / "src/routix/render/fonts/Anton-Regular.woff2"
W, H = 1280, 720


def _design(title: TextLayer, subtitle: TextLayer | None = None, bg: str = "#FFFFFF") -> Design:
    layers = [BackgroundLayer(id="bg", fill=Solid(color=bg)), title]
    return Design(layers=layers + ([subtitle] if subtitle else []))


def _title(text: str = "I QUIT MY JOB", **fields) -> TextLayer:
    return TextLayer(id="title", slot="title", text=text, box=Box(x=0.05, y=0.25, w=0.7, h=0.3), **fields)


def _draw_title(backdrop: Image.Image, layer: TextLayer, px: int, xy: tuple[int, int]) -> tuple[Image.Image, tuple]:
    """Draw ``layer`` (solid fill) on a copy of ``backdrop``; returns the image and the ink box."""
    image = backdrop.copy()
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), px)
    stroke = round(layer.stroke.width * px) if layer.stroke else 0
    box = draw.textbbox(xy, layer.text, font=font, stroke_width=stroke)
    if layer.highlight:
        pad = round(layer.highlight.padding * px)
        draw.rectangle((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), fill=layer.highlight.color[:7])
        box = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    fill = layer.fill.color if isinstance(layer.fill, Solid) else layer.fill.stops[0].color
    outline = layer.stroke.color if stroke else None
    draw.text(xy, layer.text, font=font, fill=fill, stroke_width=stroke, stroke_fill=outline)
    return image, box


def test_white_title_on_white_fails_and_its_contrast_fix_passes() -> None:
    white = Image.new("RGB", (W, H), "white")
    design = _design(_title(fill=Solid(color="#FFFFFF")))
    image, box = _draw_title(white, design.layer("title"), 150, (80, 200))

    report = assess(image, design, {"title": box}, backdrop=white, ocr=False)
    check = report.check("title_contrast")
    assert not report.passed
    assert (check.passed, check.severity, check.layer_id) == (False, "error", "title")
    assert report.contrast_ratio == pytest.approx(1.0)

    fixed = fix_contrast(design, report)
    title = fixed.layer("title")
    assert title.stroke is not None and title.stroke.color == "#000000" and title.stroke.width == STROKE_ERROR
    assert title.shadow is not None
    assert design.layer("title").stroke is None  # the input design is untouched

    image2, box2 = _draw_title(white, title, 150, (80, 200))
    report2 = assess(image2, fixed, {"title": box2}, backdrop=white, ocr=False)
    assert report2.passed
    assert report2.check("title_contrast").passed and report2.contrast_ratio == pytest.approx(21.0)


def test_mild_failure_gets_a_thinner_white_outline_for_a_dark_fill() -> None:
    grey = Image.new("RGB", (W, H), "#767676")
    design = _design(_title(fill=Solid(color="#1E1E1E")), bg="#767676")  # ~3.7:1, a warning
    image, box = _draw_title(grey, design.layer("title"), 150, (80, 200))
    report = assess(image, design, {"title": box}, backdrop=grey, ocr=False)
    check = report.check("title_contrast")
    assert not check.passed and check.severity == "warning" and 3.0 <= check.value < 4.5
    assert report.passed  # warnings do not fail the report
    stroke = fix_contrast(design, report).layer("title").stroke
    assert stroke is not None and stroke.color == "#FFFFFF" and stroke.width == STROKE_WARNING


def test_fix_leaves_passing_layers_alone() -> None:
    black = Image.new("RGB", (W, H), "black")
    design = _design(_title(fill=Solid(color="#FFD400")), bg="#000000")
    image, box = _draw_title(black, design.layer("title"), 150, (80, 200))
    report = assess(image, design, {"title": box}, backdrop=black, ocr=False)
    assert report.check("title_contrast").passed
    fixed = fix_contrast(design, report)
    assert fixed == design and fixed is not design


def test_gradient_spanning_dark_and_light_escalates_to_a_highlight_box_and_flat_fill() -> None:
    gradient = LinearGradient(stops=[ColorStop(offset=0, color="#FFFFFF"), ColorStop(offset=1, color="#202020")])
    white = Image.new("RGB", (W, H), "white")
    design = _design(_title(fill=gradient))
    image, box = _draw_title(white, design.layer("title"), 150, (80, 200))
    report = assess(image, design, {"title": box}, backdrop=white, ocr=False)
    assert not report.check("title_contrast").passed

    title = fix_contrast(design, report).layer("title")
    assert title.highlight is not None and title.highlight.color == "#000000"
    assert title.fill == Solid(color="#FFFFFF")  # the stop that contrasts with the black box
    image2, box2 = _draw_title(white, title, 150, (80, 200))
    report2 = assess(image2, fix_contrast(design, report), {"title": box2}, backdrop=white, ocr=False)
    assert report2.check("title_contrast").passed


def test_existing_highlight_box_is_recoloured() -> None:
    design = _design(_title(fill=Solid(color="#FFFFFF"), highlight=Highlight(color="#EEEEEE")))
    white = Image.new("RGB", (W, H), "white")
    image, box = _draw_title(white, design.layer("title"), 150, (80, 200))
    report = assess(image, design, {"title": box}, backdrop=white, ocr=False)
    assert report.check("title_contrast").value < 1.2
    title = fix_contrast(design, report).layer("title")
    assert title.highlight.color == "#000000" and title.stroke is None


def test_subtitle_is_checked_and_fixed_separately() -> None:
    subtitle = TextLayer(
        id="sub", slot="subtitle", text="day one", fill=Solid(color="#F0F0F0"), box=Box(x=0.05, y=0.6, w=0.5, h=0.15)
    )
    design = _design(_title(fill=Solid(color="#000000")), subtitle)
    white = Image.new("RGB", (W, H), "white")
    image, title_box = _draw_title(white, design.layer("title"), 150, (80, 150))
    with_sub, sub_box = _draw_title(image, subtitle, 70, (80, 450))
    no_title, _ = _draw_title(white, subtitle, 70, (80, 450))
    report = assess(with_sub, design, {"title": title_box, "sub": sub_box}, backdrop=no_title, ocr=False)
    assert report.check("title_contrast").passed
    assert not report.check("subtitle_contrast").passed
    fixed = fix_contrast(design, report)
    assert fixed.layer("title").stroke is None and fixed.layer("sub").stroke is not None


def test_title_letter_height_at_feed_size() -> None:
    art = Image.new("RGB", (W, H), "#2B3A67")
    big_layer = _title(fill=Solid(color="#FFFFFF"))
    big, big_box = _draw_title(art, big_layer, 150, (80, 200))
    small, small_box = _draw_title(art, big_layer, 30, (80, 200))
    design = _design(big_layer, bg="#2B3A67")
    big_check = assess(big, design, {"title": big_box}, backdrop=art, ocr=False).check("title_size")
    small_check = assess(small, design, {"title": small_box}, backdrop=art, ocr=False).check("title_size")
    # Anton's cap height is ~0.86 of the requested size; 94/720 scales to feed size
    assert big_check.passed and big_check.value == pytest.approx(150 * 0.86 * 94 / 720, rel=0.08)
    assert not small_check.passed and small_check.severity == "error"
    assert small_check.value == pytest.approx(30 * 0.86 * 94 / 720, rel=0.15)


def test_no_title_skips_the_title_checks() -> None:
    design = Design(layers=[BackgroundLayer(id="bg", fill=Solid(color="#000000"))])
    report = assess(Image.new("RGB", (W, H)), design, {})
    assert report.passed and report.contrast_ratio is None and report.legible_at_small is None
    assert all(report.check(name).skipped for name in ("title_contrast", "legibility_small", "title_size"))


def test_notes_are_copied_and_backdrop_size_must_match() -> None:
    design = _design(_title(stroke=Stroke(color="#000000", width=0.1)))
    image = Image.new("RGB", (W, H), "white")
    report = assess(image, design, {"title": (80, 200, 900, 380)}, notes=["no face found"], ocr=False)
    assert report.notes == ["no face found"]
    with pytest.raises(InvalidInput):
        assess(image, design, {}, backdrop=Image.new("RGB", (640, 360)), ocr=False)
