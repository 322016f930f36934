"""Starter skeletons for designs without a photo: the hero layouts.

Each holds a ``hero`` slot (an illustrated icon, ``routix.icons``) instead of a person: a
centred hero with the title above or below, a hero breaking the frame beside the title, a
hero looming out of the dark, number-led layouts, an "A vs B" split and an icon grid. Their
palettes and motifs are defaults: a design without a photo takes its look from the brief's
category and mood (``routix.render.art.looks``).
"""

from __future__ import annotations

from routix.design.models import Aspect, Box, Shadow, Solid, Stroke, TextLayer
from routix.templates.models import Template
from routix.templates.starter.layers import (
    accent,
    dna,
    hero,
    label,
    number,
    procedural_background,
    shape,
    tall,
    template,
    title,
)


def hero_poster() -> Template:
    d = dna(
        ["#7C4DFF", "#00B8D4", "#05060F", "#E1F5FE"],
        energy=5, mood="inspiring", style="cinematic", composition="hero_center",
        motifs=["starfield", "light_rays"], temperature="cool",
    )
    return template(
        id="science-hero-poster",
        name="Hero Poster",
        category="science",
        tags=[
            "space exploration", "documentary", "universe", "planets", "science explained", "discovery",
            "rocket launch", "astronomy", "the future", "big idea", "no photo", "illustration",
        ],
        description=(
            "A poster without a photo: the title across the top, one big illustrated hero object "
            "centred below it, rising from the bottom edge, glowing against deep space art."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            hero((0.27, 0.32, 0.46, 0.72), (0.14, 0.32, 0.72, 0.70), glow="#7C4DFF", outline=None, anchor_y=0.55),
            hero((0.64, 0.50, 0.20, 0.34), (0.66, 0.66, 0.28, 0.28), slot="hero_b", rotation=-10, outline=None,
                 depth=0.85),
            title((0.06, 0.04, 0.88, 0.28), (0.05, 0.04, 0.90, 0.26), stroke="#0A0630", stroke_width=0.08,
                  accent="#00E5FF", max_size=0.2, max_lines=2, align="center"),
            accent((0.06, 0.36, 0.16, 0.44), (0.05, 0.40, 0.16, 0.26), rotation=-12),
        ],
    )


def hero_stage() -> Template:
    d = dna(
        ["#8FA9C9", "#C9B8E0", "#1B2440", "#F3EAD8"],
        energy=3, mood="calm", style="minimal", composition="hero_center",
        motifs=["night_sky", "nature"], temperature="cool",
    )
    return template(
        id="wellness-hero-stage",
        name="Quiet Stage",
        category="wellness",
        tags=[
            "meditation", "sleep", "mindfulness", "relaxing", "self care", "breathing", "calm music",
            "bedtime", "wellness routine", "gentle", "soft", "no photo",
        ],
        description=(
            "A calm, uncluttered thumbnail without a photo: one softly glowing hero object floating "
            "in the upper middle over a quiet night or nature scene, the title resting below it."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.5),
            hero((0.34, 0.05, 0.32, 0.55), (0.24, 0.06, 0.52, 0.50), glow="#F3EAD8", outline=None),
            hero((0.60, 0.26, 0.14, 0.26), (0.70, 0.30, 0.22, 0.22), slot="hero_b", rotation=8, outline=None,
                 depth=0.75),
            title((0.10, 0.60, 0.80, 0.24), (0.05, 0.58, 0.90, 0.26), font="montserrat-black", stroke="#1B2440",
                  stroke_width=0.06, accent="#F3D9A4", max_size=0.15, max_lines=2, align="center"),
            accent((0.72, 0.08, 0.14, 0.40), (0.05, 0.08, 0.16, 0.30), rotation=10),
        ],
    )


