"""Easing curves: progress 0..1 in, eased progress out (0 -> 0, 1 -> 1).

The "back" curves overshoot (ease_out_back peaks at ~1.10 near t = 0.7) and are meant for
scale and position; opacities clamp them to 0..1. Formulas after Robert Penner's easing
equations (the CSS / easings.net set).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

_BACK: Final = 1.70158


def linear(t: float) -> float:
    return t


def ease_in_cubic(t: float) -> float:
    return t * t * t


def ease_out_cubic(t: float) -> float:
    return 1 - (1 - t) ** 3


def ease_in_out_cubic(t: float) -> float:
    return 4 * t * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def ease_in_out_sine(t: float) -> float:
    return -(math.cos(math.pi * t) - 1) / 2


def ease_out_back(t: float) -> float:
    u = t - 1
    return 1 + (_BACK + 1) * u ** 3 + _BACK * u ** 2


def ease_in_out_back(t: float) -> float:
    c = _BACK * 1.525
    if t < 0.5:
        return (2 * t) ** 2 * ((c + 1) * 2 * t - c) / 2
    return ((2 * t - 2) ** 2 * ((c + 1) * (t * 2 - 2) + c) + 2) / 2


EASINGS: Final[dict[str, Callable[[float], float]]] = {
    "linear": linear,
    "ease_in_cubic": ease_in_cubic,
    "ease_out_cubic": ease_out_cubic,
    "ease_in_out_cubic": ease_in_out_cubic,
    "ease_in_out_sine": ease_in_out_sine,
    "ease_out_back": ease_out_back,
    "ease_in_out_back": ease_in_out_back,
}


def ease(name: str, t: float) -> float:
    """``EASINGS[name]`` at ``t`` clamped to 0..1 (the ends are exact: 0 -> 0.0, 1 -> 1.0)."""
    if t <= 0:
        return 0.0
    if t >= 1:
        return 1.0
    return EASINGS[name](t)


__all__ = ["EASINGS", "ease"]
