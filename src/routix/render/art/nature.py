"""nature: a calm green landscape - soft sky with a hazy sun, rolling hills fading into the
distance and a pine treeline on the nearest hill, with floating pollen in the light."""

from __future__ import annotations

import cv2
import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, ramp, shade, to_hsv
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="nature",
    description="Calm green landscape of rolling hills fading into haze under a soft sky, with a pine treeline.",
    keywords=["nature", "forest", "tree", "hill", "green", "outdoor", "hiking", "park", "garden", "plant",
              "meadow", "wellness", "mindfulness", "eco", "earth"],
    default_palette=["#4CAF50", "#A5D6A7", "#87CEEB", "#FFE082"],
    energy=3,
    categories=["wellness", "travel", "vlog", "education", "fitness", "science"],
)


def _hill(rng: np.random.Generator, span_x: float, base_y: float, amp: float, waves: int) -> np.ndarray:
    """Smooth hill profile (n, 2) in units around ``base_y`` with ``waves`` gentle bumps."""
    lat = rng.random((1, waves + 3)).astype(np.float32)
    prof = cv2.resize(lat, (200, 1), interpolation=cv2.INTER_CUBIC)[0]
    xs = np.linspace(-0.05, span_x + 0.05, 200)
    return np.stack([xs, base_y - amp * np.clip(prof, 0, 1.2)], axis=1)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Four hill layers between 45 % and
    95 % of the height; the sun haze sits in the upper half."""
    green = pal[0]
    h, s, v = to_hsv(green)
    sky_col = pal[2] if len(pal) > 2 else lighten(pal[1], 0.3)
    sun_col = pal[3] if len(pal) > 3 else lighten(green, 0.8)
    sky = ramp([(0.0, mix(sky_col, green, 0.15)), (0.6, lighten(sky_col, 0.35)), (1.0, lighten(sun_col, 0.5))])
    base = cv.vertical(sky, 0.0, cv.span_y * 0.7)
    sx, sy = cv.at(rng.uniform(0.25, 0.75), rng.uniform(0.15, 0.4))
    r = cv.radius(sx, sy)
    base += (np.exp(-r / 0.35) * (0.35 + 0.3 * intensity))[..., None] * lighten(sun_col, 0.4)[None, None, :]
    base += (np.exp(-(r / 0.06) ** 2) * 0.6)[..., None] * np.ones(3, np.float32)
    clouds = np.clip(cv.noise(rng, 1.5, octaves=4, stretch=3.0) * 1.6 - 0.2, 0, 1) * (cv.span_y * 0.5 > cv.Y)
    base = base * (1 - 0.35 * clouds[..., None]) + 0.35 * clouds[..., None] * np.ones(3, np.float32)
    img = cv.finish(soft_clip(base), grain=0.015)

    layers = 4
    for i in range(layers):
        t = i / (layers - 1)
        base_y = cv.span_y * (0.52 + 0.14 * i)
        hill = _hill(rng, cv.span_x, base_y, 0.06 + 0.04 * i, 2 + i)
        # far hills are hazy (toward the sky), near ones deep and saturated
        col = mix(lighten(sky_col, 0.3), shade(green, 0.3 + 0.5 * v * (1 - 0.5 * t), 0.6 + 0.4 * t), 0.35 + 0.65 * t)
        layer = cv.sharp()
        layer.polygon(np.vstack([hill, [[cv.span_x + 0.05, cv.span_y + 0.05], [-0.05, cv.span_y + 0.05]]]), col)
        if i == layers - 2:  # pines on the second-nearest hill
            for x in np.sort(rng.uniform(0, cv.span_x, int(18 + 20 * intensity))):
                y = float(np.interp(x, hill[:, 0], hill[:, 1])) + 0.01
                th = rng.uniform(0.06, 0.12)
                w = th * 0.32
                layer.polygon(np.array([[x, y - th], [x + w, y], [x - w, y]]), shade(green, 0.22, 0.9))
        layer.over(img)
    dust = cv.sharp()
    for _ in range(int(10 + 20 * intensity)):
        x, y = rng.uniform(0, cv.span_x), rng.uniform(0.1, cv.span_y * 0.8)
        dust.circle((x, y), rng.uniform(0.002, 0.005), lighten(sun_col, 0.6), alpha=rng.uniform(0.2, 0.6))
    return dust.add(img)
