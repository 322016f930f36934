"""circuit: tech - printed-circuit traces on a dark board, routed at 0/45/90 degrees,
with glowing pads, a few lit signal paths and a quieter band where a title can sit."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="circuit",
    description="Dark printed circuit board with glowing traces, pads and signal paths, a clean high-tech look.",
    keywords=["circuit", "tech", "technology", "ai", "chip", "computer", "code", "coding", "programming", "hacker",
              "robot", "cyber", "data", "software", "electronic", "pc", "gadget", "digital"],
    default_palette=["#00E5FF", "#00FF9C", "#7C4DFF", "#03121C"],
    energy=5,
    categories=["tech", "tutorial", "education", "gaming", "news"],
)

_DIRS = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]


def _traces(
    rng: np.random.Generator, cols: int, rows: int, count: int, calm: tuple[float, float]
) -> list[list[tuple[int, int]]]:
    """Route ``count`` traces on a ``cols x rows`` cell grid; traces never share a cell.

    A trace walks straight for 2-7 cells, then turns by +-45 degrees, for 2-5 legs. Starts
    inside the calm row band ``calm`` (fractions of rows) are mostly rejected.
    """
    used = np.zeros((rows, cols), bool)
    out: list[list[tuple[int, int]]] = []
    for _ in range(count):
        x, y = int(rng.integers(cols)), int(rng.integers(rows))
        in_calm = calm[0] < y / rows < calm[1]
        if used[y, x] or (in_calm and rng.random() < 0.9):
            continue
        d = int(rng.integers(0, 8, endpoint=False)) // 2 * 2  # start axis-aligned
        path = [(x, y)]
        used[y, x] = True
        for _leg in range(int(rng.integers(2, 6))):
            for _step in range(int(rng.integers(2, 8))):
                nx, ny = x + _DIRS[d][0], y + _DIRS[d][1]
                if not (0 <= nx < cols and 0 <= ny < rows) or used[ny, nx]:
                    break
                x, y = nx, ny
                used[y, x] = True
                path.append((x, y))
            d = (d + (1 if rng.random() < 0.5 else -1)) % 8
        if len(path) > 2:
            out.append(path)
    return out


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. Grid pitch 0.035 units; a band
    at 35-62 % of the height has few traces."""
    lit_a, lit_b, third = vivid(pal[0]), vivid(pal[1]), vivid(pal[2])
    dark = pal.dark(0.08)
    pitch = 0.035
    cols, rows = int(cv.span_x / pitch) + 1, int(cv.span_y / pitch) + 1
    paths = _traces(rng, cols, rows, int(260 + 260 * intensity), (0.35, 0.62))

    base = cv.fill(dark * 0.7)
    gx, gy = cv.at(rng.uniform(0.3, 0.7), 0.5)
    base += (mix(dark, third, 0.4) * 0.8)[None, None, :] * np.exp(-(cv.radius(gx, gy) / 0.8) ** 2)[..., None]
    base += (lit_a * 0.12)[None, None, :] * np.exp(-(cv.radius(gx, gy) / 0.35) ** 2)[..., None]

    dim = cv.sharp()
    bright = cv.sharp()
    glow = cv.glow()
    dim_col = mix(dark, lit_a, 0.35)
    for path in paths:
        pts = (np.array(path, np.float64) + 0.5) * pitch
        lit = rng.random() < 0.1 + 0.12 * intensity
        col = lit_a if rng.random() < 0.7 else lit_b
        if lit:
            bright.polyline(pts, lighten(col, 0.3), 0.0035)
            glow.polyline(pts, col, 0.008)
            for p in (pts[0], pts[-1]):
                bright.circle(tuple(p), 0.009, lighten(col, 0.5))
                glow.circle(tuple(p), 0.011, col)
        else:
            dim.polyline(pts, dim_col, 0.003, alpha=0.8)
            dim.circle(tuple(pts[-1]), 0.008, dim_col, width=0.003)
            dim.circle(tuple(pts[0]), 0.004, dim_col)
    base += glow.blurred(0.01) * (0.6 + 0.6 * intensity)
    cv.vignette(base, 0.55)
    img = dim.over(cv.finish(soft_clip(base), grain=0.015))
    return bright.over(img)
