"""Regions of a reference image: faces, OCR text lines (grouped into blocks) and a logo blob.

Boxes here are ``(x, y, w, h)`` tuples normalised 0..1 of the image unless named ``px``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from routix.vision.dna.colour import lab_hex
from routix.vision.faces import detect_faces

NBox = tuple[float, float, float, float]

#: Long side (px) of the copy OCR reads: thumbnail titles are large (a 0.1-height title is
#: 36 px tall at 640x360), and detection time grows with the area (measured, warm engine, one
#: thread: ~0.23 s at 640 px, ~0.44 s at 768 px, ~0.7-0.8 s at 1024 px).
OCR_MAX_SIDE = 640
#: OCR lines below this recogniser confidence are dropped.
MIN_TEXT_CONFIDENCE = 0.75
#: OCR lines taller than this share of the image height are detector noise (a 1-character
#: "8" over a whole photo); real titles are at most ~1/3 of the height per line.
MAX_LINE_HEIGHT = 0.45
#: Faces below this detector score are dropped.
MIN_FACE_SCORE = 0.6
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def clip_box(x: float, y: float, w: float, h: float) -> NBox:
    """Clip ``(x, y, w, h)`` to the unit square, rounded to 4 decimals (w, h >= 1e-4)."""
    x, y, w, h = float(x), float(y), float(w), float(h)
    x0, y0 = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
    x1, y1 = min(max(x + w, 0.0), 1.0), min(max(y + h, 0.0), 1.0)
    x0, y0 = round(x0, 4), round(y0, 4)
    w2, h2 = max(round(x1 - x0, 4), 1e-4), max(round(y1 - y0, 4), 1e-4)
    return (round(min(x0, 1 - w2), 4), round(min(y0, 1 - h2), 4), w2, h2)


def union(boxes: list[NBox]) -> NBox:
    """Smallest box around all ``boxes`` (non-empty list)."""
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def overlap(a: NBox, b: NBox) -> float:
    """Intersection area of two boxes (normalised units, 0..1)."""
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(iw, 0.0) * max(ih, 0.0)


def iou(a: NBox, b: NBox) -> float:
    """Intersection over union of two ``(x, y, w, h)`` boxes, 0..1."""
    inter = overlap(a, b)
    union_area = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union_area if union_area > 0 else 0.0


@dataclass(frozen=True)
class FaceHit:
    box: NBox
    score: float


def find_faces(image: Image.Image) -> list[FaceHit]:
    """Faces (MediaPipe BlazeFace via :func:`routix.vision.detect_faces`) with score >=
    :data:`MIN_FACE_SCORE`, largest first, boxes normalised. Raises ModelUnavailable."""
    width, height = image.size
    out = []
    for face in detect_faces(image):
        if face.score < MIN_FACE_SCORE:
            continue
        left, top, right, bottom = face.box
        out.append(FaceHit(clip_box(left / width, top / height, (right - left) / width, (bottom - top) / height),
                           float(face.score)))
    return out


@dataclass(frozen=True)
class TextLine:
    box: NBox
    text: str
    confidence: float


def read_lines(image: Image.Image) -> list[TextLine]:
    """OCR'd lines of ``image`` with normalised axis-aligned boxes, top to bottom.

    Reuses the process-wide RapidOCR engine of :mod:`routix.quality.ocr` (same models, same
    lock: one image at a time) on a copy whose long side is at most :data:`OCR_MAX_SIDE`.
    Lines below :data:`MIN_TEXT_CONFIDENCE`, with fewer than 2 letters/digits, or taller than
    :data:`MAX_LINE_HEIGHT` are dropped (OCR reads single "characters" into photo texture).
    """
    from routix.quality.ocr import recognise

    result = recognise(image, max_side=OCR_MAX_SIDE)
    w, h = result.size
    lines = []
    for quad, text, score in zip(result.quads, result.texts, result.scores, strict=False):
        text = str(text).strip()
        if float(score) < MIN_TEXT_CONFIDENCE or sum(ch.isalnum() for ch in text) < 2:
            continue
        q = np.asarray(quad, dtype=np.float64)
        x0, y0 = float(q[:, 0].min()) / w, float(q[:, 1].min()) / h
        x1, y1 = float(q[:, 0].max()) / w, float(q[:, 1].max()) / h
        if y1 - y0 > MAX_LINE_HEIGHT:
            continue
        lines.append(TextLine(clip_box(x0, y0, x1 - x0, y1 - y0), text, round(float(score), 4)))
    return sorted(lines, key=lambda t: (t.box[1], t.box[0]))


def words_of(lines: list[TextLine]) -> list[str]:
    """The words of the OCR lines, in reading order (letters/digits/apostrophes)."""
    return [m.group(0) for line in lines for m in _WORD.finditer(line.text)]


@dataclass(frozen=True)
class TextBlock:
    """Consecutive lines of one text element (a two-line title is one block)."""

    box: NBox
    text: str
    line_height: float  # mean line box height, normalised to the image height


def text_blocks(lines: list[TextLine]) -> list[TextBlock]:
    """Group lines into blocks: a line joins a block when it overlaps it horizontally and the
    vertical gap is below 0.6 of the taller line height and the heights differ < 1.8x.
    Returns blocks largest first (by area x line height: the title is big *and* tall)."""
    blocks: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: t.box[1]):
        for block in blocks:
            last = block[-1]
            gap = line.box[1] - (last.box[1] + last.box[3])
            taller = max(line.box[3], last.box[3])
            ratio = max(line.box[3], last.box[3]) / max(min(line.box[3], last.box[3]), 1e-6)
            bx = union([b.box for b in block])
            horizontal = min(bx[0] + bx[2], line.box[0] + line.box[2]) - max(bx[0], line.box[0])
            if gap < 0.6 * taller and ratio < 1.8 and horizontal > 0:
                block.append(line)
                break
        else:
            blocks.append([line])
    out = [
        TextBlock(union([t.box for t in b]), " ".join(t.text for t in b), float(np.mean([t.box[3] for t in b])))
        for b in blocks
    ]
    return sorted(out, key=lambda b: -(b.box[2] * b.box[3] * b.line_height))


def text_colours(lab: np.ndarray, box: NBox) -> tuple[str | None, str | None]:
    """``(fill, backdrop)`` of the text inside ``box`` of an (H, W, 3) CIELAB image.

    The backdrop is the median of the box's 2 px border ring (what the letters sit on: the
    background, or a badge's highlight box). Pixels farther than ΔE76 25 from it are ink
    (fill, stroke, shadow, busy background). Letter fills are flat colours, so the ink is
    binned in ~6 ΔE76 CIELAB cells and the fullest cell is the fill (a title's stroke and
    shadow cover less area than its letters); fill is None when no cell holds 10 % of the
    ink (gradient or textured letters) or there is hardly any ink; both are None for a box
    under 6 px.
    """
    h, w = lab.shape[:2]
    x0, y0 = int(box[0] * w), int(box[1] * h)
    x1, y1 = int(math.ceil((box[0] + box[2]) * w)), int(math.ceil((box[1] + box[3]) * h))
    crop = lab[y0:y1, x0:x1]
    if crop.shape[0] < 6 or crop.shape[1] < 6:
        return None, None
    ring = np.concatenate([crop[:2].reshape(-1, 3), crop[-2:].reshape(-1, 3), crop[:, :2].reshape(-1, 3),
                           crop[:, -2:].reshape(-1, 3)])
    backdrop = np.median(ring, axis=0)
    pixels = crop.reshape(-1, 3)
    ink = pixels[np.linalg.norm(pixels - backdrop, axis=1) > 25.0]
    if len(ink) < 0.05 * len(pixels):
        return None, lab_hex(backdrop)
    bins = np.round(ink / 6.0).astype(np.int32)  # ~6 ΔE cells: flat letter fills fall into one
    _, inverse, counts = np.unique(bins, axis=0, return_inverse=True, return_counts=True)
    top = int(counts.argmax())
    if counts[top] < 0.1 * len(ink):  # no flat colour: gradient or textured letters
        return None, lab_hex(backdrop)
    return lab_hex(ink[inverse.reshape(-1) == top].mean(axis=0)), lab_hex(backdrop)


def find_logo(lab: np.ndarray, exclude: list[NBox]) -> NBox | None:
    """A logo: one compact, high-contrast blob alone in a corner; None when there is none.

    Heuristic (false negatives are expected, e.g. a logo on a busy photo or touching text):
    in each corner region (26 % x 30 % of the image), pixels differing from the region's
    median colour by ΔE76 > 28 form connected components; the corner has a logo when exactly
    one sizeable component exists there, it covers 0.15-4 % of the image, is compact (fill
    ratio of its bounding box >= 0.3, aspect 1:3..3:1), does not touch the corner region's
    inner edges, and does not overlap a face or text box from ``exclude`` (those boxes, grown
    by 1 %, are ignored when looking for components). Corners are tried
    top-left, top-right, bottom-left, bottom-right; the first hit wins.
    """
    h, w = lab.shape[:2]
    rw, rh = int(w * 0.26), int(h * 0.30)
    corners = ((0, 0), (w - rw, 0), (0, h - rh), (w - rw, h - rh))
    ys, xs = np.mgrid[0:h, 0:w]
    blocked = np.zeros((h, w), bool)
    for bx, by, bw_, bh_ in exclude:  # faces and text never count as the logo blob
        blocked |= (xs >= (bx - 0.01) * w) & (xs <= (bx + bw_ + 0.01) * w) & (ys >= (by - 0.01) * h) & (
            ys <= (by + bh_ + 0.01) * h)
    for cx, cy in corners:
        region = lab[cy : cy + rh, cx : cx + rw].reshape(-1, 3)
        median = np.median(region, axis=0)
        diff = np.linalg.norm(lab[cy : cy + rh, cx : cx + rw] - median, axis=2) > 28.0
        diff &= ~blocked[cy : cy + rh, cx : cx + rw]
        mask = cv2.morphologyEx(diff.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        big = [s for s in stats[1:n] if s[cv2.CC_STAT_AREA] >= 0.0004 * w * h]
        if len(big) != 1:
            continue
        x, y, bw, bh, area = (int(v) for v in big[0])
        share = bw * bh / (w * h)
        if not (0.0015 <= share <= 0.04) or area / (bw * bh) < 0.3 or not (1 / 3 <= bw / bh <= 3):
            continue
        inner_left, inner_top = cx > 0, cy > 0  # the region's edges that face the image centre
        if (not inner_left and x + bw >= rw - 1) or (inner_left and x <= 0):
            continue
        if (not inner_top and y + bh >= rh - 1) or (inner_top and y <= 0):
            continue
        box = clip_box((cx + x) / w, (cy + y) / h, bw / w, bh / h)
        if any(overlap(box, other) > 0.1 * box[2] * box[3] for other in exclude):
            continue
        return box
    return None
