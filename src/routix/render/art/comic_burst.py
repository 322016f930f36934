"""comic_burst: pop-art reaction - bold radial rays in two tones, a spiky starburst with a
thick outline, halftone dots growing toward the edges and manga action lines."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, rotate
from routix.render.art.colors import Palette, lighten, mix, shade, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="comic_burst",
    description="Pop-art comic background: bold radial burst rays, a spiky starburst, halftone dots and action lines.",
    keywords=["comic", "pop", "burst", "wow", "shock", "surprise", "reaction", "omg", "funny", "meme", "cartoon",
              "halftone", "crazy", "insane", "boom"],
    default_palette=["#FFD400", "#FF2D55", "#00B3FF", "#111111"],
    energy=9,
    categories=["reaction", "gaming", "vlog", "news", "education"],
)


def _star(center: tuple[float, float], r_out: float, r_in: float, points: int, rng: np.random.Generator,
          tilt: float) -> np.ndarray:
    """Spiky starburst polygon (2*points, 2) in units with jittered spike lengths."""
    ang = tilt + np.arange(2 * points) * math.pi / points
    rad = np.where(np.arange(2 * points) % 2 == 0, r_out * rng.uniform(0.8, 1.15, 2 * points), r_in)
    return np.stack([center[0] + rad * np.cos(ang), center[1] + rad * np.sin(ang)], axis=1)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Burst centre at 40-60 % width,
    42-58 % height; starburst radius 0.24-0.32 units."""
    main, pop = vivid(pal[0], 0.6, 0.9), vivid(pal[1], 0.6, 0.85)
    ink = pal.dark(0.06) if len(pal) > 3 else shade(pal[0], 0.08, 0.6)
    cx, cy = cv.at(rng.uniform(0.4, 0.6), rng.uniform(0.42, 0.58))
    far = math.hypot(cv.span_x, cv.span_y) * 1.2

    base = cv.fill(mix(main, pop, 0.3))
    r = cv.radius(cx, cy)
    base *= (1.0 + 0.35 * np.exp(-(r / 0.5) ** 2))[..., None]
    cv.vignette(base, 0.35, cx / cv.span_x, cy / cv.span_y)
    img = cv.finish(base, grain=0.01)

    # rays: alternating light wedges around the centre
    rays = cv.sharp()
    n = int(rng.integers(12, 20))
    tilt = rng.uniform(0, 2 * math.pi)
    light = lighten(main, 0.15)
    for i in range(n):
        a0 = tilt + 2 * math.pi * i / n
        a1 = a0 + math.pi / n * rng.uniform(0.7, 1.0)
        rays.polygon(np.array([[cx, cy], [cx + far * math.cos(a0), cy + far * math.sin(a0)],
                               [cx + far * math.cos(a1), cy + far * math.sin(a1)]]), light, alpha=0.85)
    rays.over(img)

    # halftone: a rotated dot grid, dots growing with distance from the centre
    dots = cv.sharp()
    pitch = 0.028
    ang = math.radians(rng.uniform(10, 35))
    half = far
    grid = np.arange(-half, half, pitch)
    gx, gy = np.meshgrid(grid, grid)
    pts = rotate(np.stack([gx.ravel(), gy.ravel()], axis=1), ang, (0.0, 0.0)) + (cx, cy)
    keep = (
        (pts[:, 0] > -pitch) & (pts[:, 0] < cv.span_x + pitch) & (pts[:, 1] > -pitch) & (pts[:, 1] < cv.span_y + pitch)
    )
    pts = pts[keep]
    dist = np.hypot(pts[:, 0] - cx, pts[:, 1] - cy)
    size = np.clip((dist - 0.35) / 0.9, 0, 1) * pitch * (0.3 + 0.25 * intensity)
    dot_col = mix(pop, ink, 0.3)
    for (x, y), s in zip(pts, size, strict=True):
        if s > 0.0008:
            dots.circle((x, y), s, dot_col, alpha=0.55)
    dots.over(img)

    # action lines: thin tapered ink spikes pointing at the centre from the edges
    action = cv.sharp()
    for _ in range(int(40 + 80 * intensity)):
        a = rng.uniform(0, 2 * math.pi)
        r0 = rng.uniform(0.5, 0.8) * max(cv.span_x, cv.span_y) * 0.6
        w = rng.uniform(0.003, 0.012)
        ux, uy = math.cos(a), math.sin(a)
        tip = (cx + ux * r0, cy + uy * r0)
        action.polygon(np.array([tip, [cx + ux * far - uy * w * 4, cy + uy * far + ux * w * 4],
                                 [cx + ux * far + uy * w * 4, cy + uy * far - ux * w * 4]]), ink, alpha=0.8)
    action.over(img)

    # the starburst balloon: offset shadow, ink outline, pop fill, light inner burst
    burst = cv.sharp()
    r_out = rng.uniform(0.24, 0.32) * (0.85 + 0.3 * intensity)
    star = _star((cx, cy), r_out, r_out * 0.62, int(rng.integers(11, 16)), rng, rng.uniform(0, 1))
    centre = np.array([cx, cy])
    burst.polygon(star + (0.018, 0.022), ink, alpha=0.9)
    burst.polygon(centre + (star - centre) * 1.06, ink)
    burst.polygon(star, pop)
    burst.polygon(centre + (star - centre) * 0.72, lighten(pop, 0.35))
    return burst.over(img)
