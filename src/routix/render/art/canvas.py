"""The drawing surface every motif paints on.

Coordinates are *units*: 1 unit = ``min(width, height)`` px, origin top-left, so the canvas
spans ``span_x x span_y`` units (1.778 x 1 at 16:9, 1 x 1 at 1:1). Positions chosen as
fractions of the canvas (:meth:`Canvas.at`) and sizes in units make a motif look the same
at 1280x720 and 3000x3000, adapted to the aspect.

A motif paints in two passes:

1. a smooth *base* (gradients, glows, fields) on a reduced work grid, ``(wh, ww, 3)``
   float32 0..1, whose shorter side is half the canvas' (at least 256 px, at most 720 px);
   :meth:`Canvas.finish` upscales it bicubically, adds grain (which also dithers away
   banding) and quantises to uint8;
2. crisp details (lines, dots, candles) drawn anti-aliased at full resolution on a
   :class:`Sharp` layer and composited onto the uint8 image.

Everything random comes from the ``numpy.random.Generator`` the motif is given, and the
number of draws never depends on the pixel size, so one seed gives one composition (the
grain, whose draws do depend on it, has a generator of its own).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

_SHIFT = 4  # fractional bits of cv2 drawing coordinates
_ONE = 1 << _SHIFT


#: Rows per band when grain is added to the full-size image (bounds float temporaries).
FINISH_BAND = 256


class Canvas:
    """Size bookkeeping and the shared field helpers for one painting.

    ``width``/``height`` are the output size in px; ``ww``/``wh`` the work grid in px;
    ``k`` is work px per unit and ``s`` output px per unit.
    """

    def __init__(self, width: int, height: int, grain_seed: int = 0) -> None:
        self.width, self.height = width, height
        # grain has its own generator: its draws depend on the pixel count, so they must not
        # shift the motif's own random sequence (which would change the composition)
        self._grain_rng = np.random.default_rng([grain_seed, 0x6A1])
        self.s = min(width, height)
        self.span_x, self.span_y = width / self.s, height / self.s
        work_short = int(min(720, max(256, round(self.s * 0.5))))
        self.k = float(work_short)
        self.ww = max(2, round(self.span_x * work_short))
        self.wh = max(2, round(self.span_y * work_short))
        # pixel-centre coordinates of the work grid, in units (broadcastable row / column)
        self.X = ((np.arange(self.ww, dtype=np.float32) + 0.5) / self.ww * self.span_x)[None, :]
        self.Y = ((np.arange(self.wh, dtype=np.float32) + 0.5) / self.wh * self.span_y)[:, None]

    # ------------------------------------------------------------------ geometry
    def at(self, fx: float, fy: float) -> tuple[float, float]:
        """Canvas fractions (0..1 of width, of height) -> units."""
        return float(fx) * self.span_x, float(fy) * self.span_y

    def radius(self, cx: float, cy: float) -> np.ndarray:
        """Distance in units of every work pixel from ``(cx, cy)`` (units), shape (wh, ww)."""
        return np.sqrt((self.X - float(cx)) ** 2 + (self.Y - float(cy)) ** 2)

    def angle(self, cx: float, cy: float) -> np.ndarray:
        """Angle in radians (-pi..pi, 0 = +x, y down) of every work pixel around ``(cx, cy)``."""
        return np.arctan2(self.Y - float(cy), self.X - float(cx))

    # ------------------------------------------------------------------ fields
    def fill(self, color: np.ndarray) -> np.ndarray:
        """A base of one colour, shape (wh, ww, 3)."""
        return np.broadcast_to(color.astype(np.float32), (self.wh, self.ww, 3)).copy()

    def vertical(self, lut: np.ndarray, y0: float = 0.0, y1: float | None = None) -> np.ndarray:
        """Vertical gradient through a colour LUT from y0 (units, t=0) to y1 (t=1), shape (wh, ww, 3)."""
        y1 = self.span_y if y1 is None else y1
        t = np.clip((self.Y[:, 0] - y0) / max(y1 - y0, 1e-6), 0.0, 1.0)
        idx = np.clip(t * (lut.shape[0] - 1) + 0.5, 0, lut.shape[0] - 1).astype(np.intp)
        return np.broadcast_to(lut[idx][:, None, :], (self.wh, self.ww, 3)).copy()

    def noise(self, rng: np.random.Generator, cells: float, octaves: int = 3, gain: float = 0.5,
              stretch: float = 1.0) -> np.ndarray:
        """Fractal value noise, ``cells`` lattice cells per unit at the first octave, doubling
        per octave (``stretch`` times as many vertically: >1 gives horizontal streaks);
        roughly zero-mean with standard deviation ~0.5; shape (wh, ww) float32."""
        out = np.zeros((self.wh, self.ww), np.float32)
        amp, total = 1.0, 0.0
        for o in range(octaves):
            c = cells * (2**o)
            shape = (round(self.span_y * c * stretch) + 2, round(self.span_x * c) + 2)
            lat = rng.standard_normal(shape).astype(np.float32)
            out += amp * cv2.resize(lat, (self.ww, self.wh), interpolation=cv2.INTER_CUBIC)
            total += amp
            amp *= gain
        return out * (0.8 / total)

    def polar_noise(self, rng: np.random.Generator, center: tuple[float, float], spokes: int, rings: float,
                    r_max: float, octaves: int = 3) -> np.ndarray:
        """Fractal noise around ``center`` (units), periodic in angle: ``spokes`` lattice cells
        around the circle and ``rings`` cells per unit of radius at the first octave (doubling
        per octave) up to ``r_max`` units; std ~0.5, shape (wh, ww). Makes flame tongues/rays."""
        tex_a, tex_r = 384, 160
        ang = ((self.angle(*center) + np.pi) * (tex_a / (2 * np.pi))).astype(np.float32)
        rad = (np.minimum(self.radius(*center), r_max) * (tex_r / r_max)).astype(np.float32)
        tex = np.zeros((tex_r, tex_a), np.float32)
        amp, total = 1.0, 0.0
        for o in range(octaves):  # octaves summed on the small polar texture, sampled once
            na, nr = spokes * 2**o, max(2, round(rings * r_max * 2**o) + 2)
            lat = np.tile(rng.standard_normal((nr, na)).astype(np.float32), (1, 3))
            tex += amp * cv2.resize(lat, (3 * tex_a, tex_r), interpolation=cv2.INTER_CUBIC)[:, tex_a : 2 * tex_a]
            total += amp
            amp *= 0.5
        out = cv2.remap(tex, ang, rad, cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP)
        return out * (0.8 / total)

    def blur(self, img: np.ndarray, sigma: float) -> np.ndarray:
        """Gaussian blur with ``sigma`` in units."""
        sig = max(sigma * self.k, 0.3)
        if sig <= 2.5:
            return cv2.GaussianBlur(img, (0, 0), sig, borderType=cv2.BORDER_REFLECT)
        # wide blurs: shrink so the kernel is ~2 px, blur, grow back (the result is smooth anyway)
        f = sig / 2.0
        h, w = img.shape[:2]
        small = cv2.resize(img, (max(2, round(w / f)), max(2, round(h / f))), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), 2.0 * small.shape[1] / w * f, borderType=cv2.BORDER_REFLECT)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)

    def vignette(self, base: np.ndarray, strength: float, cx: float = 0.5, cy: float = 0.5) -> np.ndarray:
        """Darken toward the corners in place: multiply by ``1 - strength * smoothstep`` of the
        elliptical distance from ``(cx, cy)`` (canvas fractions)."""
        dx = (self.X / self.span_x - cx) * 2.0
        dy = (self.Y / self.span_y - cy) * 2.0
        d = np.sqrt(dx * dx * 0.8 + dy * dy * 0.8)
        t = np.clip((d - 0.45) / 0.9, 0.0, 1.0)
        base *= (1.0 - strength * t * t * (3 - 2 * t))[..., None]
        return base

    # ------------------------------------------------------------------ glow pass (work grid)
    def glow(self) -> Glow:
        """A black work-grid canvas for shapes that get blurred into light."""
        return Glow(self)

    # ------------------------------------------------------------------ output
    def finish(self, base: np.ndarray, grain: float = 0.015) -> np.ndarray:
        """Upscale the work base to (height, width, 3) uint8 with monochrome grain of
        amplitude ``grain`` (0..1 of full scale; at least 1.5/255 so it also dithers).

        The base is quantised to uint8 at work resolution and upscaled in uint8; the grain is
        added in bands of FINISH_BAND rows, so a 3000x3000 canvas never holds a full-size
        float image (the grain's random sequence is the same as drawing it in one call)."""
        small = cv2.convertScaleAbs(np.clip(base, 0.0, 1.0), alpha=255.0)
        full = cv2.resize(small, (self.width, self.height), interpolation=cv2.INTER_CUBIC)
        amp = max(grain, 1.5 / 255.0) * 255.0
        for y in range(0, self.height, FINISH_BAND):
            rows = full[y : y + FINISH_BAND]
            g = self._grain_rng.random((rows.shape[0], self.width), dtype=np.float32)
            g *= 2.0 * amp
            band = rows.astype(np.float32)
            band += g[..., None]
            # band + 2 amp g - amp: zero-mean grain, rounded and saturated to uint8
            rows[...] = cv2.convertScaleAbs(band, alpha=1.0, beta=-amp)
        return full

    def paste(self, img: np.ndarray, box: tuple[float, float, float, float], field) -> None:
        """Composite a crisp full-resolution field into ``img`` (uint8, in place), only inside
        ``box`` = (x0, y0, x1, y1) in units. ``field(X, Y, px)`` gets unit coordinates of the
        box's pixel centres (rows (h, 1), columns (1, w)) and px per unit, and returns
        ``(rgb (h, w, 3) 0..1, alpha (h, w) 0..1)``."""
        x0, y0 = max(0, int(box[0] * self.s)), max(0, int(box[1] * self.s))
        x1, y1 = min(self.width, int(math.ceil(box[2] * self.s))), min(self.height, int(math.ceil(box[3] * self.s)))
        if x1 <= x0 or y1 <= y0:
            return
        X = ((np.arange(x0, x1, dtype=np.float32) + 0.5) / self.s)[None, :]
        Y = ((np.arange(y0, y1, dtype=np.float32) + 0.5) / self.s)[:, None]
        rgb, alpha = field(X, Y, float(self.s))
        region = img[y0:y1, x0:x1].astype(np.float32)
        region += (rgb * 255.0 - region) * alpha[..., None]
        img[y0:y1, x0:x1] = np.clip(region + 0.5, 0, 255).astype(np.uint8)

    def sharp(self) -> Sharp:
        """A transparent full-resolution layer for crisp anti-aliased details."""
        return Sharp(self)


def _pts(points: npt.ArrayLike, scale: float) -> np.ndarray:
    """Unit coordinates (n, 2) -> fixed-point int32 px for cv2 drawing with ``_SHIFT``."""
    return np.round(np.asarray(points, np.float64) * scale * _ONE).astype(np.int32)


class Glow:
    """Shapes drawn on the work grid (no anti-aliasing needed: they are blurred afterwards).

    Colours are float RGB (may exceed 1 for hot light); sizes in units.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.img = np.zeros((canvas.wh, canvas.ww, 3), np.float32)

    def line(self, p0: tuple[float, float], p1: tuple[float, float], color: np.ndarray, width: float) -> None:
        a, b = _pts([p0, p1], self.c.k)
        cv2.line(self.img, tuple(a), tuple(b), tuple(float(v) for v in color),
                 max(1, round(width * self.c.k)), cv2.LINE_8, _SHIFT)

    def polyline(self, pts: np.ndarray, color: np.ndarray, width: float) -> None:
        cv2.polylines(self.img, [_pts(pts, self.c.k)], False, tuple(float(v) for v in color),
                      max(1, round(width * self.c.k)), cv2.LINE_8, _SHIFT)

    def circle(self, center: tuple[float, float], r: float, color: np.ndarray) -> None:
        (cx, cy), = _pts([center], self.c.k)
        cv2.circle(self.img, (int(cx), int(cy)), max(1, round(r * self.c.k * _ONE)),
                   tuple(float(v) for v in color), -1, cv2.LINE_8, _SHIFT)

    def polygon(self, pts: np.ndarray, color: np.ndarray) -> None:
        cv2.fillPoly(self.img, [_pts(pts, self.c.k)], tuple(float(v) for v in color), cv2.LINE_8, _SHIFT)

    def blurred(self, sigma: float) -> np.ndarray:
        """The drawing blurred with ``sigma`` units, shape (wh, ww, 3)."""
        return self.c.blur(self.img, sigma)


class Sharp:
    """Full-resolution RGB layer with alpha, drawn anti-aliased by OpenCV.

    Colour is stored premultiplied (shapes are drawn on black), so :meth:`over` computes
    ``dst*(1-a) + premultiplied`` and :meth:`add` is a saturating additive (light) blend.
    ``alpha`` (0..1) scales a shape's opacity; sizes are in units (fractions of min(w, h)).
    Line widths under one px are drawn one px wide with proportionally lower alpha.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.rgb = np.zeros((canvas.height, canvas.width, 3), np.uint8)
        self.a = np.zeros((canvas.height, canvas.width), np.uint8)

    def _width(self, width: float, alpha: float) -> tuple[int, float]:
        px = width * self.c.s
        if px < 1.0:
            return 1, alpha * max(px, 0.15)
        return round(px), alpha

    def _col(self, color: np.ndarray, alpha: float) -> tuple[tuple[float, ...], float]:
        a = min(max(float(alpha), 0.0), 1.0) * 255.0
        return tuple(min(max(float(v), 0.0), 1.0) * a for v in color), a

    def line(self, p0: tuple[float, float], p1: tuple[float, float], color: np.ndarray, width: float,
             alpha: float = 1.0) -> None:
        t, alpha = self._width(width, alpha)
        col, a = self._col(color, alpha)
        p, q = _pts([p0, p1], self.c.s)
        cv2.line(self.rgb, tuple(p), tuple(q), col, t, cv2.LINE_AA, _SHIFT)
        cv2.line(self.a, tuple(p), tuple(q), a, t, cv2.LINE_AA, _SHIFT)

    def polyline(self, pts: np.ndarray, color: np.ndarray, width: float, alpha: float = 1.0) -> None:
        t, alpha = self._width(width, alpha)
        col, a = self._col(color, alpha)
        arr = [_pts(pts, self.c.s)]
        cv2.polylines(self.rgb, arr, False, col, t, cv2.LINE_AA, _SHIFT)
        cv2.polylines(self.a, arr, False, a, t, cv2.LINE_AA, _SHIFT)

    def circle(self, center: tuple[float, float], r: float, color: np.ndarray, alpha: float = 1.0,
               width: float | None = None) -> None:
        """Filled disc, or a ring of ``width`` units when given."""
        t, alpha = (-1, alpha) if width is None else self._width(width, alpha)
        rp = r * self.c.s
        if rp < 0.7:  # sub-pixel dot: fade instead of vanishing
            alpha *= max(rp / 0.7, 0.2) ** 2
        col, a = self._col(color, alpha)
        c = (round(float(center[0]) * self.c.s * _ONE), round(float(center[1]) * self.c.s * _ONE))
        rr = max(1, round(rp * _ONE))
        cv2.circle(self.rgb, c, rr, col, t, cv2.LINE_AA, _SHIFT)
        cv2.circle(self.a, c, rr, a, t, cv2.LINE_AA, _SHIFT)

    def polygon(self, pts: np.ndarray, color: np.ndarray, alpha: float = 1.0) -> None:
        col, a = self._col(color, alpha)
        arr = [_pts(pts, self.c.s)]
        cv2.fillPoly(self.rgb, arr, col, cv2.LINE_AA, _SHIFT)
        cv2.fillPoly(self.a, arr, a, cv2.LINE_AA, _SHIFT)

    def rect(self, x0: float, y0: float, x1: float, y1: float, color: np.ndarray, alpha: float = 1.0) -> None:
        self.polygon(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), color, alpha)

    def over(self, dst: np.ndarray) -> np.ndarray:
        """Composite onto ``dst`` (H, W, 3) uint8 in place with normal (over) blending."""
        inv = cv2.cvtColor(255 - self.a, cv2.COLOR_GRAY2RGB)
        cv2.multiply(dst, inv, dst, scale=1.0 / 255.0)
        cv2.add(dst, self.rgb, dst)
        return dst

    def add(self, dst: np.ndarray) -> np.ndarray:
        """Composite onto ``dst`` in place with saturating additive blending (light)."""
        cv2.add(dst, self.rgb, dst)
        return dst


def soft_clip(x: np.ndarray, knee: float = 0.75) -> np.ndarray:
    """Tone-map light values: identity below ``knee``, then an exponential shoulder that
    approaches 1.0 (avoids flat clipped blobs in additive glows). In place; returns ``x``."""
    over = x > knee
    room = 1.0 - knee
    x[over] = knee + room * (1.0 - np.exp(-(x[over] - knee) / room))
    return x


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """Hermite smoothstep of ``x`` between edges ``e0`` and ``e1`` (GLSL definition)."""
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def rotate(points: np.ndarray, angle: float, center: tuple[float, float]) -> np.ndarray:
    """Rotate (n, 2) unit points by ``angle`` radians around ``center``."""
    ca, sa = math.cos(angle), math.sin(angle)
    p = np.asarray(points, np.float64) - center
    return np.stack([p[:, 0] * ca - p[:, 1] * sa, p[:, 0] * sa + p[:, 1] * ca], axis=1) + center
