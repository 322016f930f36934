"""Colour guided filter (He, Sun & Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013),
with the fast-guided-filter upsampling of He & Sun, "Fast Guided Filter", arXiv:1505.00996.

The filter fits, in every ``(2r+1)^2`` window, a linear model ``q = a . I + b`` from a colour
guide ``I`` to the input ``p``; ``eps`` is the ridge regulariser (larger = smoother, less edge
following). Box means use ``cv2.boxFilter`` so the cost is O(pixels), independent of ``r``.
"""

from __future__ import annotations

import cv2
import numpy as np


def guided_filter(
    guide: np.ndarray,
    src: np.ndarray,
    radius: int,
    eps: float,
    *,
    out_guide: np.ndarray | None = None,
    out_box: tuple[int, int, int, int] | None = None,
) -> np.ndarray:
    """Edge-aware smoothing of ``src`` guided by ``guide``.

    ``guide``: HxWx3 float32 RGB in 0..1. ``src``: HxW float32. ``radius`` in px of ``guide``;
    ``eps`` in (0..1 intensity)^2 units, e.g. 1e-3.
    If ``out_guide`` (H'xW'x3 float32 0..1: the region ``out_box`` = (left, top, right,
    bottom) px of ``guide``, default all of it, at a higher resolution) is given, the linear
    coefficients of that region are upsampled bilinearly and applied to it (fast guided
    filter) and the result is H'xW'; otherwise it is HxW. Values are not clipped.
    """
    guide = np.ascontiguousarray(guide, dtype=np.float32)
    src = np.ascontiguousarray(src, dtype=np.float32)
    ksize = (2 * radius + 1, 2 * radius + 1)

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, cv2.CV_32F, ksize, borderType=cv2.BORDER_REFLECT)

    chans = [guide[..., c] for c in range(3)]
    mu = [mean(c) for c in chans]
    mu_p = mean(src)
    cov_ip = [mean(c * src) - m * mu_p for c, m in zip(chans, mu, strict=True)]
    # covariance of the guide, symmetric 3x3 per pixel, regularised by eps on the diagonal
    rr = mean(chans[0] * chans[0]) - mu[0] * mu[0] + eps
    rg = mean(chans[0] * chans[1]) - mu[0] * mu[1]
    rb = mean(chans[0] * chans[2]) - mu[0] * mu[2]
    gg = mean(chans[1] * chans[1]) - mu[1] * mu[1] + eps
    gb = mean(chans[1] * chans[2]) - mu[1] * mu[2]
    bb = mean(chans[2] * chans[2]) - mu[2] * mu[2] + eps
    # a = Sigma^-1 cov_ip via the adjugate (cofactor) matrix
    inv_rr = gg * bb - gb * gb
    inv_rg = gb * rb - rg * bb
    inv_rb = rg * gb - gg * rb
    inv_gg = rr * bb - rb * rb
    inv_gb = rb * rg - rr * gb
    inv_bb = rr * gg - rg * rg
    det = rr * inv_rr + rg * inv_rg + rb * inv_rb
    a_r = (inv_rr * cov_ip[0] + inv_rg * cov_ip[1] + inv_rb * cov_ip[2]) / det
    a_g = (inv_rg * cov_ip[0] + inv_gg * cov_ip[1] + inv_gb * cov_ip[2]) / det
    a_b = (inv_rb * cov_ip[0] + inv_gb * cov_ip[1] + inv_bb * cov_ip[2]) / det
    b = mu_p - a_r * mu[0] - a_g * mu[1] - a_b * mu[2]
    coeffs = [mean(a_r), mean(a_g), mean(a_b), mean(b)]

    target = guide
    if out_guide is not None:
        left, top, right, bottom = out_box or (0, 0, guide.shape[1], guide.shape[0])
        target = np.ascontiguousarray(out_guide, dtype=np.float32)
        size = (target.shape[1], target.shape[0])
        coeffs = [cv2.resize(c[top:bottom, left:right], size, interpolation=cv2.INTER_LINEAR) for c in coeffs]
    return coeffs[0] * target[..., 0] + coeffs[1] * target[..., 1] + coeffs[2] * target[..., 2] + coeffs[3]
