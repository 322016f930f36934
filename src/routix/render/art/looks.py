"""Looks: the art, palette and light of a design that follow a brief's category and mood.

A design with a photo keeps its template's look (the person and the template carry it); a
design without one has nothing but its art, hero and title, so its look comes from here:

* the **palette** (dominant first) and the **motifs** that fit the category (at least two
  each, best first); the motif is the first of them whose keywords the request names, else
  one that suits the mood, else a seeded pick between the first two;
* the **tone** a hero icon gets (:mod:`routix.icons.tone`): dark, calm, warm, vivid, plain;
* global **adjustments** (saturation, brightness, contrast, vignette) and an art intensity
  scale, from the mood: dark moods are darker and desaturated with a cold accent, calm ones
  low in saturation and contrast, loud ones saturated; calm and mysterious moods also mute a
  loud category's own palette (``PALETTE_SHIFTS``).

:func:`look_for` is pure: the same arguments give the same look.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field, replace

import numpy as np

#: Words that turn a finance look red-first (the chart falls).
_DOWN = re.compile(r"\b(?:crash\w*|collaps\w*|fall\w*|drop\w*|down|loss\w*|losing|recession|bear\w*|dump\w*|"
                   r"plung\w*|bankrupt\w*|scam\w*|debt|broke)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Look:
    """Palette ('#RRGGBB', dominant first), candidate ``motifs`` (best fitting first), hero
    ``tone``, global adjustments (1.0 = neutral) and ``intensity`` scale for the art (x energy)."""

    palette: tuple[str, ...]
    motifs: tuple[str, ...]
    tone: str = "plain"
    saturation: float = 1.0
    brightness: float = 1.0
    contrast: float = 1.0
    vignette: float = 0.0
    intensity: float = 1.0
    title: str = "#FFFFFF"
    title_stroke: str = "#000000"
    accent: str = "#FFD400"
    panel: tuple[str, str] = field(default=("#000000", "#000000"))


#: The look of each category (mood adjustments are applied on top by :func:`look_for`).
CATEGORY_LOOKS: dict[str, Look] = {
    "horror": Look(("#8FB3D9", "#2A3340", "#0A0D11", "#D7E2EC"), ("fog", "night_sky"), tone="dark",
                   saturation=0.7, brightness=0.92, contrast=1.1, vignette=0.45, intensity=0.9,
                   title="#E8EEF3", title_stroke="#05070A", accent="#C62828", panel=("#1B2330", "#0B0F14")),
    "wellness": Look(("#8FA9C9", "#C9B8E0", "#1B2440", "#F3EAD8"), ("night_sky", "nature", "soft_mesh"),
                     tone="calm", saturation=0.8, contrast=0.92, intensity=0.6,
                     title="#FFFFFF", title_stroke="#1B2440", accent="#F3D9A4", panel=("#2E3A5C", "#46557D")),
    "science": Look(("#7C4DFF", "#00B8D4", "#05060F", "#E1F5FE"), ("starfield", "light_rays", "nature"),
                    tone="vivid", vignette=0.2, title="#FFFFFF", title_stroke="#0A0630", accent="#00E5FF",
                    panel=("#1A1045", "#04243A")),
    "food": Look(("#D9893A", "#FFB347", "#3B1F0E", "#FFF3E0"), ("tabletop", "bokeh"), tone="warm",
                 saturation=1.05, title="#FFF7ED", title_stroke="#3B1F0E", accent="#FFB347",
                 panel=("#7A3E12", "#A8551C")),
    "finance": Look(("#00E676", "#FF1744", "#07110C", "#FFFFFF"), ("stock_chart", "light_rays"), tone="vivid",
                    saturation=1.1, vignette=0.2, title="#FFFFFF", title_stroke="#000000", accent="#00E676",
                    panel=("#0B3D1E", "#4A0A14")),
    "fitness": Look(("#FF3D00", "#FFB300", "#111111", "#FFFFFF"), ("speed_lines", "fire_burst", "light_rays"),
                    tone="vivid", saturation=1.1, title="#FFFFFF", title_stroke="#000000", accent="#FFB300",
                    panel=("#5A0E00", "#1A1A1A")),
    "gaming": Look(("#7C4DFF", "#00E5FF", "#0B0221", "#FF2BD6"), ("neon_grid", "fire_burst", "speed_lines"),
                   tone="vivid", saturation=1.1, title="#FFFFFF", title_stroke="#14002E", accent="#00E5FF",
                   panel=("#2A0B5C", "#003C4F")),
    "tech": Look(("#3B82F6", "#22D3EE", "#0F172A", "#F8FAFC"), ("circuit", "soft_mesh", "neon_grid"),
                 title="#FFFFFF", title_stroke="#0F172A", accent="#22D3EE", panel=("#1E3A8A", "#0E4D5C")),
    "tutorial": Look(("#4F46E5", "#FFD23F", "#111827", "#F4F6FF"), ("soft_mesh", "light_rays", "confetti"),
                     title="#FFFFFF", title_stroke="#111827", accent="#FFD23F", panel=("#312E81", "#4C1D95")),
    "education": Look(("#1E5BD8", "#FFD23F", "#0A1530", "#FFFFFF"), ("light_rays", "soft_mesh", "starfield"),
                      title="#FFFFFF", title_stroke="#0A1530", accent="#FFD23F", panel=("#0B3D91", "#12326E")),
    "news": Look(("#E53935", "#FACC15", "#140404", "#FFFFFF"), ("light_rays", "speed_lines", "fog"), tone="vivid",
                 title="#FFFFFF", title_stroke="#140404", accent="#FACC15", panel=("#7F1212", "#2B2B2B")),
    "music": Look(("#FF00A8", "#7A00FF", "#12002B", "#00F0FF"), ("bokeh", "neon_grid", "light_rays"), tone="vivid",
                  title="#FFFFFF", title_stroke="#2A004F", accent="#00F0FF", panel=("#4A0057", "#1E0A5C")),
    "beauty": Look(("#F9A8D4", "#FDE68A", "#831843", "#FFFFFF"), ("soft_mesh", "bokeh", "tabletop"),
                   title="#FFFFFF", title_stroke="#831843", accent="#FDE68A", panel=("#9D174D", "#BE185D")),
    "travel": Look(("#FF7A3D", "#FFC15E", "#2E86AB", "#FFF5E1"), ("sunset", "nature", "light_rays"), tone="warm",
                   title="#FFFFFF", title_stroke="#3A1A00", accent="#FFC15E", panel=("#1F5F80", "#8C3B12")),
    "vlog": Look(("#FF7A59", "#FFC15E", "#7B2CBF", "#FFF5E1"), ("sunset", "confetti", "bokeh"),
                 title="#FFFFFF", title_stroke="#2B1B3F", accent="#FFC15E", panel=("#5B1F8F", "#A8432C")),
    "reaction": Look(("#FFE600", "#FF2D55", "#111111", "#FFFFFF"), ("comic_burst", "speed_lines"), tone="vivid",
                     saturation=1.1, title="#FFFFFF", title_stroke="#000000", accent="#FF2D55",
                     panel=("#B0002A", "#1A1A1A")),
    "podcast": Look(("#F59E0B", "#F472B6", "#111827", "#F9FAFB"), ("bokeh", "soft_mesh", "night_sky"),
                    title="#FFFFFF", title_stroke="#111827", accent="#F59E0B", panel=("#374151", "#1F2937")),
}

#: Mood adjustments: (saturation x, brightness x, contrast x, vignette +, intensity x, tone or None).
MOOD_SHIFTS: dict[str, tuple[float, float, float, float, float, str | None]] = {
    "energetic": (1.08, 1.0, 1.05, 0.0, 1.1, "vivid"),
    "dramatic": (1.0, 0.95, 1.1, 0.15, 1.0, None),
    "playful": (1.08, 1.03, 1.0, 0.0, 1.0, None),
    "calm": (0.82, 1.0, 0.92, 0.0, 0.7, "calm"),
    "serious": (0.95, 1.0, 1.0, 0.05, 0.9, None),
    "mysterious": (0.8, 0.92, 1.08, 0.25, 0.9, None),
    "inspiring": (1.03, 1.03, 1.0, 0.0, 1.0, None),
    "cozy": (0.95, 1.0, 0.96, 0.1, 0.85, "warm"),
}

#: Motifs that suit a mood, tried before the category's own order when the category lists them.
MOOD_MOTIFS: dict[str, tuple[str, ...]] = {
    "calm": ("night_sky", "soft_mesh", "nature", "bokeh"),
    "mysterious": ("fog", "night_sky", "starfield"),
    "cozy": ("tabletop", "bokeh"),
}


#: Categories whose hero tone the mood words never change (a "calm" recipe is still warm food).
FIXED_TONES: dict[str, str] = {"horror": "dark", "food": "warm", "wellness": "calm"}

#: Palette shifts of a mood on a category's own colours: (saturation x, lightness x), HLS.
PALETTE_SHIFTS: dict[str, tuple[float, float]] = {
    "calm": (0.55, 1.0),
    "mysterious": (0.7, 0.8),
}


def _muted(color: str, saturation: float, lightness: float) -> str:
    """``#RRGGBB`` with its HLS saturation and lightness scaled (Python ``colorsys``)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, light, sat = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, min(1.0, light * lightness), sat * saturation)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, value))


