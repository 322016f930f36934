"""night_sky: sleep - a calm dusk-to-night gradient, a soft glowing moon, faint stars and slow
clouds lit from above, low in contrast and saturation."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, smoothstep, soft_clip
from routix.render.art.colors import Palette, lighten, mix, ramp, shade
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="night_sky",
    description=(
        "Calm night sky fading from deep blue to a soft horizon glow, with a glowing moon, faint stars and slow clouds."
    ),
    keywords=["night", "sleep", "moon", "dream", "bedtime", "calm", "meditation", "relax", "lullaby", "star",
              "peaceful", "insomnia", "rest", "lofi", "evening"],
    default_palette=["#6C7BD9", "#B39DDB", "#0E1433", "#F5E6C8"],
    energy=2,
    categories=["wellness", "music", "podcast", "horror", "science"],
)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The moon (radius 0.05-0.08 units)
    sits in the upper 35 %; cloud banks lie in the lower half."""
    glow_col = pal[0]
    top = pal.dark(0.1) if len(pal) > 2 else shade(glow_col, 0.12, 0.8)
    horizon = mix(glow_col, pal[1], 0.35)
    moon_col = pal[3] if len(pal) > 3 else lighten(glow_col, 0.8)
    sky = ramp([(0.0, top), (0.55, mix(top, glow_col, 0.45)), (1.0, lighten(horizon, 0.15))])
    base = cv.vertical(sky)
    mx, my = cv.at(rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.32))
    mr = rng.uniform(0.05, 0.08)
    r = cv.radius(mx, my)
    base += (np.exp(-r / 0.35) * (0.25 + 0.2 * intensity))[..., None] * lighten(glow_col, 0.4)[None, None, :]
    disc = smoothstep(mr + 0.003, mr - 0.003, r)
    # a crescent: the disc minus an offset disc
    bite = smoothstep(mr + 0.003, mr - 0.003, cv.radius(mx + mr * 0.45, my - mr * 0.25))
    moon = np.clip(disc - bite, 0, 1)
    base = base * (1 - moon[..., None]) + moon[..., None] * lighten(moon_col, 0.3)[None, None, :]

    for i in range(3):
        n = cv.noise(rng, 1.3 + 0.6 * i, octaves=4, stretch=3.5)
        band = np.exp(-((cv.Y / cv.span_y - (0.62 + 0.12 * i)) / 0.12) ** 2)
        dens = np.clip(n * 1.8 + 0.1, 0, 1) * band * (0.45 + 0.15 * i)
        lit = lighten(mix(horizon, moon_col, 0.3), 0.1) * (0.55 + 0.12 * i)
        base = base * (1 - dens[..., None]) + dens[..., None] * lit[None, None, :]
    cv.vignette(base, 0.3)
    img = cv.finish(soft_clip(base), grain=0.012)
    stars = cv.sharp()
    for _ in range(int(60 + 90 * intensity)):
        x, y = rng.uniform(0, cv.span_x), rng.uniform(0, cv.span_y * 0.55)
        stars.circle((x, y), rng.uniform(0.001, 0.003), lighten(moon_col, 0.6), alpha=rng.uniform(0.2, 0.7))
    return stars.add(img)
