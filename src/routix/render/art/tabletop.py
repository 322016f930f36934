"""tabletop: food - a warm kitchen backdrop with soft window light and blurred lights above a
wooden table in perspective, with steam rising in the middle."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, smoothstep, soft_clip
from routix.render.art.colors import Palette, lighten, mix, shade, to_hsv
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="tabletop",
    description="Warm kitchen backdrop with soft window light above a wooden table in perspective and rising steam.",
    keywords=["food", "kitchen", "table", "recipe", "cooking", "dinner", "meal", "restaurant", "baking",
              "breakfast", "wood", "cafe", "coffee", "warm", "homemade"],
    default_palette=["#C77D3A", "#FFB347", "#3B1F0E", "#FFF3E0"],
    energy=4,
    categories=["food", "vlog", "beauty", "tutorial"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The table edge sits at 62-70 % of
    the height; planks run left to right, narrowing toward the edge (perspective)."""
    wood = pal[0]
    h, s, v = to_hsv(wood)
    light = lighten(pal[1], 0.2)
    wall = mix(shade(wood, 0.22, 0.7), pal.dark(0.08), 0.4)
    edge = cv.span_y * rng.uniform(0.62, 0.7)

    base = cv.fill(wall)
    lx, ly = cv.at(rng.choice([0.15, 0.85]), 0.1)
    r = cv.radius(lx, ly)
    base += (np.exp(-r / 0.6) * (0.45 + 0.3 * intensity))[..., None] * light[None, None, :]
    # blurred warm lights on the wall
    blobs = cv.glow()
    for _ in range(int(6 + 10 * intensity)):
        x, y = rng.uniform(0, cv.span_x), rng.uniform(0.05, edge - 0.08)
        blobs.circle((x, y), rng.uniform(0.03, 0.08), lighten(light, 0.3) * rng.uniform(0.2, 0.5))
    base += blobs.blurred(0.02)

    # table: planks with grain, darker and narrower toward the edge (far), lit near the light
    below = edge <= cv.Y
    depth = np.clip((cv.Y - edge) / (cv.span_y - edge), 0, 1)  # 0 far .. 1 near
    persp = np.sqrt(depth + 0.02)
    plank = np.floor(persp * 7.0 + 0.5)
    seam = np.abs(persp * 7.0 - plank)
    grain = cv.noise(rng, 2.0, octaves=4, stretch=14.0)
    wood_col = shade(wood, min(1.0, 0.55 + 0.35 * v), 1.0)
    tone = (0.65 + 0.35 * depth) * (1 + 0.18 * grain) * (1 - 0.45 * smoothstep(0.06, 0.0, seam))
    table = wood_col[None, None, :] * tone[..., None]
    table = table + (np.exp(-r / 0.9) * 0.25)[..., None] * light[None, None, :]
    base = np.where(below[..., None], table, base)
    lip = np.exp(-np.abs(cv.Y - edge) / 0.006)
    base += (lip * 0.35)[..., None] * lighten(wood_col, 0.4)[None, None, :]

    # steam in the middle: soft vertical wisps
    steam = cv.noise(rng, 2.5, octaves=3, stretch=0.3)
    column = np.exp(-((cv.X - cv.span_x / 2) / 0.25) ** 2) * np.clip((edge - cv.Y) / edge, 0, 1) ** 1.5
    wisps = np.clip(steam * 2.0, 0, 1) * column * (0.25 + 0.2 * intensity)
    base = base * (1 - wisps[..., None]) + wisps[..., None] * lighten(light, 0.7)[None, None, :]
    cv.vignette(base, 0.5)
    return cv.finish(soft_clip(base), grain=0.02)
