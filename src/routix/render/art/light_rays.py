"""light_rays: god rays / a sunburst fanning out of one bright point, with floating dust."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="light_rays",
    description="Dramatic god rays or a sunburst streaming from a bright light source, with glowing dust in the air.",
    keywords=["light", "ray", "sunburst", "beam", "glow", "heaven", "divine", "shine", "spotlight", "reveal",
              "announcement", "breaking", "epic", "glory", "gold"],
    default_palette=["#FFB300", "#FF5E3A", "#3A0CA3", "#0D0221"],
    energy=6,
    categories=["vlog", "news", "education", "music", "travel", "tutorial"],
)

# light-source layouts as canvas fractions: behind-centre sunburst, top centre, top corners
_SOURCES = ((0.5, 0.45), (0.5, -0.06), (0.2, -0.06), (0.8, -0.06))


def _profile(rng: np.random.Generator, n_rays: int, bins: int = 2048) -> np.ndarray:
    """Angular brightness profile over 0..2pi, shape (bins,): a sum of wrapped Gaussian rays."""
    theta = np.linspace(0, 2 * np.pi, bins, endpoint=False)
    out = np.zeros(bins)
    for c, w, a in zip(rng.uniform(0, 2 * np.pi, n_rays), rng.uniform(0.008, 0.06, n_rays),
                       rng.uniform(0.3, 1.0, n_rays), strict=True):
        d = np.angle(np.exp(1j * (theta - c)))
        out += a * np.exp(-(d / w) ** 2)
    return (out / max(out.max(), 1e-6)).astype(np.float32)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The source sits behind the centre
    (45 % height) or just above the top edge; rays reach ~1.5 units."""
    accent, second = vivid(pal[0]), vivid(pal[1])
    fx, fy = _SOURCES[int(rng.integers(len(_SOURCES)))]
    sx, sy = cv.at(fx + rng.uniform(-0.06, 0.06), fy)
    r = cv.radius(sx, sy)
    theta = cv.angle(sx, sy) % (2 * np.pi)
    dark = pal.dark(0.07)

    base = cv.fill(dark * 0.7)
    base += (mix(dark, pal[2], 0.6) * 0.9)[None, None, :] * np.exp(-r / 0.9)[..., None]
    prof = _profile(rng, int(24 + 30 * intensity))
    rays = prof[(theta * (prof.size / (2 * np.pi))).astype(np.intp) % prof.size]
    rays = rays * (0.75 + 0.5 * cv.polar_noise(rng, (sx, sy), spokes=40, rings=1.5, r_max=2.5, octaves=2))
    fall = np.exp(-r / (0.55 + 0.35 * intensity))
    ray_col = mix(accent, second, 0.35)
    base += (rays * fall * (0.55 + 0.5 * intensity))[..., None] * ray_col[None, None, :]
    base += (np.exp(-(r / 0.22) ** 2) * 0.9)[..., None] * lighten(accent, 0.3)[None, None, :]
    base += (np.exp(-(r / 0.07) ** 2) * 1.2)[..., None] * np.ones(3, np.float32)
    base += (0.25 * np.exp(-r / 0.5))[..., None] * accent[None, None, :]

    # dust motes: soft specks, brighter inside the rays
    n = int(40 + 90 * intensity)
    glow = cv.glow()
    sharp = cv.sharp()
    for _ in range(n):
        a = rng.uniform(0, 2 * math.pi)
        d = rng.uniform(0.05, 1.3)
        x, y = sx + math.cos(a) * d, sy + math.sin(a) * d
        b = float(prof[int(a / (2 * math.pi) * prof.size) % prof.size]) * math.exp(-d / 0.9)
        size = rng.uniform(0.001, 0.004)
        sharp.circle((x, y), size, lighten(accent, 0.6), alpha=min(1.0, 0.25 + b))
        glow.circle((x, y), size * 3, accent * (0.3 + b))
    base += glow.blurred(0.006)
    cv.vignette(base, 0.6, fx, min(max(fy, 0.2), 0.8))
    img = cv.finish(soft_clip(base), grain=0.018)
    return sharp.add(img)
