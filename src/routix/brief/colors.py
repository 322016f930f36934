"""Colour hints from a prompt: colour words and ``#hex`` codes -> ``#RRGGBB``, in order of mention.

Named colours are the sRGB values of the CSS Color Module Level 4 keywords where CSS has
one (``navy`` = ``#000080``), otherwise a common design value (``neon green`` = ``#39FF14``).
Modifiers ``dark``/``deep``, ``light``/``pale``, ``pastel``, ``neon``/``bright``/``electric``
in front of a base colour shift it in HLS space (lightness/saturation, Python ``colorsys``).
"""

from __future__ import annotations

import colorsys
import re

#: Colour word -> sRGB hex. Multi-word names take precedence over their last word.
COLOR_NAMES: dict[str, str] = {
    "red": "#E53935",
    "crimson": "#DC143C",
    "maroon": "#800000",
    "burgundy": "#800020",
    "orange": "#FF8C00",
    "yellow": "#FFD400",
    "gold": "#FFD700",
    "golden": "#FFD700",
    "amber": "#FFBF00",
    "green": "#2ECC40",
    "lime": "#32CD32",
    "olive": "#808000",
    "mint": "#98FF98",
    "emerald": "#50C878",
    "teal": "#008080",
    "turquoise": "#40E0D0",
    "cyan": "#00FFFF",
    "aqua": "#00FFFF",
    "blue": "#1E6BFF",
    "sky blue": "#87CEEB",
    "royal blue": "#4169E1",
    "navy": "#000080",
    "navy blue": "#000080",
    "indigo": "#4B0082",
    "purple": "#8E24AA",
    "violet": "#8F00FF",
    "lavender": "#E6E6FA",
    "magenta": "#FF00FF",
    "pink": "#FF69B4",
    "hot pink": "#FF1493",
    "coral": "#FF7F50",
    "peach": "#FFCBA4",
    "brown": "#8B4513",
    "beige": "#F5F5DC",
    "cream": "#FFFDD0",
    "white": "#FFFFFF",
    "black": "#000000",
    "grey": "#808080",
    "gray": "#808080",
    "silver": "#C0C0C0",
    "charcoal": "#36454F",
    "neon green": "#39FF14",
    "neon pink": "#FF10F0",
    "neon blue": "#1F51FF",
    "pastel pink": "#FFD1DC",
    "pastel blue": "#AEC6CF",
    "pastel green": "#77DD77",
    "pastel purple": "#C3B1E1",
}

_MODIFIERS = ("dark", "deep", "light", "pale", "pastel", "neon", "bright", "electric")
_NAMES = sorted(COLOR_NAMES, key=len, reverse=True)
_NAME_RE = re.compile(
    r"\b(?:(?P<mod>" + "|".join(_MODIFIERS) + r")[\s-]+)?(?P<name>"
    + "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in _NAMES)
    + r")\b",
    re.IGNORECASE,
)
#: Phrases where a colour word names a thing, not a colour.
_NOT_COLOR = re.compile(
    r"\b(?:black holes?|navy seals?|green screens?|white house|golden retrievers?)\b", re.IGNORECASE
)
_HEX_RE = re.compile(r"(?<![\w#])#(?P<hex>[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![\w])")


def _shift(hex_color: str, modifier: str) -> str:
    """Apply a modifier word to ``#RRGGBB`` in HLS space; returns ``#RRGGBB``."""
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    if modifier in ("dark", "deep"):
        l *= 0.55
    elif modifier in ("light", "pale"):
        l += (1 - l) * 0.5
    elif modifier == "pastel":
        l, s = l + (1 - l) * 0.6, s * 0.7
    else:  # neon, bright, electric
        l, s = min(max(l, 0.5), 0.6), 1.0
    r, g, b = colorsys.hls_to_rgb(h, l, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def color_hints(text: str) -> list[str]:
    """Colours named in ``text`` as unique ``#RRGGBB`` strings, in order of first mention.

    ``#RGB`` codes are expanded to ``#RRGGBB``; hex output is upper-case. Phrases such as
    "black hole" or "navy seal" are not colours.
    """
    text = _NOT_COLOR.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, str]] = []
    for m in _HEX_RE.finditer(text):
        code = m.group("hex").upper()
        if len(code) == 3:
            code = "".join(c * 2 for c in code)
        found.append((m.start(), "#" + code))
    for m in _NAME_RE.finditer(text):
        name = re.sub(r"[\s-]+", " ", m.group("name").lower())
        color = COLOR_NAMES[name]
        mod = (m.group("mod") or "").lower()
        if mod:
            combined = f"{mod} {name}"
            color = COLOR_NAMES.get(combined) or _shift(color, mod)
        found.append((m.start(), color))
    hints: list[str] = []
    for _, color in sorted(found):
        if color not in hints:
            hints.append(color)
    return hints
