"""starfield: deep space - coloured nebula clouds, a dense field of stars, a few glowing stars
with diffraction spikes and sometimes a planet's lit limb rising from a corner."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, smoothstep, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="starfield",
    description="Deep space with glowing nebula clouds, a dense field of stars and sometimes the lit edge of a planet.",
    keywords=["space", "star", "galaxy", "nebula", "universe", "cosmos", "planet", "astronomy", "rocket",
              "astronaut", "nasa", "science", "alien", "ufo", "telescope"],
    default_palette=["#7C4DFF", "#00B8D4", "#05060F", "#E1F5FE"],
    energy=4,
    categories=["science", "education", "music", "tech", "gaming"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The nebula follows a soft diagonal
    band through the canvas; a planet (radius 0.5-0.8 units) sits in a bottom corner on 55 %
    of seeds; 350-900 stars, 3-6 of them bright with spikes."""
    neb_a, neb_b = vivid(pal[0], 0.6, 0.8), vivid(pal[1], 0.5, 0.7)
    dark = pal.dark(0.04)
    base = cv.fill(dark * 0.8)

    # nebula: two noise clouds masked by a diagonal band, the first colour leading
    angle = rng.uniform(-0.6, 0.6)
    cx, cy = cv.at(rng.uniform(0.35, 0.65), rng.uniform(0.35, 0.6))
    along = (cv.X - cx) * math.cos(angle) + (cv.Y - cy) * math.sin(angle)
    across = -(cv.X - cx) * math.sin(angle) + (cv.Y - cy) * math.cos(angle)
    band = np.exp(-(across / (0.32 + 0.1 * intensity)) ** 2) * np.exp(-(along / 1.4) ** 2)
    n1 = np.clip(cv.noise(rng, 1.6, octaves=5) + 0.35, 0, 1.4)
    n2 = np.clip(cv.noise(rng, 2.4, octaves=4) + 0.15, 0, 1.2)
    glow = np.exp(-cv.radius(cx, cy) / 0.6)
    strength = 0.55 + 0.45 * intensity
    base += (band * n1 * strength)[..., None] * neb_a[None, None, :]
    base += (band * n2 * 0.55 * strength)[..., None] * neb_b[None, None, :]
    base += (glow * 0.25)[..., None] * mix(neb_a, np.ones(3, np.float32), 0.3)[None, None, :]
    dust = np.clip(cv.noise(rng, 3.0, octaves=3) * 1.5, 0, 1) * band
    base *= (1 - 0.45 * dust)[..., None]  # dark dust lanes

    planet = bool(rng.random() < 0.55)
    pr = rng.uniform(0.5, 0.8)
    corner = int(rng.integers(2))
    px = (-0.15 if corner == 0 else cv.span_x + 0.15)
    py = cv.span_y + pr * 0.55
    if planet:
        r = cv.radius(px, py)
        body = smoothstep(pr + 0.004, pr - 0.004, r)
        lx, ly = cx - px, cy - py
        norm = math.hypot(lx, ly) or 1.0
        lit = np.clip(((cv.X - px) * lx / norm + (cv.Y - py) * ly / norm) / pr, 0, 1)
        surface = mix(pal[2] if len(pal) > 2 else neb_b, neb_b, 0.4) * 0.35
        shade_ = (0.15 + 0.85 * lit ** 1.5)[..., None] * surface[None, None, :]
        base = base * (1 - body[..., None]) + shade_ * body[..., None]
        rim = np.exp(-np.abs(r - pr) / 0.012) * lit
        base += (rim * 0.9)[..., None] * lighten(neb_b, 0.4)[None, None, :]
        base += (np.exp(-np.clip(r - pr, 0, None) / 0.05) * (r > pr) * lit * 0.35)[..., None] * neb_b[None, None, :]

    cv.vignette(base, 0.35)
    img = cv.finish(soft_clip(base), grain=0.012)

    stars = cv.sharp()
    count = int(350 + 550 * intensity)
    xs = rng.uniform(0, cv.span_x, count)
    ys = rng.uniform(0, cv.span_y, count)
    mags = rng.random(count) ** 3
    tints = rng.random(count)
    for x, y, m, t in zip(xs, ys, mags, tints, strict=True):
        if planet and math.hypot(x - px, y - py) < pr:
            continue
        col = lighten(neb_a if t < 0.2 else neb_b if t < 0.35 else np.ones(3, np.float32), 0.7)
        stars.circle((x, y), 0.0012 + 0.0035 * m, col, alpha=0.35 + 0.65 * m)
    for _ in range(int(rng.integers(3, 7))):
        x, y = rng.uniform(0.05, cv.span_x - 0.05), rng.uniform(0.05, cv.span_y * 0.7)
        size = rng.uniform(0.02, 0.05)
        col = lighten(neb_a, 0.75)
        stars.circle((x, y), 0.005, col)
        stars.circle((x, y), 0.012, col, alpha=0.25)
        stars.line((x - size, y), (x + size, y), col, 0.0015, alpha=0.7)
        stars.line((x, y - size), (x, y + size), col, 0.0015, alpha=0.7)
    return stars.add(img)
