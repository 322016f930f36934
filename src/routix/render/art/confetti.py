"""confetti: celebration - tumbling paper confetti and streamers in three depths (blurred
far pieces, crisp near ones) over a rich radial gradient."""

from __future__ import annotations

import math

import numpy as np

from routix.render.art.canvas import Canvas, rotate, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="confetti",
    description=(
        "Festive confetti and curly streamers falling over a rich gradient, for celebrations and announcements."
    ),
    keywords=["confetti", "party", "celebration", "birthday", "winner", "win", "giveaway", "anniversary",
              "milestone", "congrats", "festival", "new year", "announcement", "subscriber"],
    default_palette=["#FF4FA3", "#FFD23F", "#3BCEAC", "#5B2A86", "#1B0B33"],
    energy=7,
    categories=["vlog", "reaction", "music", "beauty", "food", "education"],
)


def _piece(rng: np.random.Generator, x: float, y: float, size: float) -> np.ndarray:
    """A tumbling paper rectangle (4, 2) in units: random aspect, spin and foreshortening."""
    w, h = size, size * rng.uniform(0.35, 0.7) * abs(math.cos(rng.uniform(0, math.pi))) + size * 0.08
    rect = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2 + (x, y)
    return rotate(rect, rng.uniform(0, math.pi), (x, y))


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Pieces 0.012-0.05 units; the
    centre 30 % of the width has half the density."""
    cols = [vivid(c, 0.5, 0.85) for c in pal.accents(4)] + [np.ones(3, np.float32)]
    weights = np.array([0.34, 0.2, 0.18, 0.16, 0.12])
    dark = pal.dark(0.1)
    base = cv.fill(dark * 0.8)
    r = cv.radius(*cv.at(0.5, 0.35))
    base += (mix(dark, cols[0], 0.45))[None, None, :] * np.exp(-(r / 0.75) ** 2)[..., None]

    far = cv.glow()
    near = cv.sharp()
    count = int(90 + 160 * intensity)
    for i in range(count):
        x, y = rng.uniform(-0.03, cv.span_x + 0.03), rng.uniform(-0.03, cv.span_y + 0.03)
        if abs(x / cv.span_x - 0.5) < 0.15 and rng.random() < 0.5:
            continue
        col = cols[int(rng.choice(5, p=weights))] * rng.uniform(0.75, 1.0)
        depth = rng.random()
        if depth < 0.35:  # far: small, blurred, dimmer
            far.polygon(_piece(rng, x, y, rng.uniform(0.012, 0.025)), col * 0.7)
        elif i % 7 == 0:  # a curly streamer
            t = np.linspace(0, rng.uniform(2.5, 5) * math.pi, 40)
            amp, span = rng.uniform(0.01, 0.02), rng.uniform(0.08, 0.18)
            a = rng.uniform(0, 2 * math.pi)
            pts = np.stack([t / t[-1] * span, amp * np.sin(t)], axis=1) + (x, y)
            near.polyline(rotate(pts, a, (x, y)), lighten(col, 0.1), 0.005)
        else:
            near.polygon(_piece(rng, x, y, rng.uniform(0.022, 0.06)), col)
    base += far.blurred(0.004)
    cv.vignette(base, 0.5)
    img = cv.finish(soft_clip(base), grain=0.015)
    return near.over(img)
