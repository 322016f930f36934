"""fire_burst: an explosion - radial fireball with a white-hot core, flame tongues,
flying sparks and embers, and smoke billowing toward the edges."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, smoothstep, soft_clip
from routix.render.art.colors import (
    Palette,
    apply_ramp,
    lighten,
    mix,
    ramp,
    shade,
    vivid,
)
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="fire_burst",
    description="A fiery explosion: a glowing fireball with a white-hot core, flame tongues, flying sparks and smoke.",
    keywords=["explosion", "fire", "flame", "blast", "boom", "burn", "inferno", "bomb", "lava", "hot", "epic", "war"],
    default_palette=["#FF6A00", "#FFD000", "#B3001B", "#140404"],
    energy=10,
    categories=["gaming", "reaction", "fitness", "news", "music"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Layout: fireball centred at
    38-62 % of the width, 50-60 % of the height, radius 0.30-0.40 of min(w, h)."""
    accent, hot, deep = vivid(pal[0]), vivid(pal[1], 0.4, 0.9), pal[2]
    side = rng.choice([-1.0, 1.0])
    cx, cy = cv.at(0.5 + side * rng.uniform(0.0, 0.12), rng.uniform(0.5, 0.6))
    big_r = 0.30 + 0.10 * intensity

    # background: deep tone, lighter around the blast
    r = cv.radius(cx, cy) / big_r
    bg = pal.dark(0.07)
    base = cv.fill(shade(bg, 0.03) if max(bg) > 0.12 else bg * 0.4)
    base += (mix(bg, deep, 0.5) * 0.9)[None, None, :] * np.exp(-r * 0.8)[..., None]

    # smoke: billows lit by the fire, densest in a ring outside the fireball
    smoke_n = cv.noise(rng, 2.5, octaves=3)
    smoke = smoothstep(0.8, 1.6, r) * (1.0 - smoothstep(2.2, 4.0, r)) * np.clip(0.55 + smoke_n * 1.4, 0, 1)
    lit = np.exp(-np.maximum(r - 1.0, 0.0) * 0.9)
    smoke_col = mix(np.array([0.16, 0.15, 0.15], np.float32), deep * 0.5 + accent * 0.2, 0.5)
    base += smoke[..., None] * (smoke_col[None, None, :] * (0.35 + 0.9 * lit[..., None]))

    # fireball: radius distorted by radial tongue noise and turbulence; billows inside
    tongues = cv.polar_noise(rng, (cx, cy), spokes=12, rings=2.0, r_max=3 * big_r, octaves=3)
    streaks = cv.polar_noise(rng, (cx, cy), spokes=64, rings=0.6, r_max=3 * big_r, octaves=2)
    turb = cv.noise(rng, 4.0, octaves=3)
    billow = cv.noise(rng, 9.0, octaves=3)
    edge = 1.0 + 0.42 * tongues + 0.2 * turb + 0.1 * streaks
    d = r / np.maximum(edge, 0.2)
    heat = smoothstep(1.25, 0.05, d)
    heat *= np.sqrt(heat)  # ^1.5: a tighter bright body
    heat *= 0.8 + 0.55 * billow + 0.25 * streaks
    heat += 0.6 * np.exp(-(r / 0.3) ** 2)
    lut = ramp([(0.0, np.zeros(3, np.float32)), (0.15, deep * 0.55), (0.38, accent),
                (0.62, mix(accent, hot, 0.75)), (0.85, lighten(hot, 0.55)), (1.0, np.ones(3, np.float32))])
    base += apply_ramp(lut, np.clip(heat * (0.75 + 0.35 * intensity), 0, 1))
    # light the surroundings
    base += (accent * (0.22 + 0.25 * intensity))[None, None, :] * np.exp(-r * 1.3)[..., None]

    # embers: short radial streaks flying outward (glow on the work grid, crisp at full res)
    n = int(50 + 160 * intensity)
    ang = rng.uniform(0, 2 * math.pi, n)
    dist = big_r * (0.7 + rng.exponential(0.7, n))
    size = rng.uniform(0.0008, 0.0032, n) * (1 + 0.6 * intensity)
    length = rng.uniform(0.004, 0.05, n) * (dist / big_r) ** 0.7
    heat_e = rng.uniform(0, 1, n)
    glow = cv.glow()
    sharp = cv.sharp()
    for a, dd, sz, ln, h in zip(ang, dist, size, length, heat_e, strict=True):
        ux, uy = math.cos(a), math.sin(a)
        p0 = (cx + ux * dd, cy + uy * dd)
        p1 = (p0[0] + ux * ln, p0[1] + uy * ln)
        col = mix(accent, lighten(hot, 0.6), h)
        sharp.line(p0, p1, col, sz, alpha=0.95)
        glow.line(p0, p1, col, sz * 2.5)
    base += glow.blurred(0.006) * 0.9
    cv.vignette(base, 0.55, cx / cv.span_x, cy / cv.span_y)
    img = cv.finish(soft_clip(base), grain=0.02)
    return sharp.add(img)
