"""Style presets: named bundles of template family, palette rules, title treatment and art.

A :class:`StylePreset` steers a generation without replacing what the request says:

* **template family** (``family``): template categories preferred by the search; a family
  template wins when it scores within :data:`FAMILY_MARGIN` of the best match. ``style``,
  ``mood`` and ``energy`` replace the brief's, so the search and the art read the preset.
* **palette rules** (``palette``): the preset's colours lead the palette unless the request
  names colours (then the request's lead and the preset's follow); the contrast fix still runs
  afterwards, so a preset never makes the title unreadable.
* **title treatment** (``title``): font, case, fill, stroke and an optional highlight box
  behind the title.
* **art** (``motif``, ``adjustments``): the procedural motif painted behind everything and the
  global grade (brightness, contrast, saturation, vignette).
* **realism** 0..100 (``realism``, the preset's default; a request may override it): at 50 or
  more a scene photo is the background, graded less the more photographic the setting; below
  50 the art is the preset's procedural motif and a scene photo becomes a framed card.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routix.brief.models import Brief
from routix.design.models import (
    Adjustments,
    BackgroundLayer,
    Design,
    Highlight,
    Layer,
    ProceduralFill,
    Solid,
    Stroke,
    TextLayer,
)

#: A family template wins when it scores at most this much (cosine) below the best match.
FAMILY_MARGIN = 0.25
#: Realism at and above which a scene photo is the background (below: a framed card).
PHOTO_REALISM = 50


@dataclass(frozen=True)
class TitleTreatment:
    """How the title is drawn: ``font`` (``routix.render.fonts`` id), ``uppercase``, ``fill``
    and ``stroke`` colours (stroke width in fractions of the font size; 0 = none), and a
    ``highlight`` box colour behind the text (None = no box)."""

    font: str
    uppercase: bool = True
    fill: str = "#FFFFFF"
    stroke: str = "#000000"
    stroke_width: float = 0.08
    highlight: str | None = None


@dataclass(frozen=True)
class StylePreset:
    """One named preset (see the module doc for what each part does)."""

    name: str
    label: str
    description: str
    family: tuple[str, ...]
    style: str
    mood: str
    energy: int
    palette: tuple[str, ...]
    title: TitleTreatment
    motif: str
    adjustments: Adjustments = field(default_factory=Adjustments)
    realism: int = 50
    sample_prompt: str = ""


def _adj(brightness: float = 1.0, contrast: float = 1.0, saturation: float = 1.0, vignette: float = 0.0) -> Adjustments:
    return Adjustments(brightness=brightness, contrast=contrast, saturation=saturation, vignette=vignette)


PRESETS: dict[str, StylePreset] = {p.name: p for p in (
    StylePreset(
        "bold-reaction", "Bold reaction", "Loud yellow and red, comic burst, huge outlined title: the reaction look.",
        ("reaction", "gaming"), "bold", "energetic", 10, ("#FFD400", "#FF2D2D", "#111111"),
        TitleTreatment("anton", fill="#FFFFFF", stroke="#000000", stroke_width=0.12), "comic_burst",
        _adj(1.05, 1.15, 1.25, 0.2), 40, "I can't believe this happened",
    ),
    StylePreset(
        "minimal-clean", "Minimal clean", "Calm pastel field, lots of space, a quiet semibold title without outline.",
        ("tech", "education", "wellness"), "minimal", "calm", 3, ("#F4F1EA", "#1F2A44", "#E86A58"),
        TitleTreatment("montserrat", uppercase=False, fill="#1F2A44", stroke="#FFFFFF", stroke_width=0.0),
        "soft_mesh", _adj(1.05, 0.95, 0.85, 0.0), 55, "five habits for a calmer morning",
    ),
    StylePreset(
        "cinematic", "Cinematic", "Teal and orange grade, light rays, deep vignette, tall condensed title.",
        ("vlog", "travel", "horror"), "cinematic", "dramatic", 7, ("#F2A541", "#0E3B43", "#0A0A0A"),
        TitleTreatment("bebas", fill="#F7F3E8", stroke="#0A0A0A", stroke_width=0.04), "light_rays",
        _adj(0.95, 1.2, 0.9, 0.45), 80, "the last road trip across iceland",
    ),
    StylePreset(
        "documentary", "Documentary", "Natural colours, a quiet landscape, sober condensed title on a dark band.",
        ("science", "education", "news"), "clean", "serious", 4, ("#E8E2D0", "#2B2F2A", "#C8102E"),
        TitleTreatment("oswald", fill="#FFFFFF", stroke="#000000", stroke_width=0.0, highlight="#000000B3"),
        "nature", _adj(1.0, 1.05, 0.85, 0.25), 90, "inside the world's biggest telescope",
    ),
    StylePreset(
        "retro", "Retro", "Sunset stripes, warm 80s palette, chunky title with a purple outline.",
        ("music", "gaming", "vlog"), "retro", "playful", 7, ("#FF6B35", "#F7C548", "#5B2A86"),
        TitleTreatment("bebas", fill="#F7C548", stroke="#5B2A86", stroke_width=0.1), "sunset",
        _adj(1.0, 1.1, 1.2, 0.2), 30, "my first synth album",
    ),
    StylePreset(
        "neon", "Neon", "Dark grid, magenta and cyan glow, bright title: the arena look.",
        ("gaming", "tech", "music"), "neon", "energetic", 9, ("#FF2BD6", "#21F3FF", "#0B0420"),
        TitleTreatment("anton", fill="#FFFFFF", stroke="#FF2BD6", stroke_width=0.08), "neon_grid",
        _adj(1.0, 1.15, 1.3, 0.3), 20, "ranked grind to champion",
    ),
    StylePreset(
        "comic", "Comic", "Halftone burst, primary colours, hand-lettered title with a thick outline.",
        ("reaction", "food", "gaming"), "comic", "playful", 9, ("#FFE14D", "#1E88E5", "#E53935"),
        TitleTreatment("bangers", fill="#FFFFFF", stroke="#111111", stroke_width=0.14), "comic_burst",
        _adj(1.05, 1.1, 1.3, 0.0), 10, "we tried every pizza in town",
    ),
    StylePreset(
        "luxury", "Luxury", "Black and gold, soft bokeh, refined wide title.",
        ("finance", "beauty", "travel"), "luxury", "inspiring", 5, ("#D4AF37", "#0B0B0B", "#F5E6C4"),
        TitleTreatment("montserrat-black", fill="#D4AF37", stroke="#0B0B0B", stroke_width=0.04), "bokeh",
        _adj(0.95, 1.15, 0.9, 0.4), 70, "how I built a million dollar brand",
    ),
    StylePreset(
        "kids", "Kids", "Confetti, candy colours, round friendly title.",
        ("education", "food", "vlog"), "comic", "playful", 8, ("#FF5DA2", "#4FC3F7", "#FFEB3B"),
        TitleTreatment("bangers", uppercase=False, fill="#FFFFFF", stroke="#6A1B9A", stroke_width=0.14),
        "confetti", _adj(1.1, 1.05, 1.3, 0.0), 15, "slime science for kids",
    ),
    StylePreset(
        "news", "News", "Breaking-news red band, dark backdrop, white title on a red box.",
        ("news", "finance", "tech"), "bold", "serious", 7, ("#D7141A", "#101820", "#FFFFFF"),
        TitleTreatment("oswald", fill="#FFFFFF", stroke="#000000", stroke_width=0.0, highlight="#D7141AE6"),
        "light_rays", _adj(1.0, 1.1, 1.0, 0.3), 75, "what the new law means for you",
    ),
    StylePreset(
        "tutorial", "Tutorial", "Clean blue and white, circuit art, clear title on a light panel.",
        ("tutorial", "tech", "education"), "clean", "inspiring", 5, ("#1565C0", "#FFFFFF", "#FFB300"),
        TitleTreatment("montserrat-black", fill="#0D47A1", stroke="#FFFFFF", stroke_width=0.0,
                       highlight="#FFFFFFE6"),
        "circuit", _adj(1.05, 1.0, 1.0, 0.0), 40, "how to set up a home server",
    ),
    StylePreset(
        "podcast-studio", "Podcast studio", "Warm studio bokeh, dark room, two-tone title for host and guest.",
        ("podcast", "music"), "cinematic", "cozy", 5, ("#FF8A3D", "#1B1B1F", "#F2E9DC"),
        TitleTreatment("bebas", fill="#F2E9DC", stroke="#1B1B1F", stroke_width=0.05), "bokeh",
        _adj(0.95, 1.1, 1.0, 0.4), 65, "episode 42 with a special guest",
    ),
)}


def get_preset(name: str) -> StylePreset:
    """The preset called ``name``; raises KeyError."""
    return PRESETS[name]


def preset_brief(brief: Brief, preset: StylePreset) -> Brief:
    """``brief`` read through ``preset``: its style, mood and energy, and its palette after any
    colours the request named (at most 5)."""
    hints = list(dict.fromkeys([*brief.color_hints, *preset.palette]))[:5]
    return brief.model_copy(update={
        "style": preset.style, "mood": preset.mood, "energy": preset.energy, "color_hints": hints,
    })


def family_first(matches: list, preset: StylePreset) -> list:
    """Template matches (``.template.category``, ``.score``; best first) with the preset's best
    family template moved to the front when it scores within FAMILY_MARGIN of the best."""
    if not matches:
        return matches
    family = [m for m in matches if m.template.category in preset.family]
    if family and family[0] is not matches[0] and family[0].score >= matches[0].score - FAMILY_MARGIN:
        return [family[0], *(m for m in matches if m is not family[0])]
    return matches


def apply_preset(design: Design, preset: StylePreset) -> Design:
    """``design`` with the preset's title treatment, art motif (procedural backgrounds only;
    a photo background keeps its photo) and global adjustments (sharpen kept)."""
    layers: list[Layer] = []
    treatment = preset.title
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.slot == "title":
            stroke = Stroke(color=treatment.stroke, width=treatment.stroke_width) if treatment.stroke_width else None
            highlight = Highlight(color=treatment.highlight) if treatment.highlight else layer.highlight
            layers.append(layer.model_copy(update={
                "font": treatment.font, "uppercase": treatment.uppercase, "fill": Solid(color=treatment.fill),
                "stroke": stroke, "highlight": highlight,
                "accent_color": preset.palette[0] if layer.accent_words else layer.accent_color,
            }))
        elif isinstance(layer, BackgroundLayer) and isinstance(layer.fill, ProceduralFill):
            fill = layer.fill.model_copy(update={"motif": preset.motif, "palette": list(design.palette[:8])})
            layers.append(layer.model_copy(update={"fill": fill}))
        else:
            layers.append(layer)
    adjustments = preset.adjustments.model_copy(update={"sharpen": design.adjustments.sharpen})
    notes = [*design.meta.notes, f"Style preset: {preset.label}."]
    meta = design.meta.model_copy(update={"notes": notes})
    return design.model_copy(update={"layers": layers, "adjustments": adjustments, "meta": meta})


def scene_grade(realism: int) -> float:
    """How strongly (0..1) a scene photo is graded towards the palette at ``realism`` 0..100:
    0.6 at 50, 0.1 at 100."""
    return round(max(0.1, min(0.6, 0.6 - (realism - PHOTO_REALISM) / 100)), 3)
