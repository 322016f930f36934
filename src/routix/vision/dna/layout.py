"""Where things are: saliency and composition, the background's kind, and the slot skeleton.

Boxes are ``(x, y, w, h)`` normalised 0..1 of the image.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from routix.vision.dna.colour import lab_hex
from routix.vision.dna.models import BackgroundType, Layout, SlotName
from routix.vision.dna.regions import NBox, TextBlock, clip_box, overlap, union

#: Side (px) of the saliency grid: the spectral-residual method works on a 64 px image.
SALIENCY_SIDE = 64
#: Side (px) of the long edge of the copy the background classifier reads.
BACKGROUND_SIDE = 96
#: ΔE76 within which a pixel "fits" a solid colour or the smooth (quadratic) surface.
FIT_DELTA_E = 8.0
#: Share of background pixels that must fit for solid / gradient.
FIT_SHARE = 0.85
#: Off-centre autocorrelation peak above which a textured background is a pattern.
PATTERN_PEAK = 0.45

# A head-and-shoulders box around a face, as multiples of the face box (same rule as
# routix.templates.conventions.FACE_REGION, inverted: the face fills 25..75 % of the subject
# box's width and 5..45 % of its height, so the compositor puts a cutout's face back there).
_SUBJECT_W, _SUBJECT_H, _FACE_X0, _FACE_Y0 = 2.0, 2.5, 0.25, 0.05


def saliency_map(bgr: np.ndarray, faces: list[NBox]) -> np.ndarray:
    """(64, 64) float32 saliency 0..1: OpenCV's spectral-residual static saliency (Hou & Zhang,
    CVPR 2007), blurred, faded to 0 over the outer 8 % (border artefacts), normalised to a
    maximum of 1, plus a Gaussian bump (peak 1) on every face box."""
    small = cv2.resize(bgr, (SALIENCY_SIDE, SALIENCY_SIDE), interpolation=cv2.INTER_AREA)
    algo = cv2.saliency.StaticSaliencySpectralResidual.create()
    ok, sal = algo.computeSaliency(small)
    sal = np.asarray(sal, dtype=np.float32) if ok else np.zeros((SALIENCY_SIDE, SALIENCY_SIDE), np.float32)
    if float(small.reshape(-1, 3).std(axis=0).max()) < 1.0:  # flat image: nothing salient (the method gives noise)
        sal = np.zeros((SALIENCY_SIDE, SALIENCY_SIDE), np.float32)
    sal = cv2.GaussianBlur(sal, (0, 0), 5)
    ys, xs = (np.mgrid[0:SALIENCY_SIDE, 0:SALIENCY_SIDE].astype(np.float32) + 0.5) / SALIENCY_SIDE
    # the spectral residual fires on the image border (the FFT wraps around): fade the outer 8 %
    border = np.minimum(np.minimum(xs, 1 - xs), np.minimum(ys, 1 - ys))
    sal = sal * np.clip(border / 0.08, 0.0, 1.0)
    if sal.max() > 0:
        sal = sal / sal.max()
    for x, y, w, h in faces:
        cx, cy, s = x + w / 2, y + h / 2, max(w, h) * 0.8
        sal = np.maximum(sal, np.exp(-(((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * s * s))))
    return sal


def focal_points(sal: np.ndarray, faces: list[NBox], limit: int = 4) -> list[tuple[float, float, float]]:
    """Up to ``limit`` ``(x, y, weight)`` centres of the salient regions, strongest first.

    Face centres come first (weight 1). The other regions are the connected components of
    the saliency map above 0.45 (of its maximum): each gives its saliency-weighted centroid,
    weighted by its saliency mass relative to the largest region (kept when >= 0.2); regions
    that contain a face centre are that face.
    """
    points: list[tuple[float, float, float]] = [(x + w / 2, y + h / 2, 1.0) for x, y, w, h in faces][:limit]
    n, labels = cv2.connectedComponents((sal >= 0.45).astype(np.uint8), connectivity=8)
    side_y, side_x = sal.shape
    face_labels = {int(labels[min(int(py * side_y), side_y - 1), min(int(px * side_x), side_x - 1)])
                   for px, py, _ in points}
    regions = []
    for label in range(1, n):
        if label in face_labels:
            continue
        ys, xs = np.nonzero(labels == label)
        weights = sal[ys, xs]
        mass = float(weights.sum())
        cx = float((xs + 0.5) @ weights) / mass / side_x
        cy = float((ys + 0.5) @ weights) / mass / side_y
        regions.append((cx, cy, mass))
    top = max((m for _, _, m in regions), default=1.0)
    for x, y, mass in sorted(regions, key=lambda r: -r[2]):
        if len(points) >= limit or mass / top < 0.2:
            break
        points.append((x, y, mass / top))
    return [(round(x, 4), round(y, 4), round(min(w, 1.0), 4)) for x, y, w in points]


def layout_type(sal: np.ndarray, points: list[tuple[float, float, float]], faces: list[NBox]) -> Layout:
    """Layout from the focal points and the saliency mass (first rule that matches):

    1. **split**: two faces on opposite sides of the centre line, each at least 0.12 from it;
       without faces: two focal points of weight >= 0.75 at x < 0.35 and x > 0.65 with a
       calmer middle (mean saliency of the band 0.42-0.58 below 0.6x that of the two sides);
    2. **centered**: the main focal point within 0.12 of the vertical centre line and the
       saliency mass centre within 0.1 of it;
    3. **rule_of_thirds**: the main focal point within 0.09 of a vertical third (1/3, 2/3);
    4. **left_heavy** / **right_heavy**: the saliency mass centre left / right of 0.5 (within
       0.02 of it, the main focal point's side decides).

    An image with nothing salient (flat) is "centered".
    """
    if len(faces) >= 2:
        xs = [x + w / 2 for x, _, w, _ in faces]
        if min(xs) < 0.38 and max(xs) > 0.62:
            return "split"
    elif not faces and _two_sided(sal, points):
        return "split"
    mass = sal.sum(0)
    if float(mass.sum()) <= 1e-6:  # nothing salient (a flat image)
        return "centered"
    cx = float((mass * (np.arange(len(mass)) + 0.5) / len(mass)).sum() / float(mass.sum()))
    main = points[0][0] if points else cx
    if abs(main - 0.5) < 0.12 and abs(cx - 0.5) < 0.1:
        return "centered"
    if min(abs(main - 1 / 3), abs(main - 2 / 3)) < 0.09:
        return "rule_of_thirds"
    return "left_heavy" if (cx if abs(cx - 0.5) > 0.02 else main) < 0.5 else "right_heavy"


def _two_sided(sal: np.ndarray, points: list[tuple[float, float, float]]) -> bool:
    strong = [x for x, _, weight in points if weight >= 0.75]
    if not (any(x < 0.35 for x in strong) and any(x > 0.65 for x in strong)):
        return False
    cols = sal.mean(0)
    n = len(cols)
    middle = float(cols[int(0.42 * n) : int(0.58 * n)].mean())
    sides = float(np.concatenate([cols[: int(0.35 * n)], cols[int(0.65 * n) :]]).mean())
    return middle < 0.6 * sides


def _quadratic_design(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys], axis=1)


def background(
    lab: np.ndarray, exclude: list[NBox], person: np.ndarray | None = None
) -> tuple[BackgroundType, list[str], float | None, float, float]:
    """Classify the background -> ``(kind, colours, angle, smooth_fit, periodicity)``.

    Reads an (H, W, 3) CIELAB image downscaled to :data:`BACKGROUND_SIDE` px, ignoring the
    ``exclude`` boxes (subject, text, logo) and the px where ``person`` (an (H, W) person
    matte 0..1 of the same image, optional) is above 0.2. Heuristics, in order:

    * **solid**: >= :data:`FIT_SHARE` of background px within ΔE76 :data:`FIT_DELTA_E` of their
      median colour;
    * **gradient**: a quadratic surface per L*a*b* channel, least-squares fitted twice (the
      second fit without the worst 20 % of px), leaves >= FIT_SHARE of px within ΔE76 8;
      the angle is the direction of the fitted linear slope of L*a*b* (strongest change);
    * **pattern**: the texture (grey minus its 7 px blur) has an off-centre autocorrelation
      peak >= :data:`PATTERN_PEAK` (stripes, dots, grids repeat; photos do not);
    * **photo** otherwise.
    """
    h, w = lab.shape[:2]
    scale = BACKGROUND_SIDE / max(h, w)
    sw, sh = max(8, round(w * scale)), max(8, round(h * scale))
    small = cv2.resize(lab, (sw, sh), interpolation=cv2.INTER_AREA)
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    xs, ys = (xs + 0.5) / sw, (ys + 0.5) / sh
    keep = np.ones((sh, sw), bool)
    for x, y, bw, bh in exclude:
        keep[(xs >= x) & (xs <= x + bw) & (ys >= y) & (ys <= y + bh)] = False
    if person is not None:
        small_person = cv2.resize(person.astype(np.float32), (sw, sh), interpolation=cv2.INTER_AREA)
        keep &= cv2.dilate(small_person, np.ones((3, 3), np.uint8)) <= 0.2
    if keep.mean() < 0.15:  # the subject/text cover almost everything: use the whole image
        keep[:] = True
    px = small[keep]
    median = np.median(px, axis=0)
    solid_fit = float((np.linalg.norm(px - median, axis=1) < FIT_DELTA_E).mean())

    a = _quadratic_design(xs[keep], ys[keep])
    coef, *_ = np.linalg.lstsq(a, px, rcond=None)
    err = np.linalg.norm(a @ coef - px, axis=1)
    inliers = err <= np.quantile(err, 0.8)
    coef, *_ = np.linalg.lstsq(a[inliers], px[inliers], rcond=None)
    smooth_fit = float((np.linalg.norm(a @ coef - px, axis=1) < FIT_DELTA_E).mean())
    periodicity = _periodicity(small, keep)

    if solid_fit >= FIT_SHARE:
        return "solid", [lab_hex(median)], None, round(smooth_fit, 4), round(periodicity, 4)
    if smooth_fit >= FIT_SHARE:
        angle, colours = _gradient(coef)
        return "gradient", colours, angle, round(smooth_fit, 4), round(periodicity, 4)
    kind: BackgroundType = "pattern" if periodicity >= PATTERN_PEAK else "photo"
    return kind, [lab_hex(median)], None, round(smooth_fit, 4), round(periodicity, 4)


def _gradient(coef: np.ndarray) -> tuple[float, list[str]]:
    """Direction (degrees in [0, 180): 0 = left->right, 90 = top->bottom) of the steepest colour
    change of the fitted surface at the centre, and its colours at the start, middle and end."""
    gx = coef[1] + 2 * coef[3] * 0.5 + coef[4] * 0.5  # d/dx at the centre, per channel
    gy = coef[2] + coef[4] * 0.5 + 2 * coef[5] * 0.5
    # the direction that maximises the squared colour change |gx cos + gy sin|^2
    sxx, syy, sxy = float(gx @ gx), float(gy @ gy), float(gx @ gy)
    theta = 0.5 * math.atan2(2 * sxy, sxx - syy)
    dx, dy = math.cos(theta), math.sin(theta)
    if dy < -1e-9 or (abs(dy) <= 1e-9 and dx < 0):  # angles in [0, 180): downwards or rightwards
        dx, dy = -dx, -dy
    angle = round(math.degrees(math.atan2(dy, dx)) % 180.0, 1)

    def at(t: float) -> str:
        x, y = 0.5 + dx * t, 0.5 + dy * t
        v = _quadratic_design(np.array([x], np.float32), np.array([y], np.float32)) @ coef
        return lab_hex(np.clip(v[0], [0, -128, -128], [100, 127, 127]))

    reach = 0.5 / max(abs(dx), abs(dy))  # centre to the image edge along the direction
    return angle, [at(-reach), at(0.0), at(reach)]


def _periodicity(small: np.ndarray, keep: np.ndarray) -> float:
    grey = small[..., 0]
    texture = grey - cv2.blur(grey, (7, 7))
    texture = np.where(keep, texture, 0.0).astype(np.float32)
    if float(np.abs(texture).mean()) < 0.5:  # no texture at all
        return 0.0
    spec = np.fft.rfft2(texture)
    ac = np.fft.irfft2(spec * np.conj(spec), s=texture.shape)
    ac = np.fft.fftshift(ac) / max(float(ac.flat[0]), 1e-6)
    cy, cx = ac.shape[0] // 2, ac.shape[1] // 2
    ac[cy - 3 : cy + 4, cx - 3 : cx + 4] = 0  # the trivial peak and its immediate neighbours
    return float(np.clip(ac.max(), 0.0, 1.0))


def subject_box(faces: list[NBox]) -> NBox | None:
    """Head-and-shoulders box around the faces (union over faces), clipped to the image:
    the face spans 25-75 % of the box width and 5-45 % of its height."""
    if not faces:
        return None
    boxes = []
    for x, y, w, h in faces:
        bw, bh = w * _SUBJECT_W, h * _SUBJECT_H
        boxes.append((x - _FACE_X0 * bw, y - _FACE_Y0 * bh, bw, bh))
    return clip_box(*union(boxes))


#: Text blocks with a smaller mean line height (share of the image height) are incidental
#: (name tags, watermarks, fine print): never the title; below MIN_SECONDARY_LINE not a slot.
MIN_TITLE_LINE = 0.05
MIN_SECONDARY_LINE = 0.025

#: Candidate title areas when the reference has no text (x, y, w, h): the calmest one that
#: overlaps the subject least wins.
_TITLE_CANDIDATES: tuple[NBox, ...] = (
    (0.05, 0.08, 0.48, 0.50), (0.47, 0.08, 0.48, 0.50), (0.05, 0.60, 0.60, 0.30),
    (0.05, 0.06, 0.90, 0.26), (0.05, 0.66, 0.90, 0.26), (0.05, 0.30, 0.45, 0.40), (0.50, 0.30, 0.45, 0.40),
)


def calm_title_box(sal: np.ndarray, edges: np.ndarray, subject: NBox | None) -> NBox:
    """The title area for a reference without text: the candidate with the least saliency and
    edges inside, penalised by its overlap with the subject box (see ``_TITLE_CANDIDATES``)."""
    eh, ew = edges.shape
    best, best_cost = _TITLE_CANDIDATES[0], math.inf
    for box in _TITLE_CANDIDATES:
        x, y, w, h = box
        s = sal[int(y * sal.shape[0]) : int(math.ceil((y + h) * sal.shape[0])),
                int(x * sal.shape[1]) : int(math.ceil((x + w) * sal.shape[1]))]
        e = edges[int(y * eh) : int(math.ceil((y + h) * eh)), int(x * ew) : int(math.ceil((x + w) * ew))]
        cost = float(s.mean()) + 2.0 * float(e.mean())
        if subject is not None:
            cost += 3.0 * overlap(box, subject) / (w * h)
        if cost < best_cost - 1e-9:
            best, best_cost = box, cost
    return best


def skeleton(
    faces: list[NBox], blocks: list[TextBlock], logo: NBox | None, sal: np.ndarray, edges: np.ndarray
) -> list[tuple[SlotName, NBox]]:
    """The slots ``[(name, box)]``: subject around the faces; title = the biggest text block
    whose lines are at least :data:`MIN_TITLE_LINE` tall (else the calmest area away from the
    subject); among the other blocks with lines >= :data:`MIN_SECONDARY_LINE`, the first short
    one (<= 12 characters, <= 2 words: "NEW", "EP. 12", "LIVE NOW") is the badge and the first longer one the subtitle
    (only when a title block exists); logo = the logo blob."""
    slots: list[tuple[SlotName, NBox]] = []
    subject = subject_box(faces)
    if subject is not None:
        slots.append(("subject", subject))
    titles = [b for b in blocks if b.line_height >= MIN_TITLE_LINE]
    if titles:
        slots.append(("title", clip_box(*titles[0].box)))
        for block in blocks:
            if block is titles[0] or block.line_height < MIN_SECONDARY_LINE:
                continue
            short = len(block.text) <= 12 and len(block.text.split()) <= 2
            name: SlotName = "badge" if short else "subtitle"
            if all(n != name for n, _ in slots):
                slots.append((name, clip_box(*block.box)))
    else:
        slots.append(("title", calm_title_box(sal, edges, subject)))
    if logo is not None:
        slots.append(("logo", logo))
    return slots