def look_for(category: str, mood: str, prompt: str, seed: int) -> Look:
    """The look for a brief's ``category`` and ``mood`` (unknown ones fall back to tutorial's
    look and no mood shift). ``prompt`` picks the motif (the first look motif whose keywords,
    ``routix.render.art.MOTIFS[motif].keywords``, occur in it, else a mood-fitting one, else one
    chosen by ``seed``) and turns a finance look red-first for a fall ("crash", "loss", ...).
    Returns a new Look whose ``motifs`` start with the chosen motif.
    """
    from routix.render.art import MOTIFS

    keywords = {name: info.keywords for name, info in MOTIFS.items()}
    look = CATEGORY_LOOKS.get(category, CATEGORY_LOOKS["tutorial"])
    sat, bright, contrast, vignette, intensity, tone = MOOD_SHIFTS.get(mood, (1.0, 1.0, 1.0, 0.0, 1.0, None))
    tone = FIXED_TONES.get(category, tone)  # horror stays dark, food warm, wellness calm
    palette = look.palette
    if category == "finance" and _DOWN.search(prompt):
        palette = (palette[1], palette[0], *palette[2:])
    if mood in PALETTE_SHIFTS and category not in FIXED_TONES:  # those looks keep their own colours
        palette = tuple(_muted(c, *PALETTE_SHIFTS[mood]) for c in palette)
    words = set(re.findall(r"[a-z]+", prompt.lower()))
    words |= {w[:-1] for w in words if w.endswith("s")}
    named = [m for m in look.motifs if words & set(keywords.get(m, ()))]
    moody = [m for m in MOOD_MOTIFS.get(mood, ()) if m in look.motifs]
    if named:
        motif = named[0]
    elif moody:
        motif = moody[0]
    else:  # the seed picks one of the two best-fitting motifs; the rest come in only when named
        motif = look.motifs[int(np.random.default_rng(seed).integers(min(2, len(look.motifs))))]
    motifs = (motif, *(m for m in look.motifs if m != motif))
    return replace(
        look,
        palette=palette,
        motifs=motifs,
        tone=tone or look.tone,
        saturation=round(_clamp(look.saturation * sat, 0.3, 1.4), 3),
        brightness=round(_clamp(look.brightness * bright, 0.6, 1.2), 3),
        contrast=round(_clamp(look.contrast * contrast, 0.7, 1.3), 3),
        vignette=round(_clamp(look.vignette + vignette, 0.0, 0.8), 3),
        intensity=round(_clamp(look.intensity * intensity, 0.3, 1.2), 3),
    )
