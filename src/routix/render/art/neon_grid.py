"""neon_grid: synthwave - a glowing perspective grid floor, a striped retro sun on a
glowing horizon, a neon-rimmed mountain ridge and a starry sky."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, ramp, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="neon_grid",
    description="Retro synthwave scene: neon perspective grid floor, glowing horizon, striped sunset sun and stars.",
    keywords=["neon", "synthwave", "retro", "80s", "grid", "arcade", "cyberpunk", "vaporwave", "outrun", "game"],
    default_palette=["#FF2BD6", "#00E5FF", "#FFB800", "#12002B"],
    energy=7,
    categories=["gaming", "tech", "music"],
)


def _ridge(rng: np.random.Generator, span_x: float, horizon: float, height: float) -> np.ndarray:
    """Mountain ridge polyline (n, 2) in units across the width, peaks up to ``height`` units."""
    xs = np.linspace(-0.05, span_x + 0.05, int(10 * span_x) + 2)
    tall = np.abs(xs - span_x / 2) / (span_x / 2)  # taller toward the sides, low behind the sun
    ys = horizon - height * (0.25 + 0.75 * tall) * rng.uniform(0.35, 1.0, xs.size)
    ys[0] = ys[-1] = horizon
    return np.stack([xs, ys], axis=1)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Horizon at 58-64 % of the height,
    sun radius 0.2-0.27 of min(w, h) around the vanishing point."""
    grid_col, rim_col, sun_top = vivid(pal[0]), vivid(pal[1]), vivid(pal[2], 0.5, 0.95)
    dark = pal.dark(0.08)
    hy = cv.span_y * rng.uniform(0.58, 0.64)
    vx = cv.span_x * (0.5 + rng.uniform(-0.12, 0.12))
    sun_r = rng.uniform(0.2, 0.27)

    # sky above the horizon, floor below
    sky = ramp([(0.0, dark * 0.6), (0.55, mix(dark, grid_col, 0.25)), (1.0, mix(grid_col, sun_top, 0.3) * 0.85)])
    base = cv.vertical(sky, 0.0, hy)
    floor = cv.Y[:, 0] > hy
    base[floor] = (dark * 0.55)[None, :]
    dist_h = np.abs(cv.Y - hy)
    horizon = 0.55 * np.exp(-dist_h / 0.05) + 0.35 * np.exp(-dist_h / 0.2)
    base += grid_col * horizon[..., None] * (0.6 + 0.5 * intensity)
    base += sun_top * (0.35 * np.exp(-cv.radius(vx, hy - sun_r * 0.4) / 0.35))[..., None]

    # grid geometry (units): rails converge on (vx, hy); rungs spaced by perspective 1/z
    bottom = cv.span_y
    rails = np.arange(-14, 15) * (0.16 + 0.06 * (1 - intensity))
    rungs = [(hy + (bottom + 0.15 - hy) / z, z) for z in 0.6 + np.arange(0, 30) * 0.45]
    glow = cv.glow()
    sharp = cv.sharp()
    for off in rails:
        for t0, t1 in zip(np.linspace(0.0, 1.0, 7)[:-1], np.linspace(0.0, 1.0, 7)[1:], strict=True):
            p0 = (vx + off * 2.2 * t0, hy + (bottom * 1.1 - hy) * t0)
            p1 = (vx + off * 2.2 * t1, hy + (bottom * 1.1 - hy) * t1)
            sharp.line(p0, p1, lighten(grid_col, 0.25), 0.0025 * (0.4 + t1), alpha=0.15 + 0.8 * t1)
            glow.line(p0, p1, grid_col * t1, 0.006)
    for y, z in rungs:
        if y > bottom + 0.01:
            continue
        near = 1.0 / z
        sharp.line((-0.1, y), (cv.span_x + 0.1, y), lighten(grid_col, 0.25), 0.0025 * near, alpha=0.2 + 0.75 * near)
        glow.line((-0.1, y), (cv.span_x + 0.1, y), grid_col * near, 0.006)
    sharp.line((-0.1, hy), (cv.span_x + 0.1, hy), lighten(grid_col, 0.7), 0.003)
    base += glow.blurred(0.01) * (1.0 + 1.2 * intensity)

    # stars in the sky
    n = int(60 + 140 * intensity)
    sx, sy = rng.uniform(0, cv.span_x, n), hy * rng.uniform(0, 0.9, n) ** 1.4
    sb = rng.uniform(0.2, 1.0, n)
    stars = cv.sharp()
    for x, y, b in zip(sx, sy, sb, strict=True):
        stars.circle((x, y), 0.0012 + 0.0025 * b * b, lighten(rim_col, 0.6), alpha=b * (1 - y / hy) ** 0.5)

    cv.vignette(base, 0.5)
    img = stars.add(cv.finish(soft_clip(base), grain=0.018))

    # the sun: vertical gradient disc with widening stripes cut into its lower half
    sun_y = hy - sun_r * 0.55

    def sun(X: np.ndarray, Y: np.ndarray, px: float) -> tuple[np.ndarray, np.ndarray]:
        d = np.sqrt((X - vx) ** 2 + (Y - sun_y) ** 2)
        alpha = np.clip((sun_r - d) * px + 0.5, 0.0, 1.0)
        t = np.clip((Y - (sun_y - sun_r)) / (2 * sun_r), 0.0, 1.0)
        rgb = sun_top[None, None, :] * (1 - t[..., None]) + grid_col[None, None, :] * t[..., None]
        v = (Y - sun_y) / sun_r + 0.15  # stripes from just above the centre, gaps widen downward
        period = 0.2
        phase = (v / period) % 1.0
        gap = np.clip(0.12 + v * 0.5, 0.0, 0.7)
        cut = np.clip(np.minimum(phase, gap - phase) * period * sun_r * px + 0.5, 0.0, 1.0) * (v > 0)
        alpha = alpha * (1.0 - cut) * np.clip((hy - Y) * px + 0.5, 0.0, 1.0)
        return np.broadcast_to(rgb, alpha.shape + (3,)), alpha

    cv.paste(img, (vx - sun_r, sun_y - sun_r, vx + sun_r, hy), sun)

    # mountain ridge with a neon rim, over the sun's foot
    ridge = _ridge(rng, cv.span_x, hy, 0.12 + 0.06 * intensity)
    mountains = cv.sharp()
    mountains.polygon(np.vstack([ridge, [[cv.span_x + 0.05, hy + 0.002], [-0.05, hy + 0.002]]]), dark * 0.8)
    mountains.over(img)
    rim = cv.sharp()
    rim.polyline(ridge, rim_col, 0.0025, alpha=0.9)
    rim.add(img)
    return sharp.add(img)
