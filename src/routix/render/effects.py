"""Alpha-mask effects shared by image, text and shape layers: outline, blur, shadow, glow.

All functions take and return 8-bit ``L`` masks or ``RGBA`` images of the same size; lengths
are in px (callers convert design fractions of canvas height to px).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

from .colors import RGBA, parse_color

#: Blurs with a sigma above this (px) run on a downscaled mask; a Gaussian of that width has
#: no detail a 1/k downscale loses, so the result is visually the same and much cheaper.
_DOWNSCALE_SIGMA = 4.0


def solid_with_alpha(alpha: Image.Image, color: RGBA | str) -> Image.Image:
    """An RGBA image of colour ``color`` whose alpha is ``alpha`` x the colour's own alpha."""
    rgba = parse_color(color) if isinstance(color, str) else color
    out = Image.new("RGBA", alpha.size, rgba[:3] + (0,))
    if rgba[3] < 255:
        alpha = alpha.point(lambda v: (v * rgba[3] + 127) // 255)
    out.putalpha(alpha)
    return out


def scale_alpha(alpha: Image.Image, factor: float) -> Image.Image:
    """``alpha`` x ``factor`` (0..1), rounded."""
    if factor >= 1.0:
        return alpha
    return alpha.point(lambda v: int(v * factor + 0.5))


def gaussian_blur(alpha: Image.Image, sigma: float) -> Image.Image:
    """Gaussian blur of an L mask with standard deviation ``sigma`` px (same size out).

    Above 4 px sigma the mask is shrunk by k = sigma / 2 (INTER_AREA), blurred with sigma / k and
    enlarged back bilinearly; the error is below one 8-bit level for the soft shadows used here.
    """
    if sigma <= 0.3:
        return alpha
    a = np.asarray(alpha)
    h, w = a.shape
    k = int(sigma / 2) if sigma > _DOWNSCALE_SIGMA else 1
    if k > 1 and min(h, w) // k >= 4:
        small = cv2.resize(a, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), sigma / k, borderType=cv2.BORDER_CONSTANT)
        out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    else:
        out = cv2.GaussianBlur(a, (0, 0), sigma, borderType=cv2.BORDER_CONSTANT)
    return Image.fromarray(out, "L")


def dilate(alpha: Image.Image, radius: float) -> Image.Image:
    """Grow a mask by ``radius`` px with round corners and an anti-aliased edge.

    The distance of every pixel to the mask (alpha >= 50 %) is measured with an exact Euclidean
    distance transform (OpenCV ``DIST_L2``, mask 5); coverage = clip(radius + 0.5 - d, 0, 1). The
    result is max()-ed with the input so the original soft edge is kept under the outline.
    """
    if radius <= 0:
        return alpha
    a = np.asarray(alpha)
    outside = (a < 128).astype(np.uint8)
    dist = cv2.distanceTransform(outside, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    grown = np.clip((radius + 0.5 - dist) * 255.0, 0, 255).astype(np.uint8)
    return Image.fromarray(np.maximum(grown, a), "L")


def pad_needed(radius: float = 0.0, blur: float = 0.0, dx: float = 0.0, dy: float = 0.0) -> int:
    """Margin in px a sprite needs so a grow of ``radius``, a blur of sigma ``blur`` and an offset
    (dx, dy) stay inside it (3 sigma holds 99.7 % of a Gaussian)."""
    return int(math.ceil(radius + 3 * blur + max(abs(dx), abs(dy)))) + 2


def shadow_layer(alpha: Image.Image, color: str, opacity: float, dx: float, dy: float,
                 blur: float) -> Image.Image:
    """A drop shadow of ``alpha`` (RGBA, same size): offset by (dx, dy) px, blurred (sigma px)."""
    shifted = alpha.transform(alpha.size, Image.Transform.AFFINE, (1, 0, -dx, 0, 1, -dy),
                              resample=Image.Resampling.BILINEAR)
    soft = gaussian_blur(shifted, blur)
    return solid_with_alpha(scale_alpha(soft, opacity), color)


def glow_layer(alpha: Image.Image, color: str, radius: float, strength: float) -> Image.Image:
    """An outer glow of ``alpha`` (RGBA, same size): the mask grown by radius / 3, blurred with
    sigma = radius / 2, scaled by ``strength``."""
    grown = dilate(alpha, radius / 3)
    soft = gaussian_blur(grown, radius / 2)
    return solid_with_alpha(scale_alpha(soft, strength), color)


def pad_image(im: Image.Image, pad: int) -> Image.Image:
    """``im`` with ``pad`` transparent px added on every side."""
    if pad <= 0:
        return im
    out = Image.new(im.mode, (im.width + 2 * pad, im.height + 2 * pad))
    out.paste(im, (pad, pad))
    return out
