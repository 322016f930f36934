"""Colour maths for the quality report: hex parsing, alpha compositing, WCAG 2.x contrast.

Formulas (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance and
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio):

* sRGB channel ``c`` in 0..1 is linearised as ``c / 12.92`` if ``c <= 0.04045`` else
  ``((c + 0.055) / 1.055) ** 2.4``;
* relative luminance ``L = 0.2126 R + 0.7152 G + 0.0722 B`` (linear channels), 0..1;
* contrast ratio ``(L1 + 0.05) / (L2 + 0.05)`` with ``L1`` the lighter one, 1..21.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]


def parse_hex(color: str) -> RGBA:
    """``"#RRGGBB"`` or ``"#RRGGBBAA"`` -> ``(r, g, b, a)`` with each channel 0..255.

    Raises ValueError for any other string (the design document validates the pattern).
    """
    digits = color.lstrip("#")
    if not color.startswith("#") or len(digits) not in (6, 8):
        raise ValueError(f"not a #RRGGBB or #RRGGBBAA colour: {color!r}")
    channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
    if len(channels) == 3:
        channels.append(255)
    r, g, b, a = channels
    return r, g, b, a


def to_hex(rgb: Sequence[float] | np.ndarray) -> str:
    """``(r, g, b)`` 0..255 (rounded to integers) -> ``"#RRGGBB"``."""
    r, g, b = (int(round(c)) for c in rgb[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def composite(fg: RGBA, bg: npt.ArrayLike) -> np.ndarray:
    """Alpha-composite one RGBA colour over background colours ("over" operator, sRGB space).

    ``fg``: (r, g, b, a) 0..255; ``bg``: array (..., 3) of 0..255 values.
    Returns float array (..., 3), 0..255.
    """
    alpha = fg[3] / 255.0
    return alpha * np.asarray(fg[:3], dtype=np.float64) + (1.0 - alpha) * np.asarray(bg, dtype=np.float64)


def luminance_array(rgb: npt.ArrayLike) -> np.ndarray:
    """Relative luminance (0..1) of an array (..., 3) of sRGB values 0..255 (WCAG 2.x formula)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def relative_luminance(rgb: Sequence[int] | str) -> float:
    """WCAG 2.x relative luminance (0 = black, 1 = white) of an sRGB colour.

    ``rgb``: ``(r, g, b)`` with channels 0..255, or a ``"#RRGGBB"`` string (alpha ignored).
    Source: https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
    """
    if isinstance(rgb, str):
        rgb = parse_hex(rgb)[:3]
    return float(luminance_array(np.asarray(rgb[:3], dtype=np.float64)))


def contrast_from_luminance(l1: np.ndarray | float, l2: np.ndarray | float) -> np.ndarray | float:
    """WCAG contrast ratio (1..21) of two relative luminances (scalars or arrays, any order)."""
    hi = np.maximum(l1, l2)
    lo = np.minimum(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def wcag_contrast(rgb1: Sequence[int] | str, rgb2: Sequence[int] | str) -> float:
    """WCAG 2.x contrast ratio between two sRGB colours, 1.0 (same) .. 21.0 (black/white).

    Colours are ``(r, g, b)`` 0..255 or ``"#RRGGBB"`` strings.
    Source: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
    """
    return float(contrast_from_luminance(relative_luminance(rgb1), relative_luminance(rgb2)))
