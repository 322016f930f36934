"""soft_mesh: a calm, smooth multi-colour mesh gradient with gentle swirls and film grain."""

from __future__ import annotations

import cv2
import numpy as np

from routix.render.art.canvas import Canvas
from routix.render.art.colors import Palette, mix, shade, to_hsv
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="soft_mesh",
    description="Calm, smooth mesh gradient of soft blended colours with gentle swirls and fine film grain.",
    keywords=["calm", "soft", "gradient", "minimal", "pastel", "clean", "relax", "chill", "mesh", "aesthetic",
              "interview", "talk", "podcast", "meditation", "wellness", "study"],
    default_palette=["#7B61FF", "#FF7EB3", "#FFC46B", "#3DDBD9"],
    energy=2,
    categories=["podcast", "tutorial", "education", "beauty", "tech", "vlog", "finance", "wellness"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Five to seven colour blobs
    (radius 0.35-0.7 units) blended by Gaussian weights over a domain-warped plane; the
    first palette colour owns two blobs and the largest share."""
    cols = [pal[i] for i in range(max(3, min(len(pal), 5)))]
    n = int(rng.integers(5, 8))
    owners = [0, 0] + [1 + int(i) for i in rng.integers(0, len(cols) - 1, n - 2)]
    # domain warp: displace sample coordinates by low-frequency noise for organic swirls
    wx = cv.noise(rng, 1.2, octaves=2) * (0.25 + 0.2 * intensity)
    wy = cv.noise(rng, 1.2, octaves=2) * (0.25 + 0.2 * intensity)
    X, Y = cv.X + wx, cv.Y + wy
    acc = np.zeros((cv.wh, cv.ww, 3), np.float32)
    wsum = np.full((cv.wh, cv.ww), 1e-6, np.float32)
    for i, owner in enumerate(owners):
        px, py = cv.at(rng.uniform(-0.1, 1.1), rng.uniform(-0.1, 1.1))
        rad = rng.uniform(0.35, 0.7) * (1.25 if i < 2 else 1.0)
        w = np.exp(-3.0 * ((X - px) ** 2 + (Y - py) ** 2) / (rad * rad))
        c = cols[owner]
        v = to_hsv(c)[2]
        c = shade(c, min(1.0, max(v, 0.55) * (0.8 + 0.2 * intensity)), 0.8 + 0.3 * intensity)
        acc += w[..., None] * c[None, None, :]
        wsum += w
    base: np.ndarray = acc / wsum[..., None]
    # blending distant hues greys them: restore saturation (HSV S channel x 1.25)
    hsv = cv2.cvtColor(base, cv2.COLOR_RGB2HSV)
    hsv[..., 1] = np.minimum(hsv[..., 1] * 1.25, 1.0)
    base = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    # a soft darker shade pooling in one corner adds depth without hurting legibility
    corner = cv.at(*(rng.choice([0.0, 1.0], 2)))
    shadow = np.exp(-cv.radius(*corner) / 0.8)
    base = base * (1 - 0.35 * shadow[..., None]) + 0.35 * shadow[..., None] * mix(cols[0], np.zeros(3, np.float32), 0.7)
    cv.vignette(base, 0.25)
    return cv.finish(base, grain=0.035)
