"""fog: a horror night - dark, desaturated sky, a cold moon glow, bare trees and a graveyard
ridge in silhouette, and layers of drifting fog rolling in front of them."""

from __future__ import annotations

import math

import cv2
import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, ramp, shade
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="fog",
    description="Dark foggy night with a cold moon glow, bare trees in silhouette and drifting layers of mist.",
    keywords=["fog", "mist", "horror", "scary", "haunted", "ghost", "creepy", "spooky", "night", "graveyard",
              "dark", "mystery", "zombie", "crime", "forest"],
    default_palette=["#8FB3D9", "#2A3340", "#0A0D11", "#D7E2EC"],
    energy=4,
    categories=["horror", "gaming", "music", "podcast", "news"],
)


def _branch(points: list, rng: np.random.Generator, x: float, y: float, angle: float, length: float,
            width: float, depth: int) -> None:
    """Collect bare-tree branch segments ``(x0, y0, x1, y1, width)`` in units, recursively."""
    x1, y1 = x + math.cos(angle) * length, y + math.sin(angle) * length
    points.append((x, y, x1, y1, width))
    if depth <= 0:
        return
    for _ in range(2 if depth > 1 else 3):
        _branch(points, rng, x1, y1, angle + rng.uniform(-0.75, 0.75), length * rng.uniform(0.55, 0.78),
                width * 0.62, depth - 1)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The moon glow sits in the upper
    third; two to four bare trees stand at the sides; the horizon ridge at 72-80 % height."""
    cold = mix(np.full(3, 0.55, np.float32), pal[0], 0.55)
    top = shade(pal.dark(0.05), 0.05, 0.5)
    low = mix(top, cold, 0.18)
    base = cv.vertical(ramp([(0.0, top), (1.0, low)]))

    mx, my = cv.at(rng.uniform(0.2, 0.8), rng.uniform(0.12, 0.3))
    r = cv.radius(mx, my)
    base += (np.exp(-r / 0.45) * (0.35 + 0.25 * intensity))[..., None] * cold[None, None, :]
    base += (np.exp(-(r / 0.07) ** 2) * 0.8)[..., None] * lighten(cold, 0.6)[None, None, :]

    # silhouettes on the work grid (the fog softens them anyway)
    ink = cv.glow()
    ridge_y = cv.span_y * rng.uniform(0.72, 0.8)
    xs = np.linspace(-0.05, cv.span_x + 0.05, 80)
    ridge = ridge_y - 0.04 * np.abs(np.sin(xs * rng.uniform(2, 4) + rng.uniform(0, 6)))
    floor = [[cv.span_x + 0.05, cv.span_y + 0.05], [-0.05, cv.span_y + 0.05]]
    ink.polygon(np.vstack([np.stack([xs, ridge], 1), floor]), np.ones(3, np.float32))
    for _ in range(int(rng.integers(4, 9))):  # headstones on the ridge
        gx = rng.uniform(0.1, cv.span_x - 0.1)
        gy = float(np.interp(gx, xs, ridge))
        w, h = rng.uniform(0.02, 0.035), rng.uniform(0.04, 0.07)
        ink.polygon(np.array([[gx - w, gy + 0.01], [gx - w, gy - h], [gx, gy - h - w * 0.8], [gx + w, gy - h],
                              [gx + w, gy + 0.01]]), np.ones(3, np.float32))
    segments: list = []
    for side in range(int(rng.integers(2, 5))):
        tx = rng.uniform(0.02, 0.22) * cv.span_x if side % 2 == 0 else rng.uniform(0.78, 0.98) * cv.span_x
        _branch(segments, rng, tx, cv.span_y + 0.02, -math.pi / 2 + rng.uniform(-0.15, 0.15),
                rng.uniform(0.28, 0.42), rng.uniform(0.03, 0.05), 4)
    for x0, y0, x1, y1, w in segments:
        ink.line((x0, y0), (x1, y1), np.ones(3, np.float32), w)
    mask = np.clip(cv.blur(ink.img[..., 0], 0.0015), 0, 1)
    sil = mix(top, np.zeros(3, np.float32), 0.5)
    base = base * (1 - mask[..., None]) + sil[None, None, :] * mask[..., None]

    # fog: horizontal streaks, denser toward the ground
    for i, (cells, height, amount) in enumerate(((1.2, 0.55, 0.5), (2.0, 0.75, 0.45), (3.2, 0.9, 0.35))):
        n = cv.noise(rng, cells, octaves=4, stretch=3.0)
        ground = np.clip((cv.Y / cv.span_y - height + 0.35) / 0.35, 0, 1)
        dens = np.clip(n * 1.6 + 0.3, 0, 1) * ground * amount * (0.6 + 0.5 * intensity)
        col = lighten(cold, 0.15 + 0.1 * i) * (0.55 + 0.15 * i)
        base = base * (1 - dens[..., None]) + col[None, None, :] * dens[..., None]
    base = cv2.GaussianBlur(base, (0, 0), 0.6)
    cv.vignette(base, 0.7, mx / cv.span_x, 0.45)
    return cv.finish(soft_clip(base), grain=0.03)
