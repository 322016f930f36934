"""Small-size legibility with real OCR (RapidOCR, offline) on text drawn with the bundled Anton."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from routix.design import BackgroundLayer, Box, Design, Solid, Stroke, TextLayer
from routix.quality import assess
from routix.quality.legibility import normalise_text, text_similarity, to_feed
from routix.quality.ocr import engine, read_text

FONT = Path(__file__).resolve().parents[1] / "src/routix/render/fonts/Anton-Regular.woff2"
W, H = 1280, 720
TITLE = "I QUIT MY JOB"


def _art() -> Image.Image:
    """A busy-ish diagonal colour gradient, like procedural background art."""
    x = np.linspace(0, 1, W)[None, :]
    y = np.linspace(0, 1, H)[:, None]
    rgb = np.stack([60 + 150 * x + 0 * y, 40 + 80 * y + 0 * x, 140 - 100 * x + 0 * y], axis=2)
    return Image.fromarray(rgb.astype(np.uint8))


def _thumbnail(px: int, xy: tuple[int, int] = (80, 200), stroke: int = 0) -> tuple[Image.Image, Design, dict]:
    image = _art()
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), px)
    draw.text(xy, TITLE, font=font, fill="white", stroke_width=stroke, stroke_fill="black")
    box = draw.textbbox(xy, TITLE, font=font, stroke_width=stroke)
    title = TextLayer(
        id="title", slot="title", text=TITLE, box=Box(x=0.05, y=0.25, w=0.7, h=0.3),
        stroke=Stroke(color="#000000", width=stroke / px) if stroke else None,
    )
    design = Design(layers=[BackgroundLayer(id="bg", fill=Solid(color="#000000")), title])
    return image, design, {"title": box}


def test_big_bold_title_is_legible_at_feed_size() -> None:
    image, design, boxes = _thumbnail(150, stroke=10)
    report = assess(image, design, boxes, backdrop=_art())
    check = report.check("legibility_small")
    assert report.legible_at_small is True and check.passed
    assert check.value >= 0.9
    assert normalise_text(report.ocr_text) == normalise_text(TITLE)


def test_tiny_title_is_not_legible_at_feed_size() -> None:
    image, design, boxes = _thumbnail(20)
    report = assess(image, design, boxes, backdrop=_art())
    assert report.legible_at_small is False
    check = report.check("legibility_small")
    assert not check.passed and check.value < 0.6
    assert report.check("title_size").severity == "error" and not report.check("title_size").passed


def test_ocr_off_skips_the_check_instead_of_failing_it() -> None:
    image, design, boxes = _thumbnail(20)
    report = assess(image, design, boxes, ocr=False)
    check = report.check("legibility_small")
    assert check.skipped and check.passed
    assert report.legible_at_small is None and report.ocr_text is None


def test_feed_size_is_168x94_for_16_9_and_94_square_for_covers() -> None:
    assert to_feed(Image.new("RGB", (1280, 720))).size == (168, 94)
    assert to_feed(Image.new("RGB", (3000, 3000))).size == (94, 94)


@pytest.mark.parametrize(
    ("expected", "read", "low", "high"),
    [
        ("I Quit My Job!", "i quit my job", 1.0, 1.0),
        ("DAY 1 OF 30", "(Day1 of 30)", 1.0, 1.0),  # OCR drops spaces; joined text still matches
        ("I QUIT MY JOB", "", 0.0, 0.0),
        ("I QUIT MY JOB", "mea", 0.0, 0.3),
        ("SHE WON EVERYTHING", "SHE WON EVERYTHNG", 0.9, 1.0),
    ],
)
def test_text_similarity(expected: str, read: str, low: float, high: float) -> None:
    assert low <= text_similarity(expected, read) <= high


def test_ocr_runs_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine.cache_clear()  # build a fresh engine with the network blocked
    image = Image.new("RGB", (600, 160), "white")
    ImageDraw.Draw(image).text((20, 20), "HELLO WORLD", font=ImageFont.truetype(str(FONT), 100), fill="black")
    assert normalise_text(" ".join(read_text(image))) == "hello world"


def test_concurrent_ocr_calls_share_one_engine_safely() -> None:
    from concurrent.futures import ThreadPoolExecutor

    image, design, boxes = _thumbnail(150, stroke=10)
    with ThreadPoolExecutor(max_workers=3) as pool:
        reports = list(pool.map(lambda _: assess(image, design, boxes), range(3)))
    assert {report.ocr_text for report in reports} == {reports[0].ocr_text}
    assert reports[0].legible_at_small is True
    assert engine.cache_info().currsize == 1
