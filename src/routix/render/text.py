"""Title layout: the largest font size at which a text block fits its box.

For every line count n = 1..max_lines the words are split into n lines by dynamic programming:
first the split whose widest line is narrowest (it decides the font size), then, among splits
that keep that widest line, the most even one (least sum of squared slack, Knuth & Plass 1981
"raggedness"), which keeps a lone short word off the last line. Ink widths and heights grow
linearly with the font size (stroke too: it is a fraction of the font size), so one
measurement at a 200 px reference size gives every split's largest fitting size; the line
count with the largest size wins (fewer lines on a tie). The chosen size is then verified with
the real font at that size and lowered 1 px at a time until it fits (hinting and kerning are
not exactly linear).

Sizes never go above ``max_size`` x canvas height. When the text does not fit even at
``min_size`` x canvas height it is shrunk further (never clipped) and ``overflow`` is True.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from routix.design import TextLayer, aspect_of, box_for
from routix.render.fonts import get_font
from routix.render.sprite import PxBox

_REF_SIZE = 200


@dataclass(frozen=True)
class TextLayout:
    """Where a text layer's lines go on the canvas (all px, canvas coordinates).

    ``font_size`` is the em size in px, ``stroke`` the stroke width in px, ``lines`` the text of
    each line (after ``uppercase``), ``origins`` the (x, y) of each line's left baseline point
    (Pillow anchor ``ls``), ``line_boxes`` each line's ink box including the stroke,
    ``ink_bbox`` the union of those boxes, ``box`` the layer's box in px, and ``overflow`` True
    when the text needed a size below ``min_size`` to fit.
    """

    font_id: str
    font_size: int
    stroke: int
    lines: tuple[str, ...]
    origins: tuple[tuple[int, int], ...]
    line_boxes: tuple[PxBox, ...]
    ink_bbox: PxBox
    box: PxBox
    overflow: bool


def display_text(layer: TextLayer) -> str:
    """The text as drawn: upper-cased when ``layer.uppercase``."""
    return layer.text.upper() if layer.uppercase else layer.text


def _paragraph_words(text: str) -> tuple[list[str], set[int]]:
    """Words, and the indices of words that must start a new line (after an explicit newline)."""
    words: list[str] = []
    forced: set[int] = set()
    for i, para in enumerate(text.splitlines()):
        parts = para.split()
        if not parts:
            continue
        if i and words:
            forced.add(len(words))
        words.extend(parts)
    return words, forced


@lru_cache(maxsize=4096)
def _ink(font_id: str, size: int, line: str) -> tuple[int, int, int, int]:
    """Ink box (l, t, r, b) of ``line`` relative to its left baseline point, no stroke."""
    l, t, r, b = get_font(font_id, size).getbbox(line, anchor="ls")  # ints for a FreeType font
    return int(l), int(t), int(r), int(b)


def _splits(words: list[str], forced: set[int], n: int, width) -> list[tuple[int, int]] | None:
    """Split ``words`` into exactly ``n`` lines: narrowest widest line, then most even.

    ``width(i, j)`` is the ink width of words[i:j]. Returns [(i, j), ...] or None when n lines
    are impossible (more lines than words, or fewer than the forced breaks need).
    """
    k = len(words)
    if n > k or n < len(forced) + 1:
        return None
    inf = math.inf

    def ok(i: int, j: int) -> bool:
        return not any(i < f < j for f in forced)

    # pass 1: minimal widest line
    best = [[inf] * (k + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for m in range(1, n + 1):
        for j in range(m, k + 1):
            for i in range(m - 1, j):
                if best[m - 1][i] < inf and ok(i, j):
                    cand = max(best[m - 1][i], width(i, j))
                    if cand < best[m][j]:
                        best[m][j] = cand
    limit = best[n][k]
    if limit == inf:
        return None
    # pass 2: least squared slack among splits whose lines all fit within that widest line
    cost = [[inf] * (k + 1) for _ in range(n + 1)]
    back = [[-1] * (k + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for m in range(1, n + 1):
        for j in range(m, k + 1):
            for i in range(m - 1, j):
                if cost[m - 1][i] == inf or not ok(i, j):
                    continue
                w = width(i, j)
                if w > limit + 1e-6:
                    continue
                c = cost[m - 1][i] + (limit - w) ** 2
                if c < cost[m][j]:
                    cost[m][j], back[m][j] = c, i
    spans: list[tuple[int, int]] = []
    j = k
    for m in range(n, 0, -1):
        i = back[m][j]
        spans.append((i, j))
        j = i
    return spans[::-1]


def _block(font_id: str, size: int, lines: list[str], pitch: float, stroke: int):
    """Ink extents of a block at ``size``: (width, height, per-line inks, top offset)."""
    inks = [_ink(font_id, size, line) for line in lines]
    width = max(r - l for l, _, r, _ in inks) + 2 * stroke
    tops = [i * pitch + t for i, (_, t, _, _) in enumerate(inks)]
    bottoms = [i * pitch + b for i, (_, _, _, b) in enumerate(inks)]
    height = max(bottoms) - min(tops) + 2 * stroke
    return width, height, inks, min(tops) - stroke


def layout_text(layer: TextLayer, canvas: tuple[int, int]) -> TextLayout:
    """Fit ``layer``'s text into its box on a canvas of ``canvas`` (w, h) px (see module doc).

    Raises :class:`routix.errors.InvalidInput` for an unknown font id.
    """
    cw, ch = canvas
    box = box_for(layer, aspect_of(cw, ch)).to_px(cw, ch)
    bw, bh = max(1, box[2] - box[0]), max(1, box[3] - box[1])
    words, forced = _paragraph_words(display_text(layer))
    stroke_frac = layer.stroke.width if layer.stroke else 0.0
    font_id = layer.font

    def width(i: int, j: int) -> float:
        l, _, r, _ = _ink(font_id, _REF_SIZE, " ".join(words[i:j]))
        return r - l

    best: tuple[float, list[str]] | None = None
    for n in range(1, layer.max_lines + 1):
        spans = _splits(words, forced, n, width)
        if spans is None:
            continue
        lines = [" ".join(words[i:j]) for i, j in spans]
        w_ref, h_ref, _, _ = _block(font_id, _REF_SIZE, lines, layer.line_height * _REF_SIZE, 0)
        size = min(bw / (w_ref / _REF_SIZE + 2 * stroke_frac),
                   bh / (h_ref / _REF_SIZE + 2 * stroke_frac))
        size = min(size, layer.max_size * ch)
        if best is None or size > best[0] + 0.5:
            best = (size, lines)
    if best is None:  # more forced breaks than max_lines: keep the author's lines, shrink
        lines = [" ".join(p.split()) for p in display_text(layer).splitlines() if p.strip()]
        w_ref, h_ref, _, _ = _block(font_id, _REF_SIZE, lines, layer.line_height * _REF_SIZE, 0)
        size = min(bw / (w_ref / _REF_SIZE + 2 * stroke_frac),
                   bh / (h_ref / _REF_SIZE + 2 * stroke_frac), layer.max_size * ch)
        best = (size, lines)
    size_f, lines = best
    size = max(1, math.floor(size_f))
    while True:
        stroke = round(stroke_frac * size)
        pitch = round(layer.line_height * size)
        w, h, inks, top_off = _block(font_id, size, lines, pitch, stroke)
        if (w <= bw and h <= bh) or size == 1:
            break
        size -= 1
    overflow = size < layer.min_size * ch - 1e-9
    return _place(layer, font_id, size, stroke, lines, inks, pitch, top_off, h, box, overflow)


def _place(layer: TextLayer, font_id: str, size: int, stroke: int, lines: list[str], inks,
           pitch: int, top_off: float, height: float, box: PxBox, overflow: bool) -> TextLayout:
    left, top, right, bottom = box
    block_top: float
    if layer.valign == "top":
        block_top = top
    elif layer.valign == "bottom":
        block_top = bottom - height
    else:
        block_top = round((top + bottom - height) / 2)
    y0 = round(block_top - top_off)
    origins, line_boxes = [], []
    for i, (l, t, r, b) in enumerate(inks):
        if layer.align == "left":
            x = left + stroke - l
        elif layer.align == "right":
            x = right - stroke - r
        else:
            x = round((left + right) / 2 - (l + r) / 2)
            if r - l + 2 * stroke <= right - left:  # keep it inside despite rounding
                x = min(max(x, left + stroke - l), right - stroke - r)
        ox, oy = x, y0 + i * pitch
        origins.append((ox, oy))
        line_boxes.append((ox + l - stroke, oy + t - stroke, ox + r + stroke, oy + b + stroke))
    ink = (min(b[0] for b in line_boxes), min(b[1] for b in line_boxes),
           max(b[2] for b in line_boxes), max(b[3] for b in line_boxes))
    return TextLayout(font_id, size, stroke, tuple(lines), tuple(origins), tuple(line_boxes),
                      ink, box, overflow)


_WORD_CHARS = re.compile(r"[^\w$%#@&+€£']+", re.UNICODE)


def accent_spans(layer: TextLayer, line: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of the words of ``line`` listed in ``accent_words``.

    Matching is case-insensitive and ignores surrounding punctuation ("WIN!" matches "win").
    """
    wanted = {_WORD_CHARS.sub("", w).casefold() for w in layer.accent_words}
    wanted.discard("")
    spans = []
    for m in re.finditer(r"\S+", line):
        core = _WORD_CHARS.sub("", m.group()).casefold()
        if core and core in wanted:
            spans.append((m.start(), m.end()))
    return spans
