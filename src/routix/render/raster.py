"""Fast RGBA resampling (OpenCV on premultiplied alpha) and the pixel-grid geometry of sprites.

Pillow 13's resampling is several times slower than OpenCV's on this kind of machine, so
resizes and rotations go through OpenCV. Colour is premultiplied by alpha before any
interpolation (Porter & Duff 1984) so transparent pixels never bleed dark or stray colour
into edges, then un-premultiplied.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image


def _premultiplied(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("RGBA").convert("RGBa"))


def _from_premultiplied(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(arr), "RGBa").convert("RGBA")


def _interpolation(src: tuple[int, int], dst: tuple[int, int]) -> int:
    """Area averaging when shrinking below half size (alias-free), bicubic otherwise."""
    return cv2.INTER_AREA if dst[0] * 2 < src[0] or dst[1] * 2 < src[1] else cv2.INTER_CUBIC


def resize_rgba(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize an RGBA (or RGB/L) image to ``size`` (w, h) px -> RGBA.

    Area averaging below half size, bicubic otherwise (see :func:`_interpolation`).
    """
    w, h = max(1, size[0]), max(1, size[1])
    if (w, h) == im.size:
        return im.convert("RGBA")
    interp = _interpolation(im.size, (w, h))
    return _from_premultiplied(cv2.resize(_premultiplied(im), (w, h), interpolation=interp))


def resize_rgb(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize an opaque image to ``size`` (w, h) px -> RGB (interpolation as :func:`resize_rgba`)."""
    w, h = max(1, size[0]), max(1, size[1])
    rgb = im.convert("RGB")
    if (w, h) == rgb.size:
        return rgb
    interp = _interpolation(rgb.size, (w, h))
    return Image.fromarray(cv2.resize(np.asarray(rgb), (w, h), interpolation=interp), "RGB")


def rotated_bounds(size: tuple[int, int], degrees: float) -> tuple[int, int]:
    """Size (w, h) px of the box that holds a ``size`` rectangle rotated by ``degrees``."""
    a = math.radians(degrees)
    c, s = abs(math.cos(a)), abs(math.sin(a))
    w, h = size
    return int(math.ceil(w * c + h * s - 1e-6)), int(math.ceil(w * s + h * c - 1e-6))


def rotate_about(im: Image.Image, left: float, top: float, degrees: float,
                 pivot: tuple[float, float]) -> tuple[Image.Image, int, int]:
    """Rotate an image placed at (left, top) canvas px by ``degrees`` counter-clockwise about the
    canvas point ``pivot``; returns (rotated image, new left, new top), the image grown to hold
    every rotated pixel. Works for ``RGBA`` (premultiplied bilinear) and ``L``.
    """
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    px, py = pivot
    # forward map on screen (y down), counter-clockwise: x' = c x + s y, y' = -s x + c y
    corners = [(left, top), (left + im.width, top), (left, top + im.height),
               (left + im.width, top + im.height)]
    xs = [px + c * (x - px) + s * (y - py) for x, y in corners]
    ys = [py - s * (x - px) + c * (y - py) for x, y in corners]
    nl, nt = math.floor(min(xs)), math.floor(min(ys))
    nw, nh = math.ceil(max(xs)) - nl, math.ceil(max(ys)) - nt
    # forward affine from source-image px to destination-image px
    m = np.array([
        [c, s, px - c * px - s * py + c * left + s * top - nl],
        [-s, c, py + s * px - c * py - s * left + c * top - nt],
    ])
    # OpenCV samples pixel centres; the continuous map above is centre-consistent up to a shift:
    m[:, 2] += m[:, 0] * 0.5 + m[:, 1] * 0.5 - 0.5
    if im.mode == "L":
        out = cv2.warpAffine(np.asarray(im), m, (nw, nh), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        return Image.fromarray(out, "L"), nl, nt
    out = cv2.warpAffine(_premultiplied(im), m, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
    return _from_premultiplied(out), nl, nt
