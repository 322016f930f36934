"""Colour schemes from one colour: a four-colour palette (deep, base, light, near-white) built
in HLS space around the named colour, so "blue" gives a dark navy to pale blue range that a
title in white or yellow still reads on."""

from __future__ import annotations

import colorsys


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (r, g, b))


def scheme_for(color: str) -> list[str]:
    """``#RRGGBB`` -> four colours ``#RRGGBB`` from deep to light of that hue. Greys (black,
    white, grey) give a neutral scheme."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    if s < 0.08:  # black, white, greys: a neutral scheme
        return ["#0E0E10", "#3A3A40", "#9A9AA2", "#F4F4F6"]
    s = max(s, 0.65)
    return [_hex(*colorsys.hls_to_rgb(h, light, sat)) for light, sat in
            ((0.14, s), (max(0.42, min(lightness, 0.55)), s), (0.68, s), (0.93, 0.5))]
