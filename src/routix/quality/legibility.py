"""Is the title readable at the smallest size YouTube shows a thumbnail?

**Feed size.** YouTube's smallest thumbnail is 168x94 CSS px (the "up next"/related list).
A 16:9 image is shrunk with LANCZOS to exactly 168x94; other aspects are fitted inside it
(1:1 -> 94x94).

**OCR.** The feed-size title region (its ink box, padded) is enlarged x4 with LANCZOS before
OCR: the information is what 168x94 holds, shown the way a phone with device pixel ratio 4
draws it (and OCR models need letters ~30 px tall). The read text is compared with the title
(case and punctuation ignored): similarity = the larger of word recall (share of title words
found, fuzzily) and character recall (share of the title's characters that ``difflib`` matches
in order). The title is legible when similarity >= 0.6.

**Cap height.** Independently of OCR (cheap), the letter height of the title's fill is measured at full size
(rows of the ink box that hold many fill-coloured pixels, one run per text line, median run
height) and scaled to feed size. 7 px at 168x94 is the floor (about 54 px at 1280x720).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import pairwise

import cv2
import numpy as np
from PIL import Image

from routix.design import (
    Aspect,
    LinearGradient,
    RadialGradient,
    Solid,
    TextLayer,
    aspect_of,
)
from routix.quality.color import parse_hex
from routix.quality.ocr import read_text

PxBox = tuple[int, int, int, int]

#: Smallest size (CSS px) at which YouTube shows a thumbnail.
FEED_SIZE = (168, 94)
#: Enlargement of the feed-size crop handed to OCR (a DPR-4 phone screen).
OCR_UPSCALE = 4
#: Margin (feed px) around the title's ink box in the OCR crop: room for the detector,
#: too little to take in neighbouring text.
_OCR_PAD = 3
#: Similarity (0..1) at or above which the title counts as read.
LEGIBLE_SIMILARITY = 0.6
#: Pixels within this RGB distance (0..441) of an ink colour count as the title's fill.
_INK_DISTANCE = 60.0
#: A pixel differs from the backdrop when a channel moved by more than this (0..255).
_BACKDROP_DIFF = 24


def feed_size(size: tuple[int, int]) -> tuple[int, int]:
    """Feed size (px) for a canvas ``(width, height)``: 168x94 for 16:9 (YouTube's own size,
    0.6 % wider than 16:9), else the canvas fitted inside 168x94 (1:1 -> 94x94)."""
    if aspect_of(*size) is Aspect.WIDE:
        return FEED_SIZE
    scale = min(FEED_SIZE[0] / size[0], FEED_SIZE[1] / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def feed_scale(size: tuple[int, int]) -> tuple[float, float]:
    """Horizontal and vertical scale factors from a canvas ``(width, height)`` to feed size."""
    small = feed_size(size)
    return small[0] / size[0], small[1] / size[1]


def to_feed(image: Image.Image) -> Image.Image:
    """``image`` shrunk (LANCZOS) to feed size, RGB."""
    return image.convert("RGB").resize(feed_size(image.size), Image.Resampling.LANCZOS)


def normalise_text(text: str) -> str:
    """Case-folded words of ``text``: every non-alphanumeric run becomes one space."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(cleaned.split())


def text_similarity(expected: str, read: str) -> float:
    """How much of ``expected`` appears in ``read``, 0..1 (see the module docstring)."""
    want, got = normalise_text(expected), normalise_text(read)
    if not want or not got:
        return 0.0
    got_words, got_joined = got.split(), got.replace(" ", "")
    words = want.split()
    found = sum(
        1
        for word in words
        if word in got_joined or any(SequenceMatcher(None, word, other).ratio() >= 0.75 for other in got_words)
    )
    want_joined = want.replace(" ", "")
    blocks = SequenceMatcher(None, want_joined, got_joined, autojunk=False).get_matching_blocks()
    char_recall = sum(block.size for block in blocks) / len(want_joined)
    return max(found / len(words), char_recall)


def read_title_at_feed_size(image: Image.Image, box: PxBox) -> str:
    """OCR of the title region (``box``, px of ``image``) as it looks at feed size, x4."""
    sx, sy = feed_scale(image.size)
    small = to_feed(image)
    left, top, right, bottom = box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy
    pad = _OCR_PAD
    crop_box = (
        max(0, int(left - pad)),
        max(0, int(top - pad)),
        min(small.width, int(np.ceil(right + pad))),
        min(small.height, int(np.ceil(bottom + pad))),
    )
    crop = small.crop(crop_box)
    crop = crop.resize((crop.width * OCR_UPSCALE, crop.height * OCR_UPSCALE), Image.Resampling.LANCZOS)
    return " ".join(read_text(crop))


def ink_colors(layer: TextLayer) -> np.ndarray:
    """Colours (N, 3) the layer's letters can take: the solid fill, or each gradient's colour
    ramp sampled 8 times per stop pair, plus the accent colour."""
    fill = layer.fill
    if isinstance(fill, Solid):
        colors = [np.asarray(parse_hex(fill.color)[:3], dtype=np.float64)]
    elif isinstance(fill, (LinearGradient, RadialGradient)):
        stops = sorted(fill.stops, key=lambda stop: stop.offset)
        colors = []
        for first, second in pairwise(stops):
            a = np.asarray(parse_hex(first.color)[:3], dtype=np.float64)
            b = np.asarray(parse_hex(second.color)[:3], dtype=np.float64)
            colors.extend(a + (b - a) * t for t in np.linspace(0.0, 1.0, 8))
    else:  # pragma: no cover - Paint is a closed union
        raise TypeError(f"unknown fill {type(fill).__name__}")
    if layer.accent_words and layer.accent_color:
        colors.append(np.asarray(parse_hex(layer.accent_color)[:3], dtype=np.float64))
    return np.stack(colors)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """``mask`` (bool, H x W) with every enclosed hole filled (outer contours drawn solid)."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros(mask.shape, dtype=np.uint8)
    cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
    return filled.astype(bool)


def letter_height_px(
    layer: TextLayer, image: Image.Image, box: PxBox, backdrop: Image.Image | None = None
) -> float | None:
    """Height in px (of ``image``) of the title's letters: the median height of the text-line
    row runs of fill-coloured pixels inside ``box``. For upper-case text this is the cap height.

    With ``backdrop``, only fill-coloured pixels inside the text's silhouette count: the
    pixels that differ from the backdrop, holes filled (so a white fill inside a black
    outline on a white backdrop is found, and white art around it is not). Without it a
    fill that matches the art makes the estimate too tall. ``None`` when no fill is found.
    """
    crop = np.asarray(image.convert("RGB").crop(box), dtype=np.float64)
    mask = np.zeros(crop.shape[:2], dtype=bool)
    for color in ink_colors(layer):
        mask |= np.linalg.norm(crop - color, axis=2) <= _INK_DISTANCE
    if backdrop is not None:
        behind = np.asarray(backdrop.convert("RGB").crop(box), dtype=np.float64)
        mask &= _fill_holes(np.abs(crop - behind).max(axis=2) > _BACKDROP_DIFF)
    rows = mask.sum(axis=1)
    if rows.max(initial=0) == 0:
        return None
    dense = np.concatenate(([False], rows >= 0.2 * rows.max(), [False]))
    edges = np.flatnonzero(np.diff(dense.astype(np.int8)))
    heights = edges[1::2] - edges[0::2]
    tall = heights[heights >= 0.5 * heights.max()]
    return float(np.median(tall))
