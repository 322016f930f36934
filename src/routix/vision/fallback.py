"""Find the subject of a photo without a person: an object on a plain background, or the
salient region of a busy photo, or nothing stands out (then the whole image is framed).

* Plain background: the border ring's colours are nearly uniform (CIELAB distance to their
  median below :data:`PLAIN_DELTA_E` for :data:`PLAIN_SHARE` of the ring). The background is
  the border-connected region close to that colour; the rest is the object, whose edge is
  refined with the guided filter.
* Saliency: spectral residual (Hou & Zhang, "Saliency Detection: A Spectral Residual
  Approach", CVPR 2007) on a 64 px copy, averaged with the CIELAB distance to the nearest of
  the border's main colours (k-means, k=8), times a centred Gaussian prior. A flat map means
  nothing stands out. The salient box is the box of the pixels
  above mean + 1 std, grown by a margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from routix.vision.cutout import alpha_bbox
from routix.vision.guided import guided_filter

PxBox = tuple[int, int, int, int]

#: Border ring width, fraction of the short side.
BORDER = 0.04
#: A border is plain when this share of its pixels is within PLAIN_DELTA_E of the median colour.
PLAIN_SHARE = 0.9
PLAIN_DELTA_E = 10.0
#: Pixels further than this CIELAB distance from the plain background colour are object.
OBJECT_DELTA_E = 18.0
#: An object mask must cover this share range of the image to be used.
OBJECT_AREA = (0.005, 0.9)
#: Salient boxes larger than this share of the image mean "nothing stands out".
MAX_SALIENT_AREA = 0.6
#: Saliency maps whose std/mean is below this are flat.
MIN_SALIENCY_CONTRAST = 0.45
#: Gaussian centre prior sigma, fraction of each side.
CENTRE_SIGMA = 0.35
#: Side of the saliency working copy, px.
SALIENCY_SIDE = 64


@dataclass(frozen=True)
class Fallback:
    """What to cut when there is no person.

    ``kind``: ``"object"`` (``alpha`` is a full-image HxW float32 0..1 matte of the object),
    ``"salient"`` (``box`` px is the region to crop with a soft edge), or ``"flat"`` (nothing
    stands out; frame the whole image). ``box`` is ``(left, top, right, bottom)`` px.
    """

    kind: Literal["object", "salient", "flat"]
    box: PxBox
    alpha: np.ndarray | None = None


def find_subject(rgb: np.ndarray) -> Fallback:
    """Decide how to cut the subject of an HxWx3 uint8 RGB photo without a person."""
    height, width = rgb.shape[:2]
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0  # OpenCV scales L to 0..255 for 8-bit input
    ring = _border_ring(lab)
    median = np.median(ring, axis=0)
    if np.mean(np.linalg.norm(ring - median, axis=1) < PLAIN_DELTA_E) >= PLAIN_SHARE:
        alpha = _object_matte(rgb, lab, median)
        if alpha is not None:
            box = _bbox(alpha > 0.5)
            if box is not None:
                return Fallback("object", box, alpha)
    return _salient(rgb, lab, _border_colours(ring), (width, height))


def _border_ring(lab: np.ndarray) -> np.ndarray:
    height, width = lab.shape[:2]
    b = max(1, round(BORDER * min(width, height)))
    parts = [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    return np.concatenate(parts)


def _border_colours(ring: np.ndarray, k: int = 8) -> np.ndarray:
    """``k`` representative CIELAB colours of the border ring (k-means), shape (k, 3)."""
    sample = np.ascontiguousarray(ring[:: max(1, len(ring) // 4000)], dtype=np.float32)
    k = min(k, len(sample))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    cv2.setRNGSeed(0)
    # OpenCV's stubs omit None for bestLabels (no initial labels), which the binding accepts
    _, _, centres = cv2.kmeans(sample, k, None, criteria, 1, cv2.KMEANS_PP_CENTERS)  # type: ignore[call-overload]
    return centres


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
    if not OBJECT_AREA[0] <= share <= OBJECT_AREA[1]:
        return None
    radius = max(2, round(0.004 * max(width, height)))
    refined = guided_filter(rgb.astype(np.float32) / 255.0, obj.astype(np.float32), radius, 1e-4)
    return np.clip((refined - 0.2) / 0.6, 0.0, 1.0).astype(np.float32)


def _salient(rgb: np.ndarray, lab: np.ndarray, border: np.ndarray, size: tuple[int, int]) -> Fallback:
    width, height = size
    small = (SALIENCY_SIDE, max(1, round(SALIENCY_SIDE * height / width)))
    if height > width:
        small = (max(1, round(SALIENCY_SIDE * width / height)), SALIENCY_SIDE)
    grey = cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), small, interpolation=cv2.INTER_AREA)
    residual = _spectral_residual(grey.astype(np.float32) / 255.0)
    lab_small = cv2.resize(lab, small, interpolation=cv2.INTER_AREA)
    # distance to the nearest border colour: colours that also occur on the border are background
    contrast = np.min(np.linalg.norm(lab_small[:, :, None, :] - border[None, None], axis=3), axis=2)
    sal = 0.5 * _normalise(residual) + 0.5 * _normalise(contrast)
    y, x = np.mgrid[0 : small[1], 0 : small[0]].astype(np.float32)
    prior = np.exp(
        -(((x + 0.5) / small[0] - 0.5) ** 2 + ((y + 0.5) / small[1] - 0.5) ** 2) / (2 * CENTRE_SIGMA**2)
    )
    sal = sal * prior
    mean, std = float(sal.mean()), float(sal.std())
    full = (0, 0, width, height)
    if mean <= 0 or std / mean < MIN_SALIENCY_CONTRAST:
        return Fallback("flat", full)
    box = _bbox(_largest_components(sal > mean + std))
    if box is None:
        return Fallback("flat", full)
    sx, sy = width / small[0], height / small[1]
    box = (round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy))
    if (box[2] - box[0]) * (box[3] - box[1]) > MAX_SALIENT_AREA * width * height:
        return Fallback("flat", full)
    return Fallback("salient", box)


def _spectral_residual(grey: np.ndarray) -> np.ndarray:
    """Spectral residual saliency map (Hou & Zhang 2007), same size as ``grey``."""
    spectrum = np.fft.fft2(grey)
    log_amp = np.log(np.abs(spectrum) + 1e-8)
    residual = log_amp - cv2.blur(log_amp, (3, 3), borderType=cv2.BORDER_REFLECT)
    sal = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    return cv2.GaussianBlur(sal.astype(np.float32), (0, 0), 2.5)


def _largest_components(mask: np.ndarray, share: float = 0.3) -> np.ndarray:
    """Keep connected components at least ``share`` of the largest one's area."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 1:
        return mask & False
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = [i + 1 for i, a in enumerate(areas) if a >= share * areas.max()]
    return np.isin(labels, keep)


def _normalise(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def _bbox(mask: np.ndarray) -> PxBox | None:
    return alpha_bbox(mask.astype(np.float32), 0.5)
