"""Salient-object cut-out for photos without a person: a product, an animal, a vehicle.

The U^2-Net small model (``u2netp.onnx``, see :func:`routix.vision.runtime.run_salient_model`)
gives a per-pixel probability that the pixel belongs to the photo's main object. This module
decides whether that map shows *one clear subject* and turns it into a clean matte:

1. **Clear subject?** The foreground is the share of pixels above 0.5. Below
   :data:`MIN_FOREGROUND` nothing stands out (a star field gives 0 %, a thin rocket in a
   landscape 2 %); above :data:`MAX_FOREGROUND` the "object" is the whole photo. Components
   smaller than :data:`SPECK` of the image are ignored; the rest must be few
   (:data:`MAX_PARTS`) and the largest must hold :data:`MIN_MAIN_SHARE` of the foreground,
   otherwise the map is scattered (a crowd of stars, a pattern) and the photo is a scene.
2. **Matte.** Components at least :data:`KEEP_SHARE` of the largest are kept (a cup and its
   saucer stay, a stray speck goes); the probability is refined with the colour guided filter
   so its edge follows the photo's edges, ramped so the inside is solid, and cut to the kept
   region (dilated a little so the soft fringe survives).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from routix.vision.guided import guided_filter
from routix.vision.runtime import run_salient_model

#: Foreground share (0..1 of the photo) below which nothing stands out.
MIN_FOREGROUND = 0.04
#: Foreground share above which the "object" is the whole photo.
MAX_FOREGROUND = 0.92
#: Components smaller than this share of the photo are specks and not counted.
SPECK = 0.002
#: More counted components than this means a scattered map.
MAX_PARTS = 6
#: The largest component must hold this share of the foreground.
MIN_MAIN_SHARE = 0.6
#: Components at least this share of the largest are kept in the matte.
KEEP_SHARE = 0.15
#: Guided-filter radius (fraction of the long side) and regulariser; contrast ramp.
GUIDE_RADIUS = 0.01
GUIDE_EPS = 1e-4
RAMP_LOW, RAMP_HIGH = 0.25, 0.75


@dataclass(frozen=True)
class SalientCut:
    """What the salient-object model saw in one photo.

    ``foreground``: share (0..1) of the photo above 0.5 probability. ``parts``: components
    larger than a speck. ``main_share``: the largest component's share (0..1) of the
    foreground. ``clear``: one clear subject (see the module doc). ``alpha``: HxW float32 0..1
    matte of the subject at the photo's size when ``clear``, else None. ``reason``: a sentence
    for the quality report.
    """

    foreground: float
    parts: int
    main_share: float
    clear: bool
    alpha: np.ndarray | None
    reason: str


def salient_cutout(rgb: np.ndarray) -> SalientCut:
    """Find and matte the main object of an HxWx3 uint8 RGB photo (see the module doc).

    Raises routix.vision.runtime.ModelUnavailable if the model cannot load.
    """
    height, width = rgb.shape[:2]
    prob = run_salient_model(rgb)
    binary = (prob > 0.5).astype(np.uint8)
    foreground = float(binary.mean())
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] if count > 1 else np.zeros(0, np.int64)
    counted = areas[areas >= SPECK * width * height]
    main_share = float(areas.max() / max(1, binary.sum())) if areas.size else 0.0
    percent = f"{100 * foreground:.0f} %"
    if foreground < MIN_FOREGROUND:
        return SalientCut(foreground, len(counted), main_share, False, None,
                          f"nothing stands out (foreground {percent})")
    if foreground > MAX_FOREGROUND:
        return SalientCut(foreground, len(counted), main_share, False, None,
                          f"the whole photo is the subject (foreground {percent})")
    if len(counted) > MAX_PARTS or main_share < MIN_MAIN_SHARE:
        return SalientCut(foreground, len(counted), main_share, False, None,
                          f"the foreground is scattered over {len(counted)} parts")
    keep_ids = [i + 1 for i, area in enumerate(areas) if area >= KEEP_SHARE * areas.max()]
    keep = np.isin(labels, keep_ids).astype(np.uint8)
    return SalientCut(foreground, len(counted), main_share, True, _matte(rgb, prob, keep),
                      f"one clear subject (foreground {percent})")


def _matte(rgb: np.ndarray, prob: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The kept components' probability, edge-refined by the guided filter, ramped and cut."""
    height, width = prob.shape
    grow = max(2, round(0.01 * max(width, height)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    region = cv2.dilate(keep, kernel).astype(np.float32)
    radius = max(2, round(GUIDE_RADIUS * max(width, height)))
    refined = guided_filter(rgb.astype(np.float32) / 255.0, prob * region, radius, GUIDE_EPS)
    ramped = (np.clip((refined - RAMP_LOW) / (RAMP_HIGH - RAMP_LOW), 0.0, 1.0) * region).astype(np.float32)
    return np.clip(cv2.GaussianBlur(ramped, (0, 0), 0.7), 0.0, 1.0).astype(np.float32)
