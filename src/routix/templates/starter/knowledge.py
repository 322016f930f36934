"""Starter skeletons for tech, tutorial, education and finance channels."""

from __future__ import annotations

from routix.design.models import Aspect, Box, Shadow, Solid, Stroke, TextLayer
from routix.templates.models import Template
from routix.templates.starter.layers import (
    SQ_SUBJECT_LOW,
    SQ_TITLE_TOP,
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


def tech_review_clean() -> Template:
    d = dna(
        ["#0F172A", "#3B82F6", "#22D3EE", "#F8FAFC"],
        energy=5, mood="serious", style="clean", composition="subject_left",
        motifs=["soft_mesh", "circuit"], temperature="cool", logo=True,
    )
    return template(
        id="tech-review-clean",
        name="Clean Tech Review",
        category="tech",
        tags=[
            "tech review", "unboxing", "smartphone", "iphone", "laptop", "gadget", "honest review",
            "worth it", "comparison", "specs", "setup tour", "apple", "android",
        ],
        description=(
            "A clean, premium tech review: the reviewer on the left over a deep blue mesh, a "
            "crisp white title with a cyan accent on the right and a REVIEW badge."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            shape("glow-card", "rectangle", (0.50, 0.17, 0.47, 0.60), (0.04, 0.03, 0.92, 0.34),
                  fill="#0F172A", opacity=0.55, corner_radius=0.08, depth=0.4),
            subject((0.0, 0.08, 0.50, 0.98), SQ_SUBJECT_LOW, outline="#22D3EE"),
            title((0.53, 0.20, 0.41, 0.54), SQ_TITLE_TOP, font="montserrat-black", stroke="#0F172A",
                  stroke_width=0.05, accent="#22D3EE", max_size=0.18, align="left"),
            badge((0.53, 0.06, 0.18, 0.09), (0.05, 0.38, 0.22, 0.07), color="#3B82F6"),
            logo((0.87, 0.05, 0.09, 0.12), (0.05, 0.86, 0.10, 0.10)),
        ],
    )


def tech_circuit_leak() -> Template:
    d = dna(
        ["#02140B", "#00FF88", "#00B3FF", "#E6FFF2"],
        energy=7, mood="mysterious", style="neon", composition="subject_right",
        motifs=["circuit", "neon_grid"], temperature="cool",
    )
    return template(
        id="tech-circuit-leak",
        name="Circuit Leak",
        category="tech",
        tags=[
            "tech news", "leak", "rumor", "hacking", "cybersecurity", "ai", "coding", "programming",
            "pc build", "gpu", "hardware", "secret feature", "future tech",
        ],
        description=(
            "A hacker-green tech thumbnail: glowing circuit traces, a neon green gradient title "
            "on the left and the host on the right with a green glow."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.8),
            subject((0.52, 0.06, 0.48, 1.0), SQ_SUBJECT_LOW, glow="#00FF88"),
            title((0.04, 0.12, 0.52, 0.58), SQ_TITLE_TOP, gradient=("#E6FFF2", "#00FF88"),
                  stroke="#02140B", stroke_width=0.1, glow="#00FF88", max_size=0.21),
            badge((0.04, 0.75, 0.19, 0.09), (0.05, 0.86, 0.22, 0.07), color="#00B3FF",
                  text_color="#02140B"),
        ],
    )


def tutorial_steps() -> Template:
    d = dna(
        ["#F4F6FF", "#4F46E5", "#FFD23F", "#111111"],
        energy=5, mood="inspiring", style="clean", composition="subject_right",
        motifs=["soft_mesh"], temperature="neutral", background="gradient",
    )
    return template(
        id="tutorial-steps",
        name="Step-by-Step Tutorial",
        category="tutorial",
        tags=[
            "tutorial", "how to", "step by step", "beginner guide", "tips and tricks", "diy",
            "photoshop", "excel", "coding tutorial", "learn in 10 minutes", "easy", "walkthrough",
        ],
        description=(
            "A bright how-to thumbnail: black title on a light background with a yellow "
            "highlighted line, the teacher on the right and an indigo arrow."
        ),
        dna=d,
        layers=[
            gradient_background(["#FFFFFF", "#E4E8FF"], angle=135),
            shape("panel", "rectangle", (0.58, -0.05, 0.50, 1.1), (-0.05, 0.34, 1.1, 0.7),
                  fill="#4F46E5", depth=0.3),
            subject((0.54, 0.08, 0.46, 0.98), SQ_SUBJECT_LOW, outline="#FFFFFF"),
            title((0.05, 0.12, 0.50, 0.56), SQ_TITLE_TOP, font="montserrat-black", color="#111111",
                  stroke=None, accent="#4F46E5", max_size=0.16, align="left"),
            subtitle((0.05, 0.74, 0.34, 0.09), (0.05, 0.88, 0.40, 0.06), font="montserrat-black",
                     color="#111111", highlight="#FFD23F", stroke=None),
            shape("arrow", "arrow", (0.42, 0.70, 0.12, 0.16), (0.70, 0.24, 0.14, 0.12),
                  fill="#FFD23F", stroke="#111111", rotation=15),
        ],
    )


