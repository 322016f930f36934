"""Starter skeletons for gaming, reaction and music channels."""

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


def gaming_boss_fight() -> Template:
    d = dna(
        ["#FF3D00", "#FFB800", "#1A0500", "#FFFFFF"],
        energy=9, mood="dramatic", style="bold", composition="subject_right",
        motifs=["fire_burst", "speed_lines"], temperature="warm",
    )
    return template(
        id="gaming-boss-fight",
        name="Boss Fight Inferno",
        category="gaming",
        tags=[
            "gaming", "gameplay", "boss fight", "let's play", "minecraft", "fortnite", "elden ring",
            "speedrun", "challenge", "hardcore", "epic win", "fire", "explosion", "clutch moment",
        ],
        description=(
            "A fiery gaming thumbnail: the player's shocked face on the right in front of an "
            "exploding fire burst, a huge yellow title on the left and an arrow."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            shape("burst", "burst", (0.50, 0.02, 0.52, 0.96), (0.10, 0.30, 0.80, 0.80),
                  fill="#FFB800", opacity=0.35, points=16, depth=0.3),
            subject((0.50, 0.06, 0.50, 1.0), SQ_SUBJECT_LOW, glow="#FF6A00"),
            title((0.04, 0.08, 0.50, 0.64), SQ_TITLE_TOP, gradient=("#FFF45C", "#FF9F00"),
                  stroke_width=0.1, max_size=0.22, align="left"),
            shape("arrow", "arrow", (0.40, 0.58, 0.14, 0.18), (0.06, 0.52, 0.18, 0.14),
                  fill="#FF1E1E", stroke="#FFFFFF", rotation=-20),
            badge((0.04, 0.76, 0.20, 0.10), (0.05, 0.86, 0.22, 0.08), color="#FF1E1E"),
        ],
    )


def gaming_neon_arena() -> Template:
    d = dna(
        ["#0B0221", "#FF2BD6", "#00E5FF", "#FFFFFF"],
        energy=8, mood="energetic", style="neon", composition="subject_left",
        motifs=["neon_grid", "circuit"], temperature="cool", logo=True,
    )
    return template(
        id="gaming-neon-arena",
        name="Neon Arena",
        category="gaming",
        tags=[
            "gaming", "esports", "fps", "valorant", "call of duty", "ranked", "stream highlights",
            "synthwave", "cyberpunk", "controller", "pro player", "tournament", "montage",
        ],
        description=(
            "A synthwave esports look: the player on the left inside a glowing cyan ring on a "
            "neon grid, a glowing white title and a cyan subtitle bar on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            shape("ring", "circle_ring", (0.03, 0.10, 0.45, 0.80), (0.16, 0.38, 0.68, 0.68),
                  fill="#00E5FF", ring_width=0.06, opacity=0.9, depth=0.4),
            subject((0.0, 0.08, 0.50, 0.98), SQ_SUBJECT_LOW, glow="#FF2BD6"),
            title((0.50, 0.14, 0.46, 0.54), SQ_TITLE_TOP, stroke="#2A004F", stroke_width=0.08,
                  glow="#FF2BD6", max_size=0.2, align="center"),
            subtitle((0.54, 0.72, 0.38, 0.09), (0.22, 0.88, 0.56, 0.07), font="montserrat-black",
                     color="#0B0221", highlight="#00E5FF", stroke=None, align="center"),
            logo((0.86, 0.04, 0.10, 0.10), (0.05, 0.86, 0.10, 0.10)),
        ],
    )


def reaction_shock() -> Template:
    d = dna(
        ["#FFE600", "#FF2D55", "#111111", "#FFFFFF"],
        energy=10, mood="energetic", style="comic", composition="subject_left",
        motifs=["comic_burst", "speed_lines"], temperature="warm",
    )
    return template(
        id="reaction-shock",
        name="Shock Reaction",
        category="reaction",
        tags=[
            "reaction", "reacting to", "shocked face", "omg", "no way", "you won't believe",
            "try not to laugh", "cringe", "tiktok compilation", "memes", "first time hearing",
        ],
        description=(
            "A loud comic-book reaction thumbnail: a shocked face on the left, a tilted comic "
            "title on yellow pop-art rays and a red arrow pointing back at the face."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.85),
            subject((0.0, 0.08, 0.50, 1.0), (0.0, 0.36, 0.70, 0.70)),
            shape("arrow", "arrow", (0.46, 0.60, 0.16, 0.24), (0.66, 0.62, 0.18, 0.18),
                  fill="#FF1E1E", stroke="#FFFFFF", rotation=165),
            title((0.48, 0.08, 0.48, 0.50), SQ_TITLE_TOP, font="bangers", stroke_width=0.1,
                  max_size=0.22, max_lines=3, align="center", rotation=-4, accent="#FF2D55"),
        ],
    )


def reaction_duo() -> Template:
    d = dna(
        ["#5B21B6", "#F43F5E", "#FACC15", "#FFFFFF"],
        energy=9, mood="playful", style="bold", composition="split",
        motifs=["speed_lines", "comic_burst"], temperature="neutral",
    )
    return template(
        id="reaction-duo",
        name="Duo Reaction",
        category="reaction",
        tags=[
            "reaction", "duo", "friends react", "couple reacts", "versus", "we tried",
            "first time watching", "crazy", "reacting together", "collab", "laughing",
        ],
        description=(
            "Two people react side by side under a bold yellow banner title on purple speed "
            "lines; built for collabs, couple and friend reactions."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.04, 0.26, 0.92, 0.84), (0.02, 0.34, 0.96, 0.72)),
            title((0.05, 0.04, 0.90, 0.22), SQ_TITLE_TOP, color="#111111", stroke=None,
                  highlight="#FACC15", max_size=0.17, max_lines=2, align="center",
                  rotation=-2, accent="#F43F5E"),
        ],
    )


def music_live() -> Template:
    d = dna(
        ["#12002B", "#FF00A8", "#7A00FF", "#00F0FF", "#FFFFFF"],
        energy=8, mood="energetic", style="neon", composition="subject_center",
        motifs=["bokeh", "neon_grid", "light_rays"], temperature="cool", logo=True,
    )
    return template(
        id="music-live",
        name="Live On Stage",
        category="music",
        tags=[
            "music", "live performance", "concert", "new single", "music video", "cover song",
            "singer", "rapper", "dj set", "festival", "album release", "guitar", "studio session",
        ],
        description=(
            "A concert-lights music thumbnail: the artist centred in a magenta glow ring on neon "
            "bokeh, a glowing title on top between the logo and a red LIVE badge."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            shape("ring", "circle_ring", (0.30, 0.25, 0.40, 0.71), (0.17, 0.32, 0.66, 0.66),
                  fill="#FF00A8", ring_width=0.05, opacity=0.85, depth=0.4),
            subject((0.24, 0.29, 0.52, 0.80), SQ_SUBJECT_LOW, glow="#7A00FF"),
            title((0.15, 0.04, 0.70, 0.26), (0.05, 0.14, 0.90, 0.22), stroke="#3B0070",
                  stroke_width=0.08, glow="#FF00A8", max_size=0.22, max_lines=2, align="center"),
            badge((0.84, 0.07, 0.12, 0.09), (0.79, 0.05, 0.16, 0.07), color="#FF1E1E"),
            logo((0.04, 0.05, 0.10, 0.12), (0.05, 0.04, 0.10, 0.09)),
        ],
    )


TEMPLATES = (gaming_boss_fight, gaming_neon_arena, reaction_shock, reaction_duo, music_live)
