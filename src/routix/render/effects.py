"""Alpha-mask effects shared by image, text and shape layers: outline, blur, shadow, glow.

All functions take and return 8-bit ``L`` masks or ``RGBA`` images of the same size; lengths
are in px (callers convert design fractions of canvas height to px).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image, ImageChops

from routix.render.colors import RGBA, parse_color

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


def _blur_array(a: np.ndarray, sigma: float, border: int) -> np.ndarray:
    """Gaussian blur (sigma px) of an HxW or HxWxC uint8 array; above 4 px sigma it runs on a
    k = sigma / 2 downscale (INTER_AREA) and is enlarged back bilinearly, which differs from the
    full-size blur by under one 8-bit level for the smooth results it is used for."""
    h, w = a.shape[:2]
    k = int(sigma / 2) if sigma > _DOWNSCALE_SIGMA else 1
    if k > 1 and min(h, w) // k >= 4:
        small = cv2.resize(a, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), sigma / k, borderType=border)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(a, (0, 0), sigma, borderType=border)


def gaussian_blur(alpha: Image.Image, sigma: float) -> Image.Image:
    """Gaussian blur of an L mask, standard deviation ``sigma`` px, zero outside (same size out)."""
    if sigma <= 0.3:
        return alpha
    return Image.fromarray(_blur_array(np.asarray(alpha), sigma, cv2.BORDER_CONSTANT), "L")


def dilate(alpha: Image.Image, radius: float) -> Image.Image:
    """Grow a mask by ``radius`` px with round corners and an anti-aliased edge.

    The distance of every pixel to the mask (alpha >= 50 %) is measured with OpenCV's 5x5 chamfer
    Euclidean distance transform (Borgefors 1986; error < 2 % of the distance); coverage =
    clip(radius + 0.5 - d, 0, 1). The result is max()-ed with the input so the original soft edge
    is kept under the outline.
    """
    if radius <= 0:
        return alpha
    return Image.fromarray(_dilate_array(np.asarray(alpha), radius), "L")


def _dilate_array(a: np.ndarray, radius: float) -> np.ndarray:
    """:func:`dilate` on an HxW uint8 array; float32 work is done in place (one HxW buffer)."""
    outside = cv2.threshold(a, 127, 1, cv2.THRESH_BINARY_INV)[1]  # 1 where alpha < 128
    dist: np.ndarray = cv2.distanceTransform(outside, cv2.DIST_L2, cv2.DIST_MASK_5)  # float32
    del outside
    np.subtract(radius + 1.0, dist, out=dist)
    dist *= 255.0
    dist += 0.5
    np.clip(dist, 0, 255, out=dist)
    grown = dist.astype(np.uint8)
    del dist
    return np.maximum(grown, a, out=grown)


def pad_needed(radius: float = 0.0, blur: float = 0.0, dx: float = 0.0, dy: float = 0.0) -> int:
    """Margin in px a sprite needs so a grow of ``radius``, a blur of sigma ``blur`` and an offset
    (dx, dy) stay inside it (3 sigma holds 99.7 % of a Gaussian)."""
    return int(math.ceil(radius + 3 * blur + max(abs(dx), abs(dy)))) + 2


def shadow_layer(alpha: Image.Image, color: str, opacity: float, dx: float, dy: float,
                 blur: float) -> Image.Image:
    """A drop shadow of ``alpha`` (RGBA, same size): offset by (dx, dy) rounded to whole px
    (keeps hard shadows crisp), blurred with sigma ``blur`` px."""
    ix, iy = round(dx), round(dy)
    shifted = Image.new("L", alpha.size, 0)
    shifted.paste(alpha, (ix, iy))
    soft = gaussian_blur(shifted, blur)
    return solid_with_alpha(scale_alpha(soft, opacity), color)


def glow_layer(alpha: Image.Image, color: str, radius: float, strength: float) -> Image.Image:
    """An outer glow of ``alpha`` (RGBA, same size): the mask grown by radius / 3, blurred with
    sigma = radius / 2, scaled by ``strength``.

    The glow is soft, so it is computed on a 1/k downscale of the mask (k = sigma / 4, area
    averaged) and enlarged bilinearly: the grow and the blur then cost k^2 less, and the result
    differs from the full-size one by a few 8-bit levels along the glow's smooth falloff.
    """
    sigma = radius / 2
    a = np.asarray(alpha)
    h, w = a.shape
    k = int(sigma / 4)
    if k > 1 and min(h, w) // k >= 4:
        small = cv2.resize(a, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(_dilate_array(small, radius / 3 / k), (0, 0), sigma / k,
                                 borderType=cv2.BORDER_CONSTANT)
        soft = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    else:
        soft = _blur_array(_dilate_array(a, radius / 3), sigma, cv2.BORDER_CONSTANT)
    return solid_with_alpha(scale_alpha(Image.fromarray(soft, "L"), strength), color)


def pad_image(im: Image.Image, pad: int) -> Image.Image:
    """``im`` with ``pad`` transparent px added on every side."""
    if pad <= 0:
        return im
    out = Image.new(im.mode, (im.width + 2 * pad, im.height + 2 * pad))
    out.paste(im, (pad, pad))
    return out


def gaussian_blur_rgb(image: Image.Image, sigma: float) -> Image.Image:
    """Gaussian blur of an RGB image, sigma in px, edges replicated (borders do not darken)."""
    if sigma <= 0.3:
        return image
    return Image.fromarray(_blur_array(np.asarray(image), sigma, cv2.BORDER_REPLICATE), image.mode)


def scale_alpha_to(alpha: Image.Image, color: str) -> Image.Image:
    """``alpha`` x the alpha of ``color`` (#RRGGBBAA; unchanged for opaque colours)."""
    return scale_alpha(alpha, parse_color(color)[3] / 255)


def over(dst: Image.Image, src: Image.Image) -> Image.Image:
    """Porter-Duff "over" of ``src`` on ``dst`` (same-size RGBA, non-premultiplied), in place.

    alpha = a_s + a_d (1 - a_s) ("screen" of the alphas); colour = lerp(c_d, c_s, a_s / alpha),
    which equals (c_s a_s + c_d a_d (1 - a_s)) / alpha. Done as one masked paste, several times
    faster than ``Image.alpha_composite`` in this Pillow build.
    """
    sa, da = src.getchannel("A"), dst.getchannel("A")
    alpha = ImageChops.screen(sa, da)
    weight = cv2.divide(np.asarray(sa), np.asarray(alpha), scale=255)
    dst.paste(src, (0, 0), Image.fromarray(weight, "L"))
    dst.putalpha(alpha)
    return dst


def stack(images: list[Image.Image]) -> Image.Image:
    """Porter-Duff "over" of same-size RGBA images, first at the bottom (the first is reused)."""
    out = images[0]
    for im in images[1:]:
        over(out, im)
    return out
