"""Starter skeletons with a person for horror, science and wellness channels."""

from __future__ import annotations

from routix.templates.models import Template
from routix.templates.starter.layers import (
    SQ_SUBJECT_LOW,
    SQ_TITLE_TOP,
    dna,
    procedural_background,
    subject,
    subtitle,
    template,
    title,
)


def horror_storyteller() -> Template:
    d = dna(
        ["#8FB3D9", "#2A3340", "#0A0D11", "#D7E2EC"],
        energy=5, mood="mysterious", style="cinematic", composition="subject_right",
        motifs=["fog", "night_sky"], temperature="cool",
    )
    return template(
        id="horror-storyteller",
        name="Story At 3AM",
        category="horror",
        tags=[
            "horror story", "scary stories", "true crime", "creepypasta", "haunted", "paranormal",
            "unsolved mystery", "ghost story", "storytime at night", "disturbing", "creepy",
        ],
        description=(
            "A dark horror thumbnail: the storyteller on the right lit by a cold glow in the fog, "
            "a pale condensed title on the left with a blood-red accent word."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            subject((0.52, 0.06, 0.48, 1.0), SQ_SUBJECT_LOW, outline="#D7E2EC", glow="#8FB3D9"),
            title((0.05, 0.10, 0.48, 0.62), SQ_TITLE_TOP, font="oswald", color="#E8EEF3", stroke="#05070A",
                  stroke_width=0.08, accent="#C62828", max_size=0.2),
            subtitle((0.05, 0.76, 0.36, 0.09), (0.25, 0.90, 0.50, 0.06), font="montserrat-black",
                     color="#E8EEF3", highlight="#7F1D1D", stroke=None),
        ],
    )


def science_explorer() -> Template:
    d = dna(
        ["#7C4DFF", "#00B8D4", "#05060F", "#E1F5FE"],
        energy=6, mood="inspiring", style="cinematic", composition="subject_left",
        motifs=["starfield", "light_rays"], temperature="cool",
    )
    return template(
        id="science-explorer",
        name="Into The Universe",
        category="science",
        tags=[
            "space", "science", "astronomy", "nasa", "black holes", "physics explained", "experiment",
            "planets", "universe", "discovery", "documentary", "rocket launch",
        ],
        description=(
            "A science thumbnail: the presenter on the left against a glowing nebula and a star "
            "field, a white title with cyan accent words on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.0, 0.08, 0.50, 0.98), SQ_SUBJECT_LOW, outline="#E1F5FE", glow="#7C4DFF"),
            title((0.50, 0.12, 0.46, 0.58), SQ_TITLE_TOP, stroke="#0A0630", stroke_width=0.08, accent="#00E5FF",
                  max_size=0.2, align="right"),
            subtitle((0.56, 0.74, 0.40, 0.09), (0.22, 0.90, 0.56, 0.06), font="montserrat-black",
                     color="#05060F", highlight="#00E5FF", stroke=None, align="right"),
        ],
    )


def wellness_calm() -> Template:
    d = dna(
        ["#8FA9C9", "#C9B8E0", "#1B2440", "#F3EAD8"],
        energy=2, mood="calm", style="minimal", composition="subject_center",
        motifs=["night_sky", "nature"], temperature="cool",
    )
    return template(
        id="wellness-calm",
        name="Gentle Guide",
        category="wellness",
        tags=[
            "meditation", "guided meditation", "sleep", "mindfulness", "self care", "anxiety relief",
            "breathing", "yoga nidra", "mental health", "calm", "wellbeing", "morning routine",
        ],
        description=(
            "A calm wellness thumbnail: the guide centred low over a soft night sky, a quiet "
            "rounded title on top in white with a warm cream accent."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.5),
            subject((0.27, 0.30, 0.46, 0.78), SQ_SUBJECT_LOW, outline="#F3EAD8"),
            title((0.10, 0.04, 0.80, 0.26), (0.05, 0.05, 0.90, 0.26), font="montserrat-black", stroke="#1B2440",
                  stroke_width=0.06, accent="#F3D9A4", max_size=0.15, max_lines=2, align="center"),
        ],
    )


TEMPLATES = (horror_storyteller, science_explorer, wellness_calm)
