"""Safe margins, the duration-badge corner and the file-size limit, on plain boxes."""

from __future__ import annotations

import pytest
from PIL import Image

from routix.design import (
    BackgroundLayer,
    Box,
    Design,
    ImageLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.quality import assess
from routix.quality.layout import badge_corner, outside_fraction, safe_area

W, H = 1280, 720


def _design(*extra) -> Design:
    title = TextLayer(
        id="title", slot="title", text="TEST", fill=Solid(color="#FFFFFF"), stroke=Stroke(color="#000000", width=0.08)
    )
    return Design(layers=[BackgroundLayer(id="bg", fill=Solid(color="#202020")), title, *extra])


def _report(title_box, *, faces=(), design=None, size=(W, H), file_size=None, boxes=None):
    image = Image.new("RGB", size, (32, 32, 32))
    return assess(
        image,
        design or _design(),
        {"title": title_box} if boxes is None else boxes,
        face_boxes=faces,
        file_size=file_size,
        ocr=False,
    )


def test_safe_area_and_badge_corner_at_youtube_size() -> None:
    assert safe_area((W, H)) == (51, 29, 1229, 691)
    assert badge_corner((W, H)) == (1024, 605, 1280, 720)
    assert outside_fraction((0, 100, 102, 200), safe_area((W, H))) == pytest.approx(0.5)


def test_title_inside_the_safe_area_passes() -> None:
    check = _report((100, 100, 900, 400)).check("safe_margins")
    assert check.passed and check.value == 0.0


def test_title_running_into_the_edge_margin_is_a_warning() -> None:
    report = _report((20, 100, 820, 400))
    check = report.check("safe_margins")
    assert not check.passed and check.severity == "warning"
    assert check.value == pytest.approx(31 / 800, abs=1e-3)
    assert report.passed  # a warning does not fail the report


def test_face_box_is_held_to_the_safe_area_too() -> None:
    check = _report((100, 100, 600, 300), faces=[(900, 0, 1200, 300)]).check("safe_margins")
    assert not check.passed
    assert "face 1" in check.message
    assert check.value == pytest.approx(29 / 300, abs=1e-3)


def test_title_under_the_duration_badge_is_an_error() -> None:
    report = _report((700, 450, 1200, 680))
    check = report.check("timestamp_corner")
    assert not check.passed and check.severity == "error"
    assert not report.passed
    assert check.value == pytest.approx((1200 - 1024) * (680 - 605) / (256 * 115), abs=1e-3)


def test_face_or_logo_under_the_badge_is_a_warning_only() -> None:
    logo = ImageLayer(id="logo", slot="logo", asset="brand/logo.png", box=Box(x=0.85, y=0.86, w=0.1, h=0.1))
    report = _report((100, 100, 600, 300), faces=[(1000, 500, 1150, 700)], design=_design(logo))
    check = report.check("timestamp_corner")
    assert not check.passed and check.severity == "warning"
    assert "face 1" in check.message and "logo" in check.message  # logo found from its design box
    assert report.passed


def test_clear_corner_passes_and_square_covers_skip_the_badge_rule() -> None:
    assert _report((100, 100, 900, 400)).check("timestamp_corner").passed
    square = _report((2500, 2600, 2900, 2900), size=(3000, 3000)).check("timestamp_corner")
    assert square.skipped and square.passed


def test_missing_ink_box_falls_back_to_the_design_box() -> None:
    # the design's default box is the full canvas: the title then fills the margins
    check = _report(None, boxes={}).check("safe_margins")
    assert not check.passed and check.value > 0.05


@pytest.mark.parametrize(("size", "passed"), [(1_999_999, True), (2_000_000, True), (2_000_001, False)])
def test_file_size_limit_is_youtubes_2_mb(size: int, passed: bool) -> None:
    report = _report((100, 100, 900, 400), file_size=size)
    check = report.check("file_size")
    assert check.passed is passed and check.severity == "error"
    assert report.file_size_bytes == size
    assert report.passed is passed


def test_file_size_is_skipped_without_a_size() -> None:
    check = _report((100, 100, 900, 400)).check("file_size")
    assert check.skipped and check.passed and check.value is None


def test_draw_guides_marks_the_badge_corner_and_leaves_the_input_alone() -> None:
    from routix.quality import draw_guides

    image = Image.new("RGB", (W, H), (32, 32, 32))
    guides = draw_guides(image, {"title": (100, 100, 900, 400)}, [(950, 60, 1150, 300)], _report((100, 100, 900, 400)))
    assert guides.size == image.size and guides.mode == "RGB"
    assert image.getpixel((1150, 660)) == (32, 32, 32)
    red, green, _ = guides.getpixel((1150, 660))
    assert red > green + 30  # translucent red over the badge corner
    assert guides.getpixel((500, 400))[:2] == (255, 230)  # the title box outline (yellow)
