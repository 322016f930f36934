"""WCAG 2.x luminance/contrast formulas and the contrast rules of routix.quality.contrast."""

from __future__ import annotations

import pytest
from PIL import Image

from routix.design import ColorStop, Highlight, LinearGradient, Solid, Stroke, TextLayer
from routix.quality import relative_luminance, wcag_contrast
from routix.quality.color import parse_hex
from routix.quality.contrast import measure_text_contrast


def test_black_on_white_is_21_and_symmetric() -> None:
    assert wcag_contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert wcag_contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert wcag_contrast("#3A7BD5", "#3A7BD5") == pytest.approx(1.0)


def test_grey_777_on_white_is_just_below_aa() -> None:
    # the classic WCAG example: #777777 on white is 4.48:1, failing AA 4.5:1
    assert wcag_contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("color", "luminance"),
    [
        ("#000000", 0.0), ("#FFFFFF", 1.0), ("#FF0000", 0.2126),
        ("#00FF00", 0.7152), ("#0000FF", 0.0722), ("#808080", 0.2159),
    ],
)
def test_relative_luminance_known_values(color: str, luminance: float) -> None:
    assert relative_luminance(color) == pytest.approx(luminance, abs=1e-4)
    assert relative_luminance(parse_hex(color)[:3]) == pytest.approx(luminance, abs=1e-4)


def test_parse_hex_rejects_non_hex_lengths() -> None:
    assert parse_hex("#11223380") == (0x11, 0x22, 0x33, 0x80)
    with pytest.raises(ValueError):
        parse_hex("#1234")


def _title(**fields) -> TextLayer:
    return TextLayer(id="title", slot="title", text="BIG NEWS", **fields)


def test_backdrop_contrast_takes_the_worst_tenth_not_the_average() -> None:
    # white text; the area behind it is 70 % black and 30 % near-white
    backdrop = Image.new("RGB", (100, 100), "black")
    backdrop.paste((240, 240, 240), (0, 0, 100, 30))
    measure = measure_text_contrast(_title(), backdrop, (0, 0, 100, 100), backdrop)
    assert measure.against == "backdrop"
    assert measure.ratio == pytest.approx(wcag_contrast("#FFFFFF", (240, 240, 240)), abs=0.01)


def test_thick_stroke_is_what_the_text_is_read_against() -> None:
    white = Image.new("RGB", (50, 50), "white")
    thick = measure_text_contrast(_title(stroke=Stroke(color="#000000", width=0.08)), white, (0, 0, 50, 50), white)
    thin = measure_text_contrast(_title(stroke=Stroke(color="#000000", width=0.02)), white, (0, 0, 50, 50), white)
    assert (thick.against, thick.ratio) == ("stroke", pytest.approx(21.0))
    assert (thin.against, thin.ratio) == ("backdrop", pytest.approx(1.0))


def test_translucent_highlight_is_composited_over_the_backdrop() -> None:
    white = Image.new("RGB", (40, 40), "white")
    layer = _title(fill=Solid(color="#FFFFFF"), highlight=Highlight(color="#00000080"))
    measure = measure_text_contrast(layer, white, (0, 0, 40, 40), white)
    # black at alpha 0x80 (128/255) over white leaves 255 * 127/255 = 127 per channel
    assert measure.against == "highlight"
    assert measure.ratio == pytest.approx(wcag_contrast("#FFFFFF", "#7F7F7F"), abs=0.005)


def test_gradient_fill_uses_its_worst_stop() -> None:
    black = Image.new("RGB", (40, 40), "black")
    gradient = LinearGradient(stops=[ColorStop(offset=0, color="#FFFFFF"), ColorStop(offset=1, color="#303030")])
    measure = measure_text_contrast(_title(fill=gradient), black, (0, 0, 40, 40), black)
    assert measure.fill == "#303030"
    assert measure.ratio == pytest.approx(wcag_contrast("#303030", "#000000"), abs=0.01)


def test_without_backdrop_text_coloured_pixels_are_not_the_backdrop() -> None:
    # a white title drawn on black: the render's white pixels are the text itself
    image = Image.new("RGB", (100, 100), "black")
    image.paste((255, 255, 255), (20, 20, 80, 80))
    measure = measure_text_contrast(_title(), image, (0, 0, 100, 100), None)
    assert measure.ratio == pytest.approx(21.0)


def test_thick_outline_contrasting_the_art_counts_even_if_it_matches_the_fill() -> None:
    black = Image.new("RGB", (50, 50), "black")
    layer = _title(fill=Solid(color="#FFD400"), stroke=Stroke(color="#FF8A00", width=0.1))
    measure = measure_text_contrast(layer, black, (0, 0, 50, 50), black)
    assert measure.against == "outline_edge"
    assert measure.ratio == pytest.approx(wcag_contrast("#FF8A00", "#000000"), abs=0.01)
    assert measure.ratio > wcag_contrast("#FFD400", "#FF8A00")
