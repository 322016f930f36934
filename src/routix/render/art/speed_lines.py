"""speed_lines: sports energy - tapered diagonal motion streaks with glowing heads racing
across a dark gradient, with a calmer band through the middle."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="speed_lines",
    description="Fast diagonal motion streaks and light trails racing across a dark background, full of sporty energy.",
    keywords=["speed", "fast", "motion", "race", "racing", "car", "run", "sport", "fitness", "workout", "gym",
              "energy", "action", "dash", "sprint", "velocity", "challenge"],
    default_palette=["#FF3B30", "#FFCC00", "#FFFFFF", "#0A0A14"],
    energy=8,
    categories=["fitness", "gaming", "tech", "reaction", "music", "news"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Streaks at -12..-28 degrees,
    0.15-1.1 units long; fewer and fainter within 0.12 units of the centre line."""
    cols = [vivid(c) for c in pal.accents(3)]
    weights = np.array([0.55, 0.3, 0.15])
    dark = pal.dark(0.07)
    ang = math.radians(rng.uniform(12, 28)) * -1.0
    ux, uy = math.cos(ang), math.sin(ang)
    nx, ny = -uy, ux  # normal to the motion
    cx, cy = cv.at(0.5, 0.5)

    base = cv.fill(dark * 0.6)
    across = (cv.X - cx) * nx + (cv.Y - cy) * ny  # signed distance from the centre line
    base += (mix(dark, cols[0], 0.45) * 0.9)[None, None, :] * np.exp(-(across / 0.35) ** 2)[..., None]

    glow = cv.glow()
    sharp = cv.sharp()
    half = math.hypot(cv.span_x, cv.span_y) / 2 + 0.2
    for _ in range(int(60 + 120 * intensity)):
        off = rng.uniform(-half, half)
        if abs(off) < 0.12 and rng.random() < 0.7:
            off = math.copysign(0.12 + abs(off), off)  # push most streaks out of the title band
        along = rng.uniform(-half, half)
        length = rng.uniform(0.15, 1.1)
        w = rng.uniform(0.0015, 0.009) * (0.7 + 0.6 * intensity)
        col = cols[int(rng.choice(3, p=weights))]
        alpha = rng.uniform(0.35, 1.0) * (0.5 if abs(off) < 0.12 else 1.0)
        hx, hy = cx + ux * along + nx * off, cy + uy * along + ny * off  # head (front)
        tx, ty = hx - ux * length, hy - uy * length  # tail
        quad = np.array([[hx + nx * w, hy + ny * w], [hx - nx * w, hy - ny * w], [tx, ty]])
        sharp.polygon(quad, lighten(col, 0.25), alpha=alpha)
        glow.polygon(quad, col * alpha)
        if w > 0.006:
            sharp.circle((hx, hy), w * 1.1, lighten(col, 0.7), alpha=alpha)
            glow.circle((hx, hy), w * 2.5, col * 1.2 * alpha)
    base += glow.blurred(0.012) * (0.8 + 0.9 * intensity)
    cv.vignette(base, 0.5)
    img = cv.finish(soft_clip(base), grain=0.018)
    return sharp.add(img)
