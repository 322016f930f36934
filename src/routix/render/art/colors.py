"""Palette parsing and colour helpers for procedural art.

Colours are float32 sRGB triples in 0..1 (shape ``(3,)``). A :class:`Palette` turns the
caller's 1-8 hex colours into the roles the motifs use: ``palette[0]`` is the dominant
accent, further entries are secondary accents, and missing entries are derived from the
accent by rotating its hue, so a one-colour palette still gives a rich picture.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Sequence

import cv2
import numpy as np

from routix.errors import InvalidInput

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

#: Hue offsets (turns) used to derive missing palette entries from the accent colour:
#: analogous, split-complementary and complementary neighbours.
_DERIVED_HUE_SHIFTS = (0.0, 0.08, -0.09, 0.5, 0.16, -0.18, 0.42, -0.33)

Color = np.ndarray


def parse_hex(value: str) -> Color:
    """``'#RRGGBB'`` (or ``'#RRGGBBAA'``, alpha ignored) -> float32 RGB 0..1, shape (3,).

    Raises InvalidInput for anything else.
    """
    if not isinstance(value, str) or not _HEX.match(value):
        raise InvalidInput(f"invalid palette colour {value!r}: expected '#RRGGBB'")
    return np.array([int(value[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32) / 255.0


def luminance(c: Color) -> float:
    """Relative luminance of an sRGB colour (Rec. 709 weights on gamma-encoded values, a fast proxy)."""
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def to_hsv(c: Color) -> tuple[float, float, float]:
    """RGB 0..1 -> (hue in turns 0..1, saturation 0..1, value 0..1)."""
    return colorsys.rgb_to_hsv(float(c[0]), float(c[1]), float(c[2]))


def from_hsv(h: float, s: float, v: float) -> Color:
    """(hue in turns, saturation, value) -> float32 RGB 0..1."""
    return np.array(colorsys.hsv_to_rgb(h % 1.0, min(max(s, 0.0), 1.0), min(max(v, 0.0), 1.0)), dtype=np.float32)


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend ``a*(1-t) + b*t`` of two colours."""
    return (a * (1.0 - t) + b * t).astype(np.float32)


def lighten(c: Color, t: float) -> Color:
    """Blend toward white by ``t`` (0..1)."""
    return mix(c, np.ones(3, np.float32), t)


def shade(c: Color, value: float, sat_scale: float = 1.0) -> Color:
    """Same hue at HSV value ``value`` and saturation scaled by ``sat_scale``."""
    h, s, _ = to_hsv(c)
    return from_hsv(h, s * sat_scale, value)


def vivid(c: Color, min_sat: float = 0.55, min_val: float = 0.75) -> Color:
    """Same hue, saturation and value raised to at least the given floors (for glows)."""
    h, s, v = to_hsv(c)
    if s < 0.08:  # a grey or white accent stays neutral
        return from_hsv(h, s, max(v, min_val))
    return from_hsv(h, max(s, min_sat), max(v, min_val))


def ramp(stops: Sequence[tuple[float, Color]], n: int = 256) -> np.ndarray:
    """A colour lookup table, shape ``(n, 3)`` float32, interpolating ``(position 0..1, colour)``
    stops; :func:`apply_ramp` needs the default ``n=256``."""
    pos = np.array([p for p, _ in stops], dtype=np.float32)
    cols = np.stack([c for _, c in stops]).astype(np.float32)
    t = np.linspace(0.0, 1.0, n, dtype=np.float32)
    return np.stack([np.interp(t, pos, cols[:, k]) for k in range(3)], axis=1).astype(np.float32)


def apply_ramp(lut: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Map a 2-D scalar field ``t`` (h, w) of 0..1 through a LUT from :func:`ramp` (256
    entries) -> (h, w, 3) float32. Uses OpenCV's table lookup (one pass, no index array)."""
    idx = cv2.cvtColor(np.clip(t * 255.0 + 0.5, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2RGB)
    return cv2.LUT(idx, np.ascontiguousarray(lut.reshape(256, 1, 3)))


class Palette:
    """The caller's colours with derived extras.

    ``palette[i]`` is the i-th given colour, or, past the end, the accent with its hue
    rotated by ``_DERIVED_HUE_SHIFTS[i]``. ``len(palette)`` is the number of given colours.
    Raises InvalidInput for an empty list, more than 8 colours, or a malformed entry.
    """

    def __init__(self, hexes: Sequence[str]) -> None:
        if isinstance(hexes, str) or not isinstance(hexes, Sequence):
            raise InvalidInput("palette must be a list of '#RRGGBB' colours")
        if not 1 <= len(hexes) <= 8:
            raise InvalidInput(f"palette needs 1-8 colours, got {len(hexes)}")
        self.colors: list[Color] = [parse_hex(h) for h in hexes]

    def __len__(self) -> int:
        return len(self.colors)

    def __getitem__(self, i: int) -> Color:
        if i < len(self.colors):
            return self.colors[i]
        h, s, v = to_hsv(self.colors[0])
        shift = _DERIVED_HUE_SHIFTS[i % len(_DERIVED_HUE_SHIFTS)]
        return from_hsv(h + shift, max(s, 0.5), max(v, 0.7))

    @property
    def accent(self) -> Color:
        """The dominant colour (first given)."""
        return self.colors[0]

    def accents(self, n: int) -> list[Color]:
        """The first ``n`` bright colours: given colours that are not near-black, then derived ones."""
        bright = [c for c in self.colors if max(c) > 0.3]
        i = len(self.colors)
        while len(bright) < n:
            bright.append(self[i])
            i += 1
        return bright[:n]

    def dark(self, value: float = 0.09) -> Color:
        """A deep background colour: the darkest given colour if it is dark (luminance < 0.2),
        otherwise the accent's hue at HSV ``value`` with reduced saturation."""
        darkest = min(self.colors, key=luminance)
        if luminance(darkest) < 0.2 and len(self.colors) > 1:
            return darkest
        return shade(self.accent, value, 0.85)
