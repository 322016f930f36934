"""Global adjustments on the flattened image: brightness, contrast, saturation, vignette,
sharpen (applied in that order).

The first four are per-pixel affine maps of colour (the vignette's gain depends only on the
pixel's position), so they commute with "normal" alpha compositing
(f(a F + (1 - a) B) = a f(F) + (1 - a) f(B) for affine f): applying them to each layer's crop
gives the same composite as applying them to the flattened image, up to 8-bit clipping. The
PSD export relies on this (:func:`adjust_layer`). Sharpening is a neighbourhood operation and
only ever applies to the flattened image.

Formulas (as in Pillow's ``ImageEnhance``): brightness x' = b x; contrast
x' = m + c (x - m) with m the mean luma of the brightened image; saturation
x' = Y + s (x - Y) with Y the pixel's luma (ITU-R 601); vignette x' = x g(r),
g = 1 - v smoothstep(0.4, 1, r), r the elliptical distance from the centre (1 at the corners);
sharpen: unsharp mask x' = x + 1.5 s (x - G(x)), G a Gaussian of sigma = canvas height / 720 px.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageStat

from routix.design import Adjustments
from routix.render.memo import CanvasMemo


def is_neutral(adj: Adjustments, *, ignore_sharpen: bool = False) -> bool:
    """True when the adjustments leave every pixel unchanged."""
    return (adj.brightness == 1.0 and adj.contrast == 1.0 and adj.saturation == 1.0
            and adj.vignette == 0.0 and (ignore_sharpen or adj.sharpen == 0.0))


def contrast_mean(image: Image.Image, adj: Adjustments) -> float:
    """The contrast pivot m: mean luma (0..255) of the flattened RGB ``image`` x brightness."""
    if adj.contrast == 1.0:
        return 128.0
    return min(255.0, ImageStat.Stat(image.convert("L")).mean[0] * adj.brightness)


def _tone_lut(adj: Adjustments, mean: float) -> list[int]:
    x = np.arange(256, dtype=np.float64)
    x = np.clip(x * adj.brightness, 0, 255)
    x = np.clip(mean + adj.contrast * (x - mean), 0, 255)
    return np.rint(x).astype(np.uint8).tolist() * 3


def _saturation_matrix(s: float) -> np.ndarray:
    """3x3 colour matrix of x' = Y + s (x - Y) = s x + (1 - s) Y, Y = ITU-R 601 luma of x: one
    pass of ``cv2.transform`` (rounded, saturated) instead of grey conversion plus blend."""
    luma = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (s * np.eye(3, dtype=np.float32) + (1 - s) * luma[None, :]).astype(np.float32)


def _saturate(rgb: Image.Image, s: float) -> Image.Image:
    """Saturation ``s`` of an RGB image, in bands of 256 rows so the numpy copies stay small."""
    m = _saturation_matrix(s)
    w, h = rgb.size
    out = Image.new("RGB", rgb.size)
    for y in range(0, h, 256):
        band = np.asarray(rgb.crop((0, y, w, min(h, y + 256))))
        out.paste(Image.fromarray(cv2.transform(band, m), "RGB"), (0, y))
    return out


def _vignette_gain(size: tuple[int, int], strength: float) -> np.ndarray:
    """The vignette gain map g for a canvas of ``size`` (w, h) px: (h, w, 3) uint8, 255 = 1.0,
    read-only and shared (memoised as ``vignette_gain``: the last 8 small canvases' maps, the
    last big one's)."""
    w, h = size
    sw, sh = max(8, w // 8), max(8, h // 8)  # smooth: computed at 1/8 and enlarged
    xs = (np.arange(sw, dtype=np.float32) + 0.5) / sw * 2 - 1
    ys = (np.arange(sh, dtype=np.float32) + 0.5) / sh * 2 - 1
    r = np.sqrt(xs[None, :] ** 2 + ys[:, None] ** 2) / np.sqrt(2)
    t = np.clip((r - 0.4) / 0.6, 0, 1)
    g = 1 - strength * t * t * (3 - 2 * t)
    small = np.clip(g * 255 + 0.5, 0, 255).astype(np.uint8)
    gain = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    gain = np.repeat(gain[:, :, None], 3, axis=2)
    gain.setflags(write=False)
    return gain


vignette_gain = CanvasMemo(_vignette_gain, small=8)


def adjust_colors(rgb: Image.Image, adj: Adjustments, mean: float, offset: tuple[int, int],
                  canvas: tuple[int, int]) -> Image.Image:
    """Brightness, contrast, saturation and vignette on an RGB region placed at ``offset``
    (left, top) px of a ``canvas`` (w, h) px; ``mean`` from :func:`contrast_mean`."""
    out = rgb
    if adj.brightness != 1.0 or adj.contrast != 1.0:
        out = out.point(_tone_lut(adj, mean))
    if adj.saturation != 1.0:
        out = _saturate(out, adj.saturation)
    if adj.vignette > 0:
        l, t = offset
        gain = vignette_gain(canvas, adj.vignette)[t:t + out.height, l:l + out.width]
        out = Image.fromarray(cv2.multiply(np.asarray(out), gain, scale=1 / 255), "RGB")
    return out


def sharpen(rgb: Image.Image, amount: float) -> Image.Image:
    """Unsharp mask of strength ``amount`` (0..1), sigma = image height / 720 px."""
    if amount <= 0:
        return rgb
    a = np.asarray(rgb)
    blurred = cv2.GaussianBlur(a, (0, 0), max(0.8, rgb.height / 720))
    k = 1.5 * amount
    return Image.fromarray(cv2.addWeighted(a, 1 + k, blurred, -k, 0), "RGB")


def apply_adjustments(rgb: Image.Image, adj: Adjustments) -> Image.Image:
    """All adjustments on the flattened RGB image (identity when :func:`is_neutral`)."""
    if is_neutral(adj):
        return rgb
    out = adjust_colors(rgb, adj, contrast_mean(rgb, adj), (0, 0), rgb.size)
    return sharpen(out, adj.sharpen)


def adjust_layer(rgba: Image.Image, adj: Adjustments, mean: float, offset: tuple[int, int],
                 canvas: tuple[int, int]) -> Image.Image:
    """The colour adjustments baked into one layer's RGBA (or opaque RGB) crop, alpha kept; see
    module doc. Returns a new image (the input is not modified), or the input when neutral."""
    if is_neutral(adj, ignore_sharpen=True):
        return rgba
    if rgba.mode == "RGB":
        return adjust_colors(rgba, adj, mean, offset, canvas)
    out = adjust_colors(rgba.convert("RGB"), adj, mean, offset, canvas)
    out.putalpha(rgba.getchannel("A"))
    return out
