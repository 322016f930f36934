"""sunset: a travel sky - warm gradient, low sun with glow, lit streaky clouds and layered
mountain silhouettes fading into haze, sometimes over a sea that reflects the sun."""

from __future__ import annotations

import cv2
import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, ramp, shade, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="sunset",
    description=(
        "Golden-hour landscape: glowing sun low in a warm sky, lit clouds, and layered mountain or sea silhouettes."
    ),
    keywords=["sunset", "sunrise", "travel", "mountain", "beach", "sea", "ocean", "adventure", "nature", "sky",
              "vacation", "trip", "landscape", "hike", "island", "summer"],
    default_palette=["#FF7A3D", "#FF3D7F", "#6A1B9A", "#1A0B3B"],
    energy=4,
    categories=["travel", "vlog", "music", "podcast", "fitness"],
)


def _ridge(rng: np.random.Generator, span_x: float, base_y: float, amp: float, roughness: int) -> np.ndarray:
    """Ridge polyline (n, 2) in units: smooth random peaks of height up to ``amp`` above ``base_y``."""
    lat = rng.random((1, roughness + 3)).astype(np.float32)
    fine = rng.random((1, roughness * 5 + 3)).astype(np.float32)
    n = 240
    prof = cv2.resize(lat, (n, 1), interpolation=cv2.INTER_CUBIC)[0]
    prof = prof + 0.22 * cv2.resize(fine, (n, 1), interpolation=cv2.INTER_LINEAR)[0]
    xs = np.linspace(-0.02, span_x + 0.02, n)
    return np.stack([xs, base_y - amp * np.clip(prof, 0, 1.3)], axis=1)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Horizon at 62-70 % of the height,
    sun (radius 0.07-0.1 units) just above it at 25-75 % of the width."""
    sun_col, mid, high = vivid(pal[0]), vivid(pal[1], 0.5, 0.8), pal[2]
    top = pal.dark(0.12) if len(pal) > 3 else shade(pal[2], 0.15)
    hy = cv.span_y * rng.uniform(0.62, 0.7)
    sx, sy = cv.span_x * rng.uniform(0.25, 0.75), hy - rng.uniform(0.06, 0.14)
    sun_r = rng.uniform(0.07, 0.1)

    sky = ramp([(0.0, top), (0.4, mix(top, high, 0.7)), (0.62, mix(high, mid, 0.6)),
                (0.8, mix(mid, sun_col, 0.65)), (1.0, lighten(sun_col, 0.35))])
    base = cv.vertical(sky, 0.0, hy)
    r = cv.radius(sx, sy)
    base += (sun_col * (0.55 + 0.4 * intensity))[None, None, :] * np.exp(-r / 0.3)[..., None]
    base += lighten(sun_col, 0.5)[None, None, :] * (0.5 * np.exp(-r / 0.07))[..., None]
    disc = np.clip((sun_r - r) * cv.k + 0.5, 0.0, 1.0)[..., None]
    base = base * (1 - disc) + disc * (lighten(vivid(sun_col, 0.5, 1.0), 0.6) * 1.8)[None, None, :]

    # streaky clouds: bright on the sun side, purple underneath
    n = cv.noise(rng, 2.0, octaves=4, stretch=5.0)
    band = np.clip(1.0 - np.abs(cv.Y - hy * 0.45) / (hy * 0.45), 0, 1)
    dens = np.clip(n * 2.2 - 0.15, 0, 1) * band * (0.5 + 0.5 * intensity)
    lit = np.exp(-r / 0.6)[..., None]
    cloud = mix(high, mid, 0.5)[None, None, :] * (1 - lit) + lighten(sun_col, 0.4)[None, None, :] * lit
    base = base * (1 - 0.75 * dens[..., None]) + cloud * (0.75 * dens[..., None])

    sea = bool(rng.random() < 0.4)
    if sea:
        below = cv.Y[:, 0] >= hy
        depth = np.clip((cv.Y[below] - hy) / (cv.span_y - hy), 0, 1)
        water = mix(high, top, 0.5) * 0.8
        base[below] = water[None, None, :] * (1 - 0.5 * depth[..., None]) + mid * 0.25 * (1 - depth[..., None])
        ripple = cv.noise(rng, 3.0, octaves=3, stretch=12.0)
        glint = np.exp(-np.abs(cv.X - sx) / (0.05 + 0.25 * np.clip(cv.Y - hy, 0, 1))) * (hy <= cv.Y)
        base += (lighten(sun_col, 0.4) * 1.0)[None, None, :] * (glint * np.clip(ripple * 2.5 + 0.2, 0, 1))[..., None]

    cv.vignette(base, 0.45, sx / cv.span_x, 0.5)
    img = cv.finish(soft_clip(base), grain=0.018)

    # mountain layers: far = hazy (close to the horizon colour), near = dark and saturated
    layers = 1 if sea else 3
    for i in range(layers):
        t = (i + 1) / layers
        base_y = hy + (0.0 if sea else 0.07 * i)
        amp = (0.06 if sea else 0.09 + 0.05 * i) * (0.8 + 0.4 * intensity)
        ridge = _ridge(rng, cv.span_x, base_y, amp, 4 + 3 * (layers - i))
        col = mix(mix(mid, sun_col, 0.35) * 0.85, mix(top, high, 0.3) * 0.6, t ** 0.8)
        layer = cv.sharp()
        layer.polygon(np.vstack([ridge, [[cv.span_x + 0.05, cv.span_y + 0.05 if not sea else hy + 0.003],
                                         [-0.05, cv.span_y + 0.05 if not sea else hy + 0.003]]]), col)
        layer.over(img)
    return img