def education_explainer() -> Template:
    d = dna(
        ["#0B3D91", "#FFD23F", "#FFFFFF", "#1B1B1B"],
        energy=5, mood="inspiring", style="bold", composition="subject_right",
        motifs=["light_rays", "soft_mesh"], temperature="cool",
    )
    return template(
        id="education-explainer",
        name="Big Idea Explainer",
        category="education",
        tags=[
            "education", "explained", "science", "history", "documentary", "lesson", "study",
            "school", "university lecture", "why does", "facts", "biology", "physics", "math",
        ],
        description=(
            "A confident explainer: light rays on deep blue, a white title with yellow accent "
            "words on the left and the teacher on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.52, 0.06, 0.48, 1.0), SQ_SUBJECT_LOW),
            title((0.05, 0.10, 0.50, 0.60), SQ_TITLE_TOP, stroke="#0B1E4A", accent="#FFD23F",
                  max_size=0.2),
            subtitle((0.05, 0.74, 0.42, 0.09), (0.28, 0.90, 0.44, 0.06), font="montserrat-black",
                     color="#1B1B1B", highlight="#FFD23F", stroke=None),
        ],
    )


def education_big_question() -> Template:
    d = dna(
        ["#FDF6E3", "#FFD9CF", "#C4F0EA", "#FF6B6B"],
        energy=4, mood="mysterious", style="minimal", composition="text_only",
        motifs=["soft_mesh"], temperature="neutral",
    )
    question_mark = TextLayer(
        id="question-mark", name="Question mark", text="?", font="anton",
        fill=Solid(color="#FF6B6B"), stroke=Stroke(color="#1A1A2E", width=0.06),
        shadow=Shadow(opacity=0.35, dx=0.01, dy=0.014, blur=0.004),
        max_size=0.9, min_size=0.2, max_lines=1, align="center", rotation=12, opacity=0.9,
        box=Box(x=0.64, y=0.02, w=0.32, h=0.80), boxes={Aspect.SQUARE: Box(x=0.62, y=0.52, w=0.34, h=0.44)},
        depth=0.4,
    )
    return template(
        id="education-big-question",
        name="The Big Question",
        category="education",
        tags=[
            "education", "question", "curiosity", "what if", "why", "mystery explained", "quiz",
            "philosophy", "psychology", "space", "trivia", "did you know",
        ],
        description=(
            "A text-only curiosity thumbnail: a huge dark question on a soft cream background "
            "next to a giant tilted coral question mark."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.9),
            question_mark,
            title((0.05, 0.08, 0.62, 0.72), (0.05, 0.05, 0.86, 0.50), color="#1A1A2E", stroke="#FFFFFF",
                  stroke_width=0.05,
                  accent="#FF6B6B", max_size=0.22, align="left"),
            subtitle((0.05, 0.82, 0.50, 0.09), (0.05, 0.62, 0.55, 0.07), font="montserrat-black",
                     color="#FFFFFF", highlight="#1FA89C", stroke=None),
        ],
    )


def finance_stock_rocket() -> Template:
    d = dna(
        ["#04130B", "#00D26A", "#FFD700", "#FFFFFF"],
        energy=8, mood="inspiring", style="bold", composition="subject_right",
        motifs=["stock_chart", "light_rays"], temperature="neutral",
    )
    return template(
        id="finance-stock-rocket",
        name="Stock Rocket",
        category="finance",
        tags=[
            "finance", "investing", "stocks", "stock market", "crypto", "bitcoin", "passive income",
            "make money", "side hustle", "wealth", "portfolio", "dividends", "budget", "$",
        ],
        description=(
            "A money-making finance thumbnail: a rising green stock chart, a white and gold "
            "title on the left, a big green up arrow and the host on the right."
        ),
        dna=d,
        layers=[
            procedural_background(d),
            subject((0.52, 0.06, 0.48, 1.0), SQ_SUBJECT_LOW),
            title((0.04, 0.10, 0.50, 0.60), SQ_TITLE_TOP, stroke="#04130B", accent="#FFD700",
                  max_size=0.21),
            shape("arrow", "arrow", (0.40, 0.56, 0.15, 0.30), (0.05, 0.50, 0.17, 0.30),
                  fill="#00D26A", stroke="#FFFFFF", rotation=60),
        ],
    )


def finance_big_number() -> Template:
    d = dna(
        ["#0A0A0A", "#FFD400", "#16A34A", "#FFFFFF"],
        energy=7, mood="dramatic", style="luxury", composition="text_only",
        motifs=["light_rays", "stock_chart"], temperature="warm",
    )
    return template(
        id="finance-big-number",
        name="Big Number",
        category="finance",
        tags=[
            "finance", "money", "how i made", "income report", "net worth", "salary", "millionaire",
            "$10,000", "savings", "retire early", "economy", "real estate",
        ],
        description=(
            "A text-only money thumbnail: a giant gold gradient figure on black with golden light "
            "rays and a green subtitle bar, for income reports and big-number titles."
        ),
        dna=d,
        layers=[
            procedural_background(d, intensity=0.6),
            title((0.06, 0.10, 0.88, 0.56), (0.05, 0.18, 0.90, 0.50), gradient=("#FFF3A0", "#FFB300"),
                  stroke="#000000", stroke_width=0.08, max_size=0.3, max_lines=2, align="center"),
            subtitle((0.20, 0.72, 0.54, 0.10), (0.15, 0.74, 0.70, 0.08), font="montserrat-black",
                     color="#FFFFFF", highlight="#16A34A", stroke=None, align="center"),
        ],
    )


TEMPLATES = (
    tech_review_clean,
    tech_circuit_leak,
    tutorial_steps,
    education_explainer,
    education_big_question,
    finance_stock_rocket,
    finance_big_number,
)
