"""bokeh: soft out-of-focus light circles in three depths over a smooth colour gradient."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, smoothstep, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="bokeh",
    description="Soft out-of-focus bokeh light circles floating over a smooth dark colour gradient, dreamy and warm.",
    keywords=["bokeh", "lights", "sparkle", "glitter", "party", "night", "city", "dreamy", "glamour", "christmas",
              "fairy", "blur", "cozy", "kitchen", "restaurant"],
    default_palette=["#FF4F8B", "#FFB86B", "#7B2FF7", "#12061F"],
    energy=3,
    categories=["vlog", "beauty", "podcast", "food", "music", "travel"],
)


def _disc(cv: Canvas, acc: np.ndarray, x: float, y: float, r: float, color: np.ndarray, soft: float) -> None:
    """Add one bokeh disc (flat body, brighter rim, edge softness ``soft`` units) to ``acc``."""
    k = cv.k
    x0, x1 = max(0, int((x - r - soft) * k)), min(cv.ww, int((x + r + soft) * k) + 1)
    y0, y1 = max(0, int((y - r - soft) * k)), min(cv.wh, int((y + r + soft) * k) + 1)
    if x1 <= x0 or y1 <= y0:
        return
    d = np.sqrt((cv.X[:, x0:x1] - x) ** 2 + (cv.Y[y0:y1] - y) ** 2)
    body = smoothstep(r + soft, r - soft, d)
    rim = smoothstep(r * 0.7, r, d) * body
    acc[y0:y1, x0:x1] += (body * 0.55 + rim * 0.45)[..., None] * color[None, None, :]


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Discs: far r 0.01-0.04, mid
    0.04-0.09, near 0.09-0.17 units; the near ones keep to the edges."""
    cols = [vivid(c, 0.45, 0.85) for c in pal.accents(3)]
    weights = np.array([0.5, 0.3, 0.2])
    dark = pal.dark(0.08)
    gx = rng.uniform(0.2, 0.8)
    base = cv.fill(dark * 0.8)
    r1 = cv.radius(*cv.at(gx, 0.3))
    r2 = cv.radius(*cv.at(1 - gx, 0.85))
    base += (mix(dark, cols[0], 0.45) * 0.55)[None, None, :] * np.exp(-(r1 / 0.8) ** 2)[..., None]
    base += (mix(dark, cols[2], 0.5) * 0.5)[None, None, :] * np.exp(-(r2 / 0.7) ** 2)[..., None]

    far = np.zeros_like(base)
    near = np.zeros_like(base)
    layers = (  # (count, radius range, softness fraction of r, brightness, target)
        (int(40 + 60 * intensity), (0.01, 0.04), 0.35, 0.55, far),
        (int(8 + 14 * intensity), (0.04, 0.09), 0.12, 0.5, near),
        (int(4 + 6 * intensity), (0.09, 0.17), 0.06, 0.28, near),
    )
    for count, (rmin, rmax), soft, bright, target in layers:
        for _ in range(count):
            x, y = rng.uniform(-0.05, cv.span_x + 0.05), rng.uniform(-0.05, cv.span_y + 0.05)
            r = rng.uniform(rmin, rmax)
            if rmin >= 0.09 and abs(x / cv.span_x - 0.5) < 0.25:  # big discs stay near the sides
                x = cv.span_x * (0.5 + np.sign(x / cv.span_x - 0.5 + 1e-9) * rng.uniform(0.3, 0.55))
            c = cols[int(rng.choice(3, p=weights))]
            c = lighten(c, rng.uniform(0.0, 0.35)) * rng.uniform(0.3, 1.0) ** 1.5 * bright * (1.0 + 0.6 * intensity)
            _disc(cv, target, x, y, r, c, max(r * soft, 0.003))
    base += cv.blur(far, 0.006) + near
    cv.vignette(base, 0.45)
    return cv.finish(soft_clip(base, 0.7), grain=0.02)
