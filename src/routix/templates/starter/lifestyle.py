"""Starter skeletons for vlog, travel, food, beauty and fitness channels."""

from __future__ import annotations

from routix.templates.models import Template
from routix.templates.starter.layers import (
    SQ_SUBJECT_LOW,
    SQ_TITLE_TOP,
    badge,
    dna,
    logo,
    procedural_background,
    shape,
    subject,
    subtitle,
    template,
    title,
)


def vlog_sunset_day() -> Template:
    d = dna(
        ["#FF7A59", "#FFC15E", "#7B2CBF", "#FFF5E1"],
        energy=6, mood="playful", style="bold", composition="subject_center",
        motifs=["sunset", "bokeh"], temperature="warm",
    )
    return template(
        id="vlog-sunset-day",
        name="Golden Hour Vlog",
        category="vlog",
        tags=[
            "vlog", "day in my life", "weekly vlog", "storytime", "moving", "my new apartment",
            "life update", "24 hours", "college life", "family vlog", "daily routine", "what i eat",
        ],
        description=(
            "A warm lifestyle vlog: the creator centred against a golden-hour sunset, a tilted "
            "title on a white box across the top and a sticker burst."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.26, 0.28, 0.48, 0.80), SQ_SUBJECT_LOW),
            title((0.08, 0.05, 0.84, 0.24), (0.05, 0.05, 0.90, 0.26), color="#2B1B3F", stroke=None,
                  highlight="#FFFFFF", accent="#FF7A59", max_size=0.16, max_lines=2, align="center",
                  rotation=-2),
            shape("sticker", "burst", (0.06, 0.56, 0.14, 0.25), (0.05, 0.72, 0.18, 0.18),
                  fill="#FFC15E", stroke="#FFFFFF", points=18, rotation=10, depth=0.9),
        ],
    )


def travel_adventure() -> Template:
    d = dna(
        ["#FF6B35", "#F7C548", "#2E86AB", "#FFFFFF"],
        energy=6, mood="inspiring", style="cinematic", composition="subject_right",
        motifs=["sunset", "light_rays"], temperature="warm", logo=True,
    )
    return template(
        id="travel-adventure",
        name="Adventure Awaits",
        category="travel",
        tags=[
            "travel", "travel vlog", "backpacking", "road trip", "hidden gem", "island", "japan",
            "bali", "europe", "budget travel", "flight", "hotel tour", "hiking", "adventure",
        ],
        description=(
            "A cinematic travel thumbnail: a sunset sky, a tall white title with a shadow on "
            "the left, the destination on a blue tag and the traveller on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.75),
            subject((0.54, 0.08, 0.46, 0.98), SQ_SUBJECT_LOW),
            title((0.05, 0.12, 0.50, 0.58), SQ_TITLE_TOP, font="bebas", stroke="#3A1A00",
                  stroke_width=0.06, accent="#F7C548", max_size=0.24, max_lines=2),
            subtitle((0.05, 0.74, 0.36, 0.09), (0.25, 0.90, 0.50, 0.06), font="montserrat-black",
                     color="#FFFFFF", highlight="#2E86AB", stroke=None),
            logo((0.86, 0.04, 0.10, 0.13), (0.05, 0.86, 0.09, 0.09)),
        ],
    )


def food_cozy_recipe() -> Template:
    d = dna(
        ["#3B1F0E", "#F59E0B", "#EF4444", "#FFF7ED"],
        energy=5, mood="cozy", style="bold", composition="subject_right",
        motifs=["bokeh", "sunset"], temperature="warm",
    )
    return template(
        id="food-cozy-recipe",
        name="Cozy Kitchen",
        category="food",
        tags=[
            "food", "recipe", "cooking", "easy dinner", "baking", "mukbang", "street food",
            "taste test", "meal prep", "restaurant review", "dessert", "kitchen", "chef",
        ],
        description=(
            "A warm cooking thumbnail: golden kitchen bokeh, a cream title with a brown outline "
            "and a red badge on the left, the cook on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.52, 0.08, 0.48, 0.98), SQ_SUBJECT_LOW, outline="#FFF7ED"),
            title((0.05, 0.10, 0.48, 0.62), SQ_TITLE_TOP, font="montserrat-black", color="#FFF7ED",
                  stroke="#3B1F0E", stroke_width=0.1, accent="#F59E0B", max_size=0.17),
            badge((0.05, 0.78, 0.20, 0.09), (0.05, 0.86, 0.24, 0.07), color="#EF4444"),
        ],
    )


def beauty_glow_routine() -> Template:
    d = dna(
        ["#FBCFE8", "#F9A8D4", "#FDE68A", "#FFFFFF", "#831843"],
        energy=3, mood="calm", style="luxury", composition="subject_right",
        motifs=["soft_mesh", "bokeh"], temperature="warm",
    )
    return template(
        id="beauty-glow-routine",
        name="Soft Glow Routine",
        category="beauty",
        tags=[
            "beauty", "skincare", "skincare routine", "makeup tutorial", "get ready with me", "grwm",
            "glow up", "hair care", "nails", "makeup look", "self care", "product review", "glass skin",
        ],
        description=(
            "A soft pastel beauty thumbnail: pink and gold mesh, an elegant plum title on the "
            "left, a thin gold ring behind the face on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.55),
            shape("ring", "circle_ring", (0.55, 0.08, 0.42, 0.75), (0.16, 0.32, 0.68, 0.68),
                  fill="#E8B04B", ring_width=0.04, depth=0.4),
            subject((0.52, 0.08, 0.48, 0.98), SQ_SUBJECT_LOW, outline="#FFFFFF"),
            title((0.05, 0.14, 0.46, 0.52), SQ_TITLE_TOP, font="montserrat-black", color="#831843",
                  stroke="#FFFFFF", stroke_width=0.06, accent="#DB2777", max_size=0.16),
            subtitle((0.05, 0.72, 0.40, 0.08), (0.22, 0.90, 0.56, 0.06), font="montserrat-semibold",
                     color="#FFFFFF", highlight="#831843", stroke=None),
        ],
    )


def fitness_transformation() -> Template:
    d = dna(
        ["#0A0A0A", "#FF2E2E", "#FF8A00", "#FFFFFF"],
        energy=9, mood="energetic", style="bold", composition="subject_left",
        motifs=["speed_lines", "fire_burst"], temperature="warm",
    )
    return template(
        id="fitness-transformation",
        name="No Excuses Workout",
        category="fitness",
        tags=[
            "fitness", "workout", "gym", "transformation", "30 day challenge", "abs", "weight loss",
            "home workout", "bodybuilding", "running", "calisthenics", "diet", "motivation",
        ],
        description=(
            "A hard-hitting gym thumbnail: red speed lines on black, the athlete on the left, a "
            "heavy white title with red accent words and a red subtitle bar on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            subject((0.0, 0.06, 0.50, 1.0), SQ_SUBJECT_LOW, glow="#FF2E2E"),
            title((0.48, 0.08, 0.48, 0.62), SQ_TITLE_TOP, stroke_width=0.1, accent="#FF2E2E",
                  max_size=0.22, align="right", rotation=-3),
            subtitle((0.56, 0.74, 0.40, 0.09), (0.20, 0.90, 0.60, 0.06), font="montserrat-black",
                     color="#FFFFFF", highlight="#FF2E2E", stroke=None, align="right"),
        ],
    )


TEMPLATES = (vlog_sunset_day, travel_adventure, food_cozy_recipe, beauty_glow_routine, fitness_transformation)
