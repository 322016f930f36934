"""A layer's pixels before compositing: an RGBA sprite at a canvas offset, plus its core mask.

Every painter returns a :class:`Sprite`; :func:`finish` rotates it, clips it to the canvas
and measures the box of what the layer drew.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from routix.render.raster import rotate_about

PxBox = tuple[int, int, int, int]
"""(left, top, right, bottom) in canvas px, right/bottom exclusive."""

#: Alpha at or above which a pixel counts as drawn when measuring a layer's box (50 %).
OPAQUE = 128


@dataclass
class Sprite:
    """RGBA pixels (or fully opaque RGB ones, which come with ``core_box``) placed at
    (left, top) canvas px (may be negative or past the canvas).

    ``core`` is an ``L`` mask of the same size marking the layer's body (text incl. stroke,
    image incl. outline, shape incl. stroke) without shadow or glow; ``core_box`` may give
    that body's box directly (sprite px) when it is known without measuring the mask.
    """

    image: Image.Image
    left: int
    top: int
    core: Image.Image | None = None
    core_box: PxBox | None = None


def opaque_bbox(mask: Image.Image) -> PxBox | None:
    """Bounding box (l, t, r, b) of the pixels with alpha >= 50 %, or None when there are none."""
    a = np.asarray(mask) >= OPAQUE
    rows = np.flatnonzero(a.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(a.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def rotate_sprite(sprite: Sprite, degrees: float, pivot: tuple[float, float]) -> Sprite:
    """The sprite rotated ``degrees`` counter-clockwise about the canvas point ``pivot``."""
    if degrees % 360 == 0:
        return sprite
    image, left, top = rotate_about(sprite.image, sprite.left, sprite.top, degrees, pivot)
    core = None
    if sprite.core is not None:
        core, _, _ = rotate_about(sprite.core, sprite.left, sprite.top, degrees, pivot)
    return Sprite(image, left, top, core)


def finish(sprite: Sprite, canvas: tuple[int, int]) -> tuple[Image.Image, tuple[int, int], PxBox | None]:
    """Clip a sprite to the canvas -> (RGBA or RGB crop, (left, top) offset, drawn box in canvas px).

    The crop is empty-proof: a sprite entirely off canvas becomes a 1x1 transparent image at
    (0, 0) with box None.
    """
    cw, ch = canvas
    l0, t0 = max(sprite.left, 0), max(sprite.top, 0)
    r0 = min(sprite.left + sprite.image.width, cw)
    b0 = min(sprite.top + sprite.image.height, ch)
    if r0 <= l0 or b0 <= t0:
        return Image.new("RGBA", (1, 1)), (0, 0), None
    crop = (l0 - sprite.left, t0 - sprite.top, r0 - sprite.left, b0 - sprite.top)
    image = sprite.image if crop == (0, 0, *sprite.image.size) else sprite.image.crop(crop)
    inner: PxBox | None
    if sprite.core_box is not None:
        inner = sprite.core_box
    elif sprite.core is not None:
        inner = opaque_bbox(sprite.core)
    else:
        inner = opaque_bbox(sprite.image.getchannel("A"))
    box = None
    if inner is not None:
        l, t = max(inner[0] + sprite.left, 0), max(inner[1] + sprite.top, 0)
        r, b = min(inner[2] + sprite.left, cw), min(inner[3] + sprite.top, ch)
        if r > l and b > t:
            box = (l, t, r, b)
    return image, (l0, t0), box
