"""stock_chart: finance - a dark trading screen with a faint grid, candlesticks and a
glowing price line with a gradient area fill, trending up (most seeds, always when the first
palette colour is green) or down (always when it is red)."""

from __future__ import annotations

import numpy as np

from routix.render.art.canvas import Canvas, soft_clip
from routix.render.art.colors import Palette, lighten, mix, to_hsv, vivid
from routix.render.art.info import MotifInfo

INFO = MotifInfo(
    name="stock_chart",
    description="Dark trading screen with glowing candlesticks and a rising or falling price line over a faint grid.",
    keywords=["stock", "chart", "money", "finance", "crypto", "bitcoin", "trading", "market", "invest", "profit",
              "graph", "economy", "dollar", "cash", "rich", "crash"],
    default_palette=["#00E676", "#FF3D57", "#2979FF", "#060B1A"],
    energy=6,
    categories=["finance", "news", "tech"],
)


def _is_hue(color: np.ndarray, degrees: float) -> bool:
    """True for a saturated colour whose hue is within 25 degrees of ``degrees`` (0 = red)."""
    h, s, v = to_hsv(color)
    d = abs(h * 360 - degrees) % 360
    return s > 0.45 and v > 0.3 and min(d, 360 - d) < 25


def _prices(rng: np.random.Generator, n: int, up: bool) -> np.ndarray:
    """Random-walk OHLC series, shape (n, 4), normalised so the closes span 0..1 (1 = top)."""
    drift = 1.0 if up else -1.0
    steps = rng.normal(drift * 0.35, 1.0, n)
    close = np.cumsum(steps)
    open_ = np.concatenate([[close[0] - steps[0]], close[:-1]])
    spread = np.abs(rng.normal(0, 0.6, (n, 2)))
    high = np.maximum(open_, close) + spread[:, 0]
    low = np.minimum(open_, close) - spread[:, 1]
    ohlc = np.stack([open_, high, low, close], axis=1)
    lo, hi = ohlc.min(), ohlc.max()
    return (ohlc - lo) / max(hi - lo, 1e-6)


def render(cv: Canvas, pal: Palette, rng: np.random.Generator, intensity: float) -> np.ndarray:
    """Paint the motif; returns (height, width, 3) uint8. The chart spans the width; prices
    occupy 18-88 % of the height; the upper-left quarter stays calm (no candles there)."""
    up_col, down_col, third = vivid(pal[0]), vivid(pal[1]), vivid(pal[2])
    dark = pal.dark(0.07)
    # the trend follows the first colour: a red line falls (a crash), a green one rises (gains),
    # other colours rise on 75 % of seeds
    up = (bool(rng.random() < 0.75) or _is_hue(pal[0], 120)) and not _is_hue(pal[0], 0)
    n = int(rng.integers(30, 42))
    ohlc = _prices(rng, n, up)
    x0, x1 = 0.04 * cv.span_x, 0.96 * cv.span_x
    xs = np.linspace(x0, x1, n)
    top, bottom = 0.18 * cv.span_y, 0.88 * cv.span_y

    def y_of(v):  # price 0..1 -> y in units (scalar or array)
        return bottom - v * (bottom - top)

    base = cv.fill(dark * 0.6)
    gx, gy = cv.at(0.72 if up else 0.28, 0.4)
    base += (mix(dark, third, 0.35) * 0.8)[None, None, :] * np.exp(-(cv.radius(gx, gy) / 0.7) ** 2)[..., None]

    # area under the smoothed close line: filled polygon, faded downward, plus line glow
    close = np.convolve(np.pad(ohlc[:, 3], 2, mode="edge"), np.ones(5) / 5, mode="valid")
    line = np.stack([xs, y_of(close)], axis=1)
    glow = cv.glow()
    glow.polygon(np.vstack([line, [[x1, cv.span_y], [x0, cv.span_y]]]), up_col)
    fade = np.clip((cv.Y - top) / (cv.span_y - top), 0, 1) ** 0.8
    area = glow.img * (0.34 - 0.32 * fade)[..., None]
    base += cv.blur(area, 0.004)
    light = cv.glow()
    light.polyline(line, up_col, 0.012)
    base += light.blurred(0.018) * (0.9 + 0.8 * intensity)

    grid = cv.sharp()
    step = 0.125
    for gxl in np.arange(step / 2, cv.span_x, step):
        grid.line((gxl, 0), (gxl, cv.span_y), lighten(third, 0.5), 0.0012, alpha=0.12)
    for gyl in np.arange(step / 2, cv.span_y, step):
        grid.line((0, gyl), (cv.span_x, gyl), lighten(third, 0.5), 0.0012, alpha=0.12)

    candles = cv.sharp()
    cglow = cv.glow()
    body_w = (x1 - x0) / n * 0.55
    for x, (o, h, lo, c) in zip(xs, ohlc, strict=True):
        col = up_col if c >= o else down_col
        y_hi, y_lo, y_o, y_c = y_of(h), y_of(lo), y_of(o), y_of(c)
        calm = x < 0.45 * cv.span_x and y_hi < 0.5 * cv.span_y  # keep the title corner quiet
        a = 0.35 if calm else 0.9
        candles.line((x, y_hi), (x, y_lo), col, 0.0025, alpha=a)
        yb0, yb1 = min(y_o, y_c), max(max(y_o, y_c), min(y_o, y_c) + 0.004)
        candles.rect(x - body_w / 2, yb0, x + body_w / 2, yb1, col, alpha=a)
        cglow.line((x, yb0), (x, yb1), col * a, body_w)
    base += cglow.blurred(0.012) * (0.5 + 0.5 * intensity)

    cv.vignette(base, 0.55)
    img = grid.add(cv.finish(soft_clip(base), grain=0.015))
    candles.over(img)
    front = cv.sharp()
    front.polyline(line, lighten(up_col, 0.35), 0.005)
    end = tuple(line[-1])
    front.circle(end, 0.012, lighten(up_col, 0.6))
    front.circle(end, 0.03, up_col, alpha=0.6, width=0.003)
    return front.over(img)
