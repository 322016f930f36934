"""Person matte: MediaPipe selfie segmentation refined into a clean, soft alpha.

Steps (all on a copy whose long side is at most :data:`WORK_MAX_SIDE` px):

1. Selfie segmentation (square 256x256 model, or the 256x144 landscape model for wide
   photos) gives a low-resolution person confidence, resized smoothly to the work size.
2. Islands: the confidence is thresholded at 0.5; connected components that touch a face
   box are kept (without faces: components at least 25 % of the largest one). Everything
   else is zeroed, so stray background blobs never reach the cutout.
3. Edges: a colour guided filter (see :mod:`routix.vision.guided`) makes the soft edge follow
   the photo's own edges (hair, shoulders); a linear contrast ramp then removes the faint
   haze the filter leaves and makes the inside solid. For photos larger than the work copy,
   the filter's coefficients are applied at full resolution, only in the box around the
   kept people (fast guided filter).
4. A slight Gaussian feather (~0.7 px at work scale) keeps the edge anti-aliased.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image

from routix.vision.cutout import alpha_bbox
from routix.vision.faces import Face
from routix.vision.guided import guided_filter
from routix.vision.io import downscaled_rgb
from routix.vision.runtime import SegmentModel, run_segment_model

#: Long side (px) of the copy the matte is computed on.
WORK_MAX_SIDE = 1024
#: Width/height ratio above which the landscape model is used.
LANDSCAPE_RATIO = 1.3
#: Guided filter radius as a fraction of the work copy's long side, and its regulariser.
GUIDE_RADIUS = 0.015
GUIDE_EPS = 1e-4
#: Filtered confidence below LOW becomes 0, above HIGH becomes 1 (linear in between).
RAMP_LOW, RAMP_HIGH = 0.2, 0.8
#: Minimum island area, fraction of the largest kept component, when no face anchors it.
MIN_ISLAND = 0.25


def person_matte(image: Image.Image, faces: Sequence[Face] | None = None) -> np.ndarray:
    """Alpha matte of the people in ``image``.

    ``faces`` (px of ``image``, e.g. from ``detect_faces``) anchor which segments are people;
    without them the large segments are kept. Returns an HxW float32 array in 0..1 at the
    size of ``image`` (1 = person). A photo without a person gives an (almost) all-zero matte.
    Raises routix.vision.runtime.ModelUnavailable if the model cannot load.
    """
    work, scale = downscaled_rgb(image, WORK_MAX_SIDE)
    height, width = work.shape[:2]
    model: SegmentModel = "landscape" if width / height > LANDSCAPE_RATIO else "square"
    raw = run_segment_model(model, work)

    work_faces = [tuple(v / scale for v in f.box) for f in faces or ()]
    keep = _keep_region(raw, work_faces)
    raw *= keep
    guide = work.astype(np.float32) / 255.0
    radius = max(2, round(GUIDE_RADIUS * max(width, height)))
    if scale == 1.0:
        return _finish(guided_filter(guide, raw, radius, GUIDE_EPS), keep, 0.7)
    # large photo: apply the filter's coefficients at full resolution, only around the people
    alpha = np.zeros((image.height, image.width), np.float32)
    box = alpha_bbox(keep, 0.0)
    if box is None:
        return alpha
    l, t, r, b = (round(v * scale) for v in box)
    l, t, r, b = max(0, l - 1), max(0, t - 1), min(image.width, r + 1), min(image.height, b + 1)
    full = np.asarray(image.crop((l, t, r, b)).convert("RGB"), dtype=np.float32) / 255.0
    refined = guided_filter(guide, raw, radius, GUIDE_EPS, out_guide=full, out_box=box)
    keep_full = cv2.resize(keep[box[1] : box[3], box[0] : box[2]], (r - l, b - t), interpolation=cv2.INTER_LINEAR)
    alpha[t:b, l:r] = _finish(refined, keep_full, 0.7 * scale)
    return alpha


def _finish(refined: np.ndarray, keep: np.ndarray, sigma: float) -> np.ndarray:
    """Contrast ramp, drop re-grown islands (``keep``), feather by a Gaussian of ``sigma`` px."""
    alpha = np.clip((refined - RAMP_LOW) / (RAMP_HIGH - RAMP_LOW), 0.0, 1.0) * keep
    alpha = cv2.GaussianBlur(alpha, (0, 0), sigma)
    return np.clip(alpha, 0.0, 1.0).astype(np.float32)



def _keep_region(conf: np.ndarray, faces: Sequence[tuple[float, ...]]) -> np.ndarray:
    """Soft 0..1 mask of the person components (face-anchored, else large ones), dilated a little."""
    binary = (conf > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 1:
        return np.zeros_like(conf)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep_ids: set[int] = set()
    for left, top, right, bottom in faces:
        patch = labels[int(top) : max(int(top) + 1, int(bottom)), int(left) : max(int(left) + 1, int(right))]
        keep_ids.update(int(v) for v in np.unique(patch) if v)
    if not faces or not keep_ids:
        keep_ids = {i + 1 for i, a in enumerate(areas) if a >= MIN_ISLAND * areas.max()}
    kept = np.isin(labels, list(keep_ids)).astype(np.uint8)
    # grow by a few px so the soft fringe around kept components survives
    grow = max(3, round(0.02 * max(conf.shape)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    kept = cv2.dilate(kept, kernel).astype(np.float32)
    return cv2.GaussianBlur(kept, (0, 0), grow / 2)
