"""Cut an object off a plain background (a product shot on white or a studio sweep).

The border ring's colours are nearly uniform (CIELAB distance to their median below
:data:`PLAIN_DELTA_E` for :data:`PLAIN_SHARE` of the ring). The background is the
border-connected region close to that colour; the rest is the object, whose edge is refined
with the guided filter. Busy photos go to the salient-object model instead
(:mod:`routix.vision.salient`).
"""

from __future__ import annotations

import cv2
import numpy as np

from routix.vision.guided import guided_filter

#: Border ring width, fraction of the short side.
BORDER = 0.04
#: A border is plain when this share of its pixels is within PLAIN_DELTA_E of the median colour.
PLAIN_SHARE = 0.9
PLAIN_DELTA_E = 10.0
#: Pixels further than this CIELAB distance from the plain background colour are object.
OBJECT_DELTA_E = 18.0
#: An object mask must cover this share range of the image to be used.
OBJECT_AREA = (0.005, 0.9)
#: The object's largest component must hold this share of it (stars on black do not).
MIN_MAIN_SHARE = 0.6


def plain_object(rgb: np.ndarray) -> np.ndarray | None:
    """HxW float32 0..1 matte of the object of an HxWx3 uint8 RGB photo on a plain
    background, or None when the background is not plain or the object is too small/large."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0  # OpenCV scales L to 0..255 for 8-bit input
    ring = _border_ring(lab)
    median = np.median(ring, axis=0)
    if np.mean(np.linalg.norm(ring - median, axis=1) < PLAIN_DELTA_E) < PLAIN_SHARE:
        return None
    alpha = _object_matte(rgb, lab, median)
    if alpha is None or not (alpha > 0.5).any():
        return None
    return alpha


def _border_ring(lab: np.ndarray) -> np.ndarray:
    height, width = lab.shape[:2]
    b = max(1, round(BORDER * min(width, height)))
    parts = [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    return np.concatenate(parts)


def _object_matte(rgb: np.ndarray, lab: np.ndarray, bg: np.ndarray) -> np.ndarray | None:
    """Soft matte of everything that is not the border-connected plain background, or None."""
    height, width = rgb.shape[:2]
    far = (np.linalg.norm(lab - bg, axis=2) > OBJECT_DELTA_E).astype(np.uint8)
    near = 1 - far
    # background = near-colour pixels connected to the border; holes inside the object stay object
    _, labels = cv2.connectedComponents(near, connectivity=4)
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    background = np.isin(labels, edge_labels[edge_labels > 0]) & (near > 0)
    obj = (~background).astype(np.uint8)
    obj = cv2.morphologyEx(obj, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    share = obj.mean()
    if not OBJECT_AREA[0] <= share <= OBJECT_AREA[1] or _scattered(obj):
        return None
    radius = max(2, round(0.004 * max(width, height)))
    refined = guided_filter(rgb.astype(np.float32) / 255.0, obj.astype(np.float32), radius, 1e-4)
    return np.clip((refined - 0.2) / 0.6, 0.0, 1.0).astype(np.float32)


def _scattered(mask: np.ndarray) -> bool:
    """True when the mask's largest 8-connected component holds less than MIN_MAIN_SHARE of it."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return True
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas.max()) < MIN_MAIN_SHARE * float(areas.sum())
