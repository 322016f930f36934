"""Alpha-mask effects: the in-place grow and the downscaled glow match their full-size definitions."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from routix.render.effects import dilate, glow_layer


def disc_mask(size=(400, 300), box=(120, 80, 280, 220)):
    im = Image.new("L", size, 0)
    ImageDraw.Draw(im).ellipse(box, fill=255)
    return im


def test_dilate_matches_its_formula():
    a = np.asarray(disc_mask())
    radius = 7.5
    dist = cv2.distanceTransform((a < 128).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5)
    expected = np.maximum(np.clip((radius + 1.0 - dist) * 255.0 + 0.5, 0, 255).astype(np.uint8), a)
    assert np.array_equal(np.asarray(dilate(Image.fromarray(a), radius)), expected)


@pytest.mark.parametrize("radius", [40.0, 90.0])
def test_downscaled_glow_matches_the_full_size_glow(radius):
    """The glow (mask grown by radius / 3, blurred with sigma radius / 2) is computed on a
    downscaled mask; it must stay within a few 8-bit levels of an exact full-size, float blur."""
    mask = disc_mask()
    glow = glow_layer(mask, "#FF8000", radius, 0.8)
    assert glow.mode == "RGBA" and glow.size == mask.size
    assert glow.getpixel((10, 10))[:3] == (255, 128, 0)
    grown = np.asarray(dilate(mask, radius / 3), dtype=np.float32)
    full = cv2.GaussianBlur(grown, (0, 0), radius / 2, borderType=cv2.BORDER_CONSTANT) * 0.8
    got = np.asarray(glow.getchannel("A"), dtype=float)
    assert np.abs(got - full).mean() < 1.5 and np.abs(got - full).max() <= 10
    assert got[150, 200] > 150 and got[150, 395] < got[150, 300]  # bright at the body, fading out