def hero_side() -> Template:
    d = dna(
        ["#D9893A", "#FFB347", "#3B1F0E", "#FFF3E0"],
        energy=6, mood="cozy", style="bold", composition="hero_side",
        motifs=["tabletop", "bokeh"], temperature="warm",
    )
    return template(
        id="food-hero-side",
        name="Hero Breaks The Frame",
        category="food",
        tags=[
            "recipe", "easy dinner", "cooking", "food", "taste test", "how to make", "homemade", "dessert",
            "gadget", "product", "object", "no photo",
        ],
        description=(
            "A bold thumbnail without a photo: a big title on the left and a huge tilted hero object "
            "on the right, so big it breaks out of the frame, with a sticker outline and a shadow."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            hero((0.50, 0.02, 0.58, 1.04), (0.10, 0.34, 0.86, 0.74), rotation=-8, glow="#FFB347"),
            hero((0.46, 0.56, 0.20, 0.38), (0.02, 0.60, 0.28, 0.28), slot="hero_b", rotation=12, depth=0.9),
            title((0.05, 0.10, 0.48, 0.66), (0.05, 0.04, 0.90, 0.28), font="anton", color="#FFF7ED",
                  stroke="#3B1F0E", stroke_width=0.1, accent="#FFB347", max_size=0.21, max_lines=3),
            accent((0.05, 0.76, 0.10, 0.18), (0.80, 0.04, 0.14, 0.24), rotation=-8),
        ],
    )


def hero_side_left() -> Template:
    d = dna(
        ["#00E676", "#FF1744", "#07110C", "#FFFFFF"],
        energy=7, mood="dramatic", style="bold", composition="hero_side",
        motifs=["stock_chart", "light_rays"], temperature="neutral",
    )
    return template(
        id="finance-hero-left",
        name="Hero Left, Headline Right",
        category="finance",
        tags=[
            "bitcoin", "crypto", "stock market", "money", "prediction", "investing", "crash", "price",
            "urgent", "market update", "tech news", "no photo",
        ],
        description=(
            "An urgent thumbnail without a photo: a huge hero object on the left bleeding off the "
            "edge, a second object tucked in front of it, and a heavy headline on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            hero((-0.06, 0.04, 0.56, 1.0), (0.04, 0.34, 0.84, 0.72), rotation=8, glow="#00E676"),
            hero((0.30, 0.54, 0.20, 0.38), (0.66, 0.62, 0.30, 0.30), slot="hero_b", rotation=-10, depth=0.9),
            title((0.50, 0.10, 0.46, 0.66), (0.05, 0.04, 0.90, 0.28), stroke="#000000", stroke_width=0.1,
                  accent="#00E676", max_size=0.21, max_lines=3, align="right"),
            accent((0.82, 0.72, 0.12, 0.10), (0.05, 0.36, 0.12, 0.20), rotation=10),
        ],
    )


def hero_looming() -> Template:
    d = dna(
        ["#8FB3D9", "#2A3340", "#0A0D11", "#D7E2EC"],
        energy=5, mood="mysterious", style="cinematic", composition="hero_center",
        motifs=["fog", "night_sky"], temperature="cool",
    )
    return template(
        id="horror-hero-looming",
        name="Looming In The Dark",
        category="horror",
        tags=[
            "horror story", "scary", "haunted", "ghost", "true crime", "creepy", "unsolved mystery",
            "3am", "paranormal", "dark", "nightmare", "no photo",
        ],
        description=(
            "A dark, cinematic thumbnail without a photo: a huge hero looming up out of fog and "
            "shadow, cut off by the bottom edge, a pale title across the top and a cold glow."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            hero((0.22, 0.24, 0.56, 0.86), (0.08, 0.30, 0.84, 0.76), glow="#8FB3D9", outline=None, anchor_y=0.7,
                 depth=0.7),
            title((0.05, 0.04, 0.90, 0.25), (0.05, 0.04, 0.90, 0.24), font="oswald", color="#E8EEF3",
                  stroke="#05070A", stroke_width=0.08, accent="#C62828", max_size=0.19, max_lines=2,
                  align="center"),
            accent((0.78, 0.30, 0.16, 0.44), (0.78, 0.30, 0.18, 0.30), color="#C62828", rotation=8),
        ],
    )


