import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routix.design import Box, Stroke, TextLayer
from routix.errors import InvalidInput
from routix.render.text import layout_text

CANVAS = (1280, 720)


DEFAULT_BOX = Box(x=0.05, y=0.1, w=0.5, h=0.5)


def layer(text, box=DEFAULT_BOX, **kw):
    return TextLayer(id="t", text=text, box=box, **kw)


def inside(inner, outer):
    return (inner[0] >= outer[0] and inner[1] >= outer[1]
            and inner[2] <= outer[2] and inner[3] <= outer[3])


def test_fits_box_and_respects_max_lines():
    lay = layout_text(layer("I survived 100 days in hardcore minecraft", max_lines=3,
                            stroke=Stroke(width=0.08)), CANVAS)
    assert 1 <= len(lay.lines) <= 3
    assert inside(lay.ink_bbox, lay.box)
    assert all(inside(b, lay.box) for b in lay.line_boxes)
    assert not lay.overflow
    assert " ".join(lay.lines) == "I SURVIVED 100 DAYS IN HARDCORE MINECRAFT"


def test_uppercase_flag():
    assert " ".join(layout_text(layer("Hello World", uppercase=False), CANVAS).lines) == "Hello World"
    assert " ".join(layout_text(layer("Hello World"), CANVAS).lines) == "HELLO WORLD"


def test_size_capped_by_max_size():
    lay = layout_text(layer("Hi", box=Box(x=0, y=0, w=1, h=1), max_size=0.1), CANVAS)
    assert lay.font_size == 72


def test_more_lines_allowed_gives_larger_text():
    text = "the quick brown fox jumps over the lazy dog"
    one = layout_text(layer(text, max_lines=1), CANVAS)
    three = layout_text(layer(text, max_lines=3), CANVAS)
    assert len(one.lines) == 1
    assert three.font_size > one.font_size


def test_stroke_is_included_in_the_fit():
    plain = layout_text(layer("WIDE TITLE HERE", max_lines=1), CANVAS)
    stroked = layout_text(layer("WIDE TITLE HERE", max_lines=1, stroke=Stroke(width=0.15)), CANVAS)
    assert stroked.stroke == round(0.15 * stroked.font_size)
    assert stroked.font_size < plain.font_size
    assert inside(stroked.ink_bbox, stroked.box)


def test_long_word_shrinks_below_min_size_and_reports_overflow():
    box = Box(x=0.4, y=0.4, w=0.1, h=0.2)
    lay = layout_text(layer("Pneumonoultramicroscopicsilicovolcanoconiosis", box=box,
                            min_size=0.05), CANVAS)
    assert lay.overflow
    assert lay.font_size < 0.05 * 720
    assert inside(lay.ink_bbox, lay.box)  # shrunk, never clipped


def test_balanced_lines_avoid_an_orphan():
    lay = layout_text(layer("this is how I became a millionaire", max_lines=2,
                            box=Box(x=0, y=0, w=0.6, h=0.6)), CANVAS)
    assert len(lay.lines) == 2
    a, b = (len(line) for line in lay.lines)
    assert min(a, b) / max(a, b) > 0.5


def test_forced_newline_is_kept():
    lay = layout_text(layer("Top line\nbottom", max_lines=3), CANVAS)
    assert lay.lines == ("TOP LINE", "BOTTOM")


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_horizontal_alignment(align):
    lay = layout_text(layer("ab", align=align, max_size=0.1), CANVAS)
    l, _, r, _ = lay.box
    il, _, ir, _ = lay.ink_bbox
    if align == "left":
        assert il == l
    elif align == "right":
        assert ir == r
    else:
        assert abs((il + ir) / 2 - (l + r) / 2) <= 1


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_vertical_alignment(valign):
    lay = layout_text(layer("ab", valign=valign, max_size=0.1), CANVAS)
    _, t, _, b = lay.box
    _, it, _, ib = lay.ink_bbox
    if valign == "top":
        assert it == t
    elif valign == "bottom":
        assert ib == b
    else:
        assert abs((it + ib) / 2 - (t + b) / 2) <= 1


def test_square_canvas_uses_square_box():
    sq = Box(x=0.1, y=0.6, w=0.8, h=0.3)
    lay = layout_text(layer("hello", box_square=sq), (1000, 1000))
    assert lay.box == sq.to_px(1000, 1000)


def test_unknown_font_is_invalid_input():
    with pytest.raises(InvalidInput):
        layout_text(layer("x", font="nope"), CANVAS)


words = st.lists(st.sampled_from(["WIN", "$1,000,000", "I", "SURVIVED", "A", "SUPERCALIFRAGILISTIC",
                                  "in", "the", "Wild", "?!", "100", "DAYS"]), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(words=words, max_lines=st.integers(1, 4), w=st.floats(0.05, 0.9), h=st.floats(0.05, 0.9),
       stroke=st.floats(0, 0.2), font=st.sampled_from(["anton", "montserrat-black", "bangers"]),
       align=st.sampled_from(["left", "center", "right"]))
def test_never_exceeds_box_property(words, max_lines, w, h, stroke, font, align):
    lay = layout_text(layer(" ".join(words), box=Box(x=0.05, y=0.05, w=w, h=h), max_lines=max_lines,
                            stroke=Stroke(width=stroke), font=font, align=align), CANVAS)
    assert len(lay.lines) <= max_lines
    assert " ".join(lay.lines).split() == " ".join(words).upper().split()
    assert inside(lay.ink_bbox, lay.box) or lay.font_size == 1
