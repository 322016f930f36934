"""Starter skeletons for podcasts and news: host+guest, square covers, breaking news."""

from __future__ import annotations

from routix.templates.models import Template
from routix.templates.starter.layers import (
    badge,
    dna,
    gradient_background,
    logo,
    procedural_background,
    shape,
    subject,
    subtitle,
    template,
    title,
)


def podcast_studio_split() -> Template:
    d = dna(
        ["#111827", "#F59E0B", "#374151", "#F9FAFB"],
        energy=4, mood="serious", style="cinematic", composition="split",
        motifs=["bokeh", "light_rays"], temperature="warm", logo=True,
    )
    return template(
        id="podcast-studio-split",
        name="Studio Conversation",
        category="podcast",
        tags=[
            "podcast", "interview", "host and guest", "conversation", "talk show", "episode",
            "clip", "full episode", "sit down with", "deep talk", "studio", "microphone",
        ],
        description=(
            "A cinematic podcast clip thumbnail: host and guest side by side in a warm, dim "
            "studio with bokeh lights, the quote title in a dark lower-third with amber accents."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.6),
            subject((0.04, 0.08, 0.92, 0.98), (0.0, 0.12, 1.0, 0.92)),
            shape("lower-third", "rectangle", (0.0, 0.60, 1.0, 0.40), (0.0, 0.60, 1.0, 0.40),
                  fill="#000000", opacity=0.45, depth=0.85),
            title((0.05, 0.64, 0.72, 0.28), (0.05, 0.60, 0.90, 0.22), font="oswald", stroke=None,
                  highlight="#111827E6", accent="#F59E0B", max_size=0.13, max_lines=2, valign="bottom"),
            badge((0.04, 0.05, 0.22, 0.08), (0.05, 0.05, 0.30, 0.06), color="#F59E0B",
                  text_color="#111827"),
            logo((0.86, 0.04, 0.10, 0.13), (0.83, 0.04, 0.12, 0.12)),
        ],
    )


def podcast_cover_square() -> Template:
    d = dna(
        ["#1E1B4B", "#F472B6", "#FDE68A", "#FFFFFF"],
        energy=5, mood="inspiring", style="bold", composition="subject_center",
        motifs=["soft_mesh", "bokeh"], temperature="cool", logo=True,
    )
    return template(
        id="podcast-cover-square",
        name="Square Podcast Cover",
        category="podcast",
        tags=[
            "podcast cover", "podcast artwork", "show art", "spotify podcast", "apple podcasts",
            "square cover", "episode art", "talk show", "audio show", "weekly episode", "host",
        ],
        description=(
            "A square-first podcast cover: the show name stacked big on top, the host centred "
            "below in a pink ring on an indigo mesh, and the host name on a yellow bar."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            shape("ring", "circle_ring", (0.54, 0.14, 0.42, 0.75), (0.14, 0.30, 0.72, 0.72),
                  fill="#F472B6", ring_width=0.08, depth=0.4),
            subject((0.53, 0.10, 0.44, 0.96), (0.14, 0.34, 0.72, 0.72)),
            title((0.05, 0.10, 0.48, 0.58), (0.05, 0.04, 0.90, 0.28), stroke="#1E1B4B",
                  stroke_width=0.08, accent="#FDE68A", max_size=0.2, align="left"),
            subtitle((0.05, 0.72, 0.44, 0.09), (0.20, 0.88, 0.60, 0.07), font="montserrat-black",
                     color="#1E1B4B", highlight="#FDE68A", stroke=None, align="center"),
            logo((0.86, 0.04, 0.10, 0.13), (0.05, 0.86, 0.10, 0.10)),
        ],
    )


def news_breaking() -> Template:
    d = dna(
        ["#B91C1C", "#111111", "#FFFFFF", "#FACC15"],
        energy=7, mood="serious", style="bold", composition="subject_right",
        motifs=["light_rays", "speed_lines"], temperature="warm", logo=True,
        background="gradient",
    )
    return template(
        id="news-breaking",
        name="Breaking News",
        category="news",
        tags=[
            "news", "breaking news", "update", "what happened", "drama", "scandal", "politics",
            "report", "exposed", "announcement", "headline", "current events", "explained today",
        ],
        description=(
            "A breaking-news thumbnail: a dark red studio gradient, a yellow BREAKING badge, the "
            "headline title on a red lower-third bar and the presenter on the right."
        ),
        dna=d,
        layers=[
            gradient_background(["#3A0606", "#B91C1C", "#1A0202"], angle=20),
            subject((0.50, 0.06, 0.50, 1.0), (0.12, 0.14, 0.76, 0.88)),
            shape("bar", "rectangle", (-0.02, 0.40, 0.68, 0.40), (-0.02, 0.62, 1.04, 0.32),
                  fill="#111111", opacity=0.85, corner_radius=0.0, depth=0.85),
            shape("bar-edge", "rectangle", (-0.02, 0.40, 0.68, 0.02), (-0.02, 0.62, 1.04, 0.012),
                  fill="#FACC15", depth=0.86),
            title((0.05, 0.43, 0.58, 0.35), (0.05, 0.64, 0.90, 0.19), font="oswald", stroke=None,
                  accent="#FACC15", max_size=0.15, max_lines=2, valign="middle"),
            badge((0.04, 0.26, 0.26, 0.10), (0.05, 0.04, 0.32, 0.07), color="#FACC15",
                  text_color="#111111", rotation=-3, align="left"),
            logo((0.04, 0.04, 0.10, 0.13), (0.85, 0.04, 0.10, 0.10)),
        ],
    )


TEMPLATES = (podcast_studio_split, podcast_cover_square, news_breaking)