def number_burst() -> Template:
    d = dna(
        ["#FF3D00", "#FFB300", "#111111", "#FFFFFF"],
        energy=8, mood="energetic", style="bold", composition="hero_number",
        motifs=["speed_lines", "light_rays"], temperature="warm",
    )
    return template(
        id="fitness-number-burst",
        name="Big Number",
        category="fitness",
        tags=[
            "day 100", "90 days", "30 day challenge", "10 tips", "5 ways", "top 10", "transformation",
            "countdown", "results", "challenge", "numbers", "no photo",
        ],
        description=(
            "A number-led thumbnail without a photo: a giant counted number on the left, the rest "
            "of the title below it, and the hero object on the right, tilted and outlined."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            shape("number-burst", "burst", (0.0, 0.0, 0.62, 0.78), (0.0, 0.0, 0.80, 0.56), fill="#FFB300",
                  opacity=0.22, points=18, depth=0.3),
            hero((0.60, 0.10, 0.38, 0.84), (0.46, 0.52, 0.50, 0.46), rotation=-8),
            number((0.04, 0.06, 0.58, 0.58), (0.05, 0.04, 0.90, 0.36), gradient=("#FFFFFF", "#FFD54F"),
                   rotation=-3),
            title((0.04, 0.66, 0.56, 0.26), (0.05, 0.40, 0.56, 0.24), stroke_width=0.1, accent="#FFB300",
                  max_size=0.12, max_lines=2),
        ],
    )


def number_center() -> Template:
    d = dna(
        ["#00E676", "#FFD400", "#07110C", "#FFFFFF"],
        energy=7, mood="dramatic", style="luxury", composition="hero_number",
        motifs=["light_rays", "stock_chart"], temperature="neutral",
    )
    return template(
        id="finance-number-center",
        name="Number In The Spotlight",
        category="finance",
        tags=[
            "$10,000", "how i made", "income", "salary", "net worth", "50%", "price", "savings",
            "money challenge", "budget", "percent", "no photo",
        ],
        description=(
            "A spotlight number without a photo: the figure huge and centred in gold, the hero "
            "objects at both top corners and the rest of the title on a band below."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.6),
            hero((0.03, 0.04, 0.24, 0.46), (0.04, 0.04, 0.30, 0.24), rotation=-12),
            hero((0.73, 0.04, 0.24, 0.46), (0.66, 0.04, 0.30, 0.24), slot="hero_b", rotation=12),
            number((0.20, 0.10, 0.60, 0.54), (0.05, 0.28, 0.90, 0.34), gradient=("#FFF3A0", "#FFB300"),
                   align="center"),
            title((0.10, 0.64, 0.70, 0.20), (0.05, 0.60, 0.90, 0.24), font="montserrat-black",
                  stroke="#000000", stroke_width=0.08, accent="#FFD400", max_size=0.12, max_lines=2,
                  align="center"),
        ],
    )


