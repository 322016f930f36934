"""One frame: every plate drawn at its pose onto an opaque canvas, bottom first.

A plate is placed by one affine warp of its premultiplied pixels (OpenCV, bilinear) into the
part of the canvas it covers, then blended with premultiplied "over"; a plate at rest and at its
native scale is blended as is (no resampling, so a still title is pixel-identical to the
thumbnail's). Opacity and typed-in characters scale the premultiplied pixels. The design's
vignette, fixed to the screen, multiplies the finished frame.

Frames are h x w x 4 arrays (RGB + a scratch channel): four channels keep OpenCV on its fast
paths.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from routix.animate.plates import Plate, over
from routix.animate.poses import Pose, affine


def _revealed(plate: Plate, reveal: float) -> np.ndarray:
    """The plate's pixels with only the first ``reveal`` characters showing (the one being
    typed fades in with the fractional part)."""
    assert plate.order is not None
    weight = np.clip(reveal - plate.order, 0.0, 1.0)
    w8 = (weight * 255 + 0.5).astype(np.uint8)
    return cv2.multiply(plate.pixels, cv2.merge((w8, w8, w8, w8)), scale=1 / 255)


def draw(canvas: np.ndarray, plate: Plate, pose: Pose, *, first: bool = False) -> None:
    """Draw ``plate`` at ``pose`` onto ``canvas`` in place. ``first``: nothing is drawn yet (the
    canvas is black), where "over" of premultiplied colour is a plain copy."""
    if pose.opacity <= 0.0:
        return
    src = plate.pixels
    if pose.reveal is not None and plate.order is not None and pose.reveal < plate.chars:
        if pose.reveal <= 0:
            return
        src = _revealed(plate, pose.reveal)
    if pose.opacity < 1.0:
        src = cv2.convertScaleAbs(src, alpha=pose.opacity)
    ch, cw = canvas.shape[:2]
    h, w = src.shape[:2]
    m = affine(pose, plate.origin, plate.scale_xy)
    ax, ay, bx, by = m[0, 0], m[1, 1], m[0, 2], m[1, 2]
    native = (abs(ax - 1) < 1e-9 and abs(ay - 1) < 1e-9 and abs(bx - round(bx)) < 1e-3
              and abs(by - round(by)) < 1e-3)
    if native:  # whole-pixel placement: no resampling
        bx, by = round(bx), round(by)
    x0, y0 = max(0, math.floor(bx)), max(0, math.floor(by))
    x1, y1 = min(cw, math.ceil(ax * w + bx)), min(ch, math.ceil(ay * h + by))
    if x1 <= x0 or y1 <= y0:
        return
    region = canvas[y0:y1, x0:x1]
    if native:
        ox, oy = int(bx), int(by)
        part = src[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
        if first:
            region[:] = part
        else:
            over(region, part)
        return
    # pixel-centre convention: output index = a (i + 0.5) + b - 0.5
    mi = np.array([[ax, 0.0, bx + 0.5 * ax - 0.5 - x0], [0.0, ay, by + 0.5 * ay - 0.5 - y0]])
    border = cv2.BORDER_REPLICATE if plate.opaque else cv2.BORDER_CONSTANT
    if first:  # straight into the canvas
        cv2.warpAffine(src, mi, (x1 - x0, y1 - y0), dst=region, flags=cv2.INTER_LINEAR, borderMode=border,
                       borderValue=(0, 0, 0, 0))
        return
    part = cv2.warpAffine(src, mi, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderMode=border,
                          borderValue=(0, 0, 0, 0))
    over(region, part)


def compose(canvas: np.ndarray, plates: list[Plate], poses: list[Pose], vignette: np.ndarray | None) -> np.ndarray:
    """Fill ``canvas`` (h x w x 4 uint8) with the frame: black, then every plate at its pose,
    then the vignette gain (h x w x 4, 255 = 1) when given. Returns ``canvas``.

    The colour channels are the frame; the fourth channel is scratch (not an alpha to use).
    An opaque bottom plate covers the whole canvas at every pose (the clip keeps it so), so
    the canvas is only cleared when the bottom plate is not opaque or not drawn."""
    first, first_pose = plates[0], poses[0]
    if not first.opaque or first_pose.opacity <= 0.0:
        canvas.fill(0)
    for k, (plate, pose) in enumerate(zip(plates, poses, strict=True)):
        draw(canvas, plate, pose, first=k == 0)
    if vignette is not None:
        cv2.multiply(canvas, vignette, dst=canvas, scale=1 / 255)
    return canvas


__all__ = ["compose", "draw"]
