"""Turn a photo region + alpha into a clean RGBA cutout.

* :func:`estimate_foreground` removes background colour bleeding into soft edges ("colour
  decontamination") with the blur-fusion estimator of Forte & Pitie, "Approximate Fast
  Foreground Colour Estimation", ICIP 2021.
* :func:`rounded_rect_alpha` draws an anti-aliased or feathered rounded-rectangle alpha from
  its signed distance field (Inigo Quilez, "2D distance functions", sdRoundedBox).
* :func:`alpha_bbox` and :func:`expand_box` find and pad the tight box around visible pixels.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

PxBox = tuple[int, int, int, int]

#: Alpha above this counts as visible when trimming a cutout.
VISIBLE_ALPHA = 0.02
#: Long side (px) on which the smooth colour estimates of estimate_foreground are computed.
FOREGROUND_SIDE = 768


def estimate_foreground(rgb: np.ndarray, alpha: np.ndarray, radius: int) -> np.ndarray:
    """Foreground colours F for an image I = alpha F + (1 - alpha) B.

    ``rgb``: HxWx3 uint8; ``alpha``: HxW float32 0..1; ``radius``: px of the large blur (the
    second pass uses a sixth of it). Returns HxWx3 uint8; pixels with alpha 0 or 1 keep
    their colour. Two passes of blur-fusion (Forte & Pitie 2021, eq. 6):
    F = F^ + alpha (I - alpha F^ - (1 - alpha) B^), where F^ and B^ are alpha-weighted box
    blurs of the foreground and background estimates. The blurred estimates are smooth, so
    for images larger than :data:`FOREGROUND_SIDE` px they are computed on a smaller copy and
    upsampled; only the final formula runs at full resolution.
    """
    height, width = alpha.shape
    scale = max(1.0, max(width, height) / FOREGROUND_SIDE)
    small = (max(1, round(width / scale)), max(1, round(height / scale)))
    image = cv2.resize(rgb, small, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    a = cv2.resize(alpha, small, interpolation=cv2.INTER_AREA)[..., None]
    radius = max(1, round(radius / scale))
    fg, bg = image, image
    fg_hat: np.ndarray = image
    bg_hat: np.ndarray = image
    for r in (radius, max(1, radius // 6)):
        fg_hat, bg_hat = _blurred_estimates(fg, bg, a, r)
        fg = np.clip(fg_hat + a * (image - a * fg_hat - (1 - a) * bg_hat), 0, 1)
        bg = bg_hat
    if scale > 1.0:
        fg_hat = cv2.resize(fg_hat, (width, height), interpolation=cv2.INTER_LINEAR)
        bg_hat = cv2.resize(bg_hat, (width, height), interpolation=cv2.INTER_LINEAR)
    out = rgb.copy()
    edge = (alpha > 0.0) & (alpha < 1.0)
    i = rgb[edge].astype(np.float32) / 255.0
    e = alpha[edge][:, None]
    f = fg_hat[edge] + e * (i - e * fg_hat[edge] - (1 - e) * bg_hat[edge])
    out[edge] = np.clip(f * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return out


def _blurred_estimates(fg: np.ndarray, bg: np.ndarray, a: np.ndarray, r: int) -> tuple[np.ndarray, np.ndarray]:
    """Alpha-weighted box blurs F^ = blur(F a) / blur(a) and B^ = blur(B (1-a)) / blur(1-a)."""
    k = (2 * r + 1, 2 * r + 1)

    def blur(x: np.ndarray) -> np.ndarray:
        return cv2.blur(x, k, borderType=cv2.BORDER_REFLECT)

    blur_a = blur(a[..., 0])[..., None]
    fg_hat = blur(fg * a) / (blur_a + 1e-5)
    bg_hat = blur(bg * (1 - a)) / ((1 - blur_a) + 1e-5)
    return fg_hat, bg_hat


def rgba(rgb: np.ndarray, alpha: np.ndarray) -> Image.Image:
    """Pack HxWx3 uint8 colours and an HxW float 0..1 alpha into an RGBA Pillow image."""
    a8 = np.clip(alpha * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(np.dstack([rgb, a8]), "RGBA")


def rounded_rect_alpha(width: int, height: int, radius: float, feather: float = 1.0) -> np.ndarray:
    """HxW float32 alpha of a rounded rectangle filling ``width`` x ``height`` px.

    ``radius``: corner radius in px. ``feather``: width in px of the soft ramp inside the
    edge (1 px = anti-aliased, larger = feathered). Alpha is 1 deep inside, 0 outside; a
    pixel is covered by the share of it inside the edge (distance measured at its centre).
    """
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    half_w, half_h = width / 2.0, height / 2.0
    radius = float(min(radius, half_w, half_h))
    qx = np.abs(x + 0.5 - half_w) - (half_w - radius)
    qy = np.abs(y + 0.5 - half_h) - (half_h - radius)
    outside = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0))
    inside = np.minimum(np.maximum(qx, qy), 0)
    sdf = outside + inside - radius  # < 0 inside
    return np.clip((0.5 - sdf) / max(feather, 1.0), 0.0, 1.0).astype(np.float32)


def alpha_bbox(alpha: np.ndarray, threshold: float = VISIBLE_ALPHA) -> PxBox | None:
    """``(left, top, right, bottom)`` px of pixels with alpha above ``threshold``, or None."""
    rows = np.flatnonzero((alpha > threshold).any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero((alpha[rows[0] : rows[-1] + 1] > threshold).any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def expand_box(box: PxBox, margin: float, size: tuple[int, int]) -> PxBox:
    """Grow ``box`` by ``margin`` x its longer side on every side, clipped to ``size`` (w, h) px."""
    left, top, right, bottom = box
    pad = round(margin * max(right - left, bottom - top))
    width, height = size
    return max(0, left - pad), max(0, top - pad), min(width, right + pad), min(height, bottom + pad)


def shift_box(box: PxBox, origin: PxBox) -> PxBox:
    """Express ``box`` in the coordinates of a crop whose box in the same image is ``origin``."""
    ox, oy = origin[0], origin[1]
    w, h = origin[2] - ox, origin[3] - oy
    return (
        min(max(box[0] - ox, 0), w),
        min(max(box[1] - oy, 0), h),
        min(max(box[2] - ox, 0), w),
        min(max(box[3] - oy, 0), h),
    )