def versus_split() -> Template:
    d = dna(
        ["#3B82F6", "#22D3EE", "#0F172A", "#F8FAFC"],
        energy=7, mood="dramatic", style="bold", composition="hero_versus",
        motifs=["speed_lines", "light_rays"], temperature="cool",
    )
    vs = TextLayer(
        id="vs", name="VS", text="VS", font="anton", fill=Solid(color="#FFFFFF"),
        stroke=Stroke(color="#000000", width=0.1), shadow=Shadow(opacity=0.6, dx=0.006, dy=0.01, blur=0.006),
        max_size=0.2, min_size=0.06, max_lines=1, align="center", rotation=-6,
        box=Box(x=0.42, y=0.50, w=0.16, h=0.22), boxes={Aspect.SQUARE: Box(x=0.40, y=0.52, w=0.20, h=0.14)}, depth=1.0,
    )
    return template(
        id="tech-versus-split",
        name="A vs B",
        category="tech",
        tags=[
            "vs", "versus", "comparison", "which is better", "iphone vs android", "mac vs pc",
            "coffee or tea", "rent or buy", "head to head", "battle", "showdown", "no photo",
        ],
        description=(
            "A comparison without a photo: the canvas split into two coloured halves, one named "
            "object on each side with its label, a VS burst in the middle and the title on top."
        ),
        dna=d,
        # 9:16: the halves stack (A above B) under the title, the VS on the seam
        layers=tall([
            procedural_background(d),
            shape("panel-a", "rectangle", (-0.02, 0.24, 0.53, 0.80), (-0.02, 0.28, 0.53, 0.74), fill="#1E3A8A",
                  opacity=0.55, depth=0.3),
            shape("panel-b", "rectangle", (0.49, 0.24, 0.53, 0.80), (0.49, 0.28, 0.53, 0.74), fill="#7F1D1D",
                  opacity=0.55, depth=0.3),
            hero((0.06, 0.36, 0.36, 0.60), (0.04, 0.40, 0.42, 0.48), rotation=6),
            hero((0.58, 0.36, 0.36, 0.60), (0.54, 0.40, 0.42, 0.48), slot="hero_b", rotation=-6),
            shape("vs-burst", "burst", (0.39, 0.44, 0.22, 0.34), (0.37, 0.47, 0.26, 0.24), fill="#FFD400",
                  stroke="#000000", points=14, depth=0.95),
            vs,
            label("label_a", (0.06, 0.25, 0.36, 0.10), (0.04, 0.30, 0.42, 0.08), background="#FFFFFF"),
            label("label_b", (0.58, 0.25, 0.36, 0.10), (0.54, 0.30, 0.42, 0.08), background="#FFD400"),
            title((0.05, 0.04, 0.90, 0.19), (0.05, 0.04, 0.90, 0.22), stroke_width=0.1, accent="#FFD400",
                  max_size=0.16, max_lines=1, align="center"),
        ], {
            "panel-a": (-0.02, 0.20, 1.04, 0.31), "panel-b": (-0.02, 0.51, 1.04, 0.51),
            "hero": (0.22, 0.26, 0.46, 0.22), "hero_b": (0.22, 0.57, 0.46, 0.21),
            "vs-burst": (0.56, 0.455, 0.26, 0.11), "vs": (0.59, 0.47, 0.20, 0.08),
            "label_a": (0.05, 0.215, 0.40, 0.04), "label_b": (0.05, 0.525, 0.40, 0.04),
            "title": (0.05, 0.05, 0.78, 0.13),
        }),
    )


def icon_grid() -> Template:
    d = dna(
        ["#4F46E5", "#FFD23F", "#111827", "#F4F6FF"],
        energy=6, mood="playful", style="bold", composition="hero_grid",
        motifs=["soft_mesh", "confetti"], temperature="neutral",
    )
    return template(
        id="tutorial-icon-grid",
        name="Icon Lineup",
        category="tutorial",
        tags=[
            "tier list", "ranking", "every", "top 5", "things you need", "essentials", "ingredients",
            "pizza burger sushi", "tools", "collection", "lineup", "no photo",
        ],
        description=(
            "A lineup without a photo: the title across the top and the named objects side by side "
            "below it as outlined stickers, alternately tilted, for lists and rankings."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            hero((0.04, 0.36, 0.92, 0.58), (0.05, 0.36, 0.90, 0.58), rotation=0),
            title((0.05, 0.04, 0.90, 0.30), (0.05, 0.04, 0.90, 0.28), stroke_width=0.1, accent="#FFD23F",
                  max_size=0.19, max_lines=2, align="center"),
        ],
    )


def grid_side() -> Template:
    d = dna(
        ["#E8A33D", "#C0392B", "#3B1F0E", "#FFF3E0"],
        energy=6, mood="cozy", style="bold", composition="hero_grid",
        motifs=["tabletop", "bokeh"], temperature="warm",
    )
    return template(
        id="food-grid-side",
        name="Grid Beside The Title",
        category="food",
        tags=[
            "taste test", "trying every", "ranking snacks", "fast food", "menu", "meal prep", "grocery haul",
            "best and worst", "comparison of many", "collection", "no photo",
        ],
        description=(
            "A collection without a photo: a tall title on the left and a two by two grid of the "
            "named objects on the right, each one outlined like a sticker."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            hero((0.50, 0.05, 0.47, 0.90), (0.05, 0.36, 0.90, 0.60), rotation=0),
            title((0.05, 0.10, 0.44, 0.70), (0.05, 0.04, 0.90, 0.28), color="#FFF7ED", stroke="#3B1F0E",
                  stroke_width=0.1, accent="#FFB347", max_size=0.2, max_lines=3),
        ],
    )


TEMPLATES = (
    hero_poster, hero_stage, hero_side, hero_side_left, hero_looming, number_burst, number_center, versus_split,
    icon_grid, grid_side,
)
