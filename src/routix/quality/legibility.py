"""Is the title readable at the smallest size YouTube shows a thumbnail?

**Feed size.** YouTube's smallest thumbnail is 168x94 CSS px (the "up next"/related list).
The image is shrunk with LANCZOS by ``min(168 / W, 94 / H)`` (16:9 -> 168x94, 1:1 -> 94x94).

**OCR.** The feed-size title region (its ink box, padded) is enlarged x4 with LANCZOS before
OCR: the information is what 168x94 holds, shown the way a phone with device pixel ratio 4
draws it (and OCR models need letters ~30 px tall). The read text is compared with the title
(case and punctuation ignored): similarity = the larger of word recall (share of title words
found, fuzzily) and character recall (share of the title's characters that ``difflib`` matches
in order). The title is legible when similarity >= 0.6.

**Cap height.** Without OCR, the letter height of the title's fill is measured at full size
(rows of the ink box that hold many fill-coloured pixels, one run per text line, median run
height) and scaled to feed size. 7 px at 168x94 is the floor (about 54 px at 1280x720).
"""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
from PIL import Image

from routix.design import LinearGradient, RadialGradient, Solid, TextLayer

from .color import parse_hex
from .ocr import read_text

PxBox = tuple[int, int, int, int]

#: Smallest size (CSS px) at which YouTube shows a thumbnail.
FEED_SIZE = (168, 94)
#: Enlargement of the feed-size crop handed to OCR (a DPR-4 phone screen).
OCR_UPSCALE = 4
#: Similarity (0..1) at or above which the title counts as read.
LEGIBLE_SIMILARITY = 0.6
#: Pixels within this RGB distance (0..441) of an ink colour count as the title's fill.
_INK_DISTANCE = 60.0
#: A pixel differs from the backdrop when a channel moved by more than this (0..255).
_BACKDROP_DIFF = 24


def feed_scale(size: tuple[int, int]) -> float:
    """Scale factor from a canvas ``(width, height)`` px to feed size (fits 168x94)."""
    width, height = size
    return min(FEED_SIZE[0] / width, FEED_SIZE[1] / height)


def to_feed(image: Image.Image) -> Image.Image:
    """``image`` shrunk (LANCZOS) to feed size, RGB."""
    scale = feed_scale(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.convert("RGB").resize(size, Image.Resampling.LANCZOS)


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
    scale = feed_scale(image.size)
    small = to_feed(image)
    left, top, right, bottom = (v * scale for v in box)
    pad = max(3.0, 0.3 * (bottom - top))
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
        for first, second in zip(stops, stops[1:]):
            a = np.asarray(parse_hex(first.color)[:3], dtype=np.float64)
            b = np.asarray(parse_hex(second.color)[:3], dtype=np.float64)
            colors.extend(a + (b - a) * t for t in np.linspace(0.0, 1.0, 8))
    else:  # pragma: no cover - Paint is a closed union
        raise TypeError(f"unknown fill {type(fill).__name__}")
    if layer.accent_words and layer.accent_color:
        colors.append(np.asarray(parse_hex(layer.accent_color)[:3], dtype=np.float64))
    return np.stack(colors)


def letter_height_px(
    layer: TextLayer, image: Image.Image, box: PxBox, backdrop: Image.Image | None = None
) -> float | None:
    """Height in px (of ``image``) of the title's letters: the median height of the text-line
    row runs of fill-coloured pixels inside ``box``. For upper-case text this is the cap height.

    With ``backdrop`` only pixels that differ from it count (so a fill that matches the art
    is not mistaken for text). ``None`` when no fill-coloured text is found.
    """
    crop = np.asarray(image.convert("RGB").crop(box), dtype=np.float64)
    mask = np.zeros(crop.shape[:2], dtype=bool)
    for color in ink_colors(layer):
        mask |= np.linalg.norm(crop - color, axis=2) <= _INK_DISTANCE
    if backdrop is not None:
        behind = np.asarray(backdrop.convert("RGB").crop(box), dtype=np.int16)
        mask &= np.abs(crop.astype(np.int16) - behind).max(axis=2) > _BACKDROP_DIFF
    rows = mask.sum(axis=1)
    if rows.max(initial=0) == 0:
        return None
    dense = np.concatenate(([False], rows >= 0.2 * rows.max(), [False]))
    edges = np.flatnonzero(np.diff(dense.astype(np.int8)))
    heights = edges[1::2] - edges[0::2]
    tall = heights[heights >= 0.5 * heights.max()]
    return float(np.median(tall))
