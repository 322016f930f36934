"""Build a :class:`~routix.templates.Template` from a reference's :class:`~routix.vision.dna.StyleDNA`.

The template is a *re-creation* of the reference's design, never the reference itself:
its background is painted from the DNA's colours (solid, linear gradient, or a procedural
motif for photo/pattern backgrounds), and its slots sit where the reference had its person,
title, subtitle, badge and logo. Template secrecy: no layer, text, name or asset refers to
the reference image, its slug or its name (layer ids are the slot names or neutral words).

Mapping (StyleDNA -> TemplateDNA):

* ``palette``: the DNA palette hexes, dominant first, at most 5; fewer than 3 are padded with
  a lighter and a darker tone of the dominant colour (and white/black) so the palette has 3.
* ``energy``, ``temperature``: copied. ``mood``/``style``: :func:`mood_style`.
* ``composition``: no face -> ``text_only``; two faces on both sides of the centre -> ``split``;
  else the subject's centre x: < 0.42 ``subject_left``, > 0.58 ``subject_right``, else centre.
* ``has_face``/``has_logo``: from the DNA. ``has_text`` is always True: Routix always draws a
  title (the reference's own text presence stays in ``StyleDNA.has_text``); without text in
  the reference the title sits in the calm area the DNA's ``title`` slot chose.
* ``background``: solid -> ``solid``, gradient -> ``gradient``, photo/pattern -> ``procedural``;
  ``motifs``: :func:`choose_motifs` (2 motifs).

Boxes: the DNA's normalised boxes are used for the reference's own aspect (1:1 for a
near-square reference, else 16:9; other shapes are stretched), moved into the 4 % safe margin
and out of the timestamp corner (:mod:`routix.templates.conventions`). The other aspect's
boxes are designed from them: for a 16:9 reference the 1:1 cover stacks a title band over
the subject; for a square reference the 16:9 canvas puts subject and title side by side.
"""

from __future__ import annotations

import math

from routix.design.boxes import aspect_of
from routix.design.models import (
    Adjustments,
    Align,
    Aspect,
    BackgroundLayer,
    ColorStop,
    Layer,
    LinearGradient,
    Solid,
)
from routix.quality.color import parse_hex, relative_luminance, to_hex, wcag_contrast
from routix.render.art import MOTIFS
from routix.templates.conventions import FACE_REGION, SAFE_MARGIN, TIMESTAMP_CORNER
from routix.templates.models import BackgroundKind, Composition, Template, TemplateDNA
from routix.templates.starter.layers import (
    XYWH,
    badge,
    logo,
    procedural_background,
    subject,
    subtitle,
    template,
    title,
)
from routix.vision.dna.colour import delta_e, hex_lab, warmth
from routix.vision.dna.models import StyleDNA, TextRegion

_LO, _HI = SAFE_MARGIN, 1.0 - SAFE_MARGIN
#: The reference's background kind -> the template's (a photo or pattern becomes procedural art).
_BACKGROUND_KIND: dict[str, BackgroundKind] = {"solid": "solid", "gradient": "gradient"}


def _rgb(hex_color: str) -> tuple[int, int, int]:
    r, g, b, _ = parse_hex(hex_color)
    return r, g, b


def _mix(hex_color: str, target: tuple[int, int, int], t: float) -> str:
    return to_hex([c + (o - c) * t for c, o in zip(_rgb(hex_color), target, strict=True)])


def template_palette(dna: StyleDNA) -> list[str]:
    """3-5 '#RRGGBB' colours for the template, dominant first (see the module docstring)."""
    colours = list(dict.fromkeys(h.upper() for h in dna.palette_hexes()))[:5]
    base = colours[0]
    for extra in (_mix(base, (255, 255, 255), 0.55), _mix(base, (0, 0, 0), 0.6), "#FFFFFF", "#111111"):
        if len(colours) >= 3:
            break
        if extra.upper() not in colours:
            colours.append(extra.upper())
    return colours


def mood_style(dna: StyleDNA) -> tuple[str, str]:
    """``(mood, style)`` within routix.brief MOODS/STYLES from energy, temperature, saturation
    and brightness (first matching row):

    ====================================  =============  ==========
    condition                             mood           style
    ====================================  =============  ==========
    energy >= 8, warm                     energetic      bold / comic (saturation >= .45)
    energy >= 8, cool/neutral             dramatic       neon (dark, brightness < .35) / bold
    energy 5-7, brightness < .3           mysterious     cinematic
    energy 5-7, warm                      playful        bold
    energy 5-7, cool/neutral              serious        clean
    energy <= 4, warm                     cozy           retro (saturation >= .3) / minimal
    energy <= 4, dark (brightness < .3)   mysterious     luxury
    energy <= 4, otherwise                calm           minimal (saturation < .15) / clean
    ====================================  =============  ==========
    """
    warm = dna.temperature == "warm"
    if dna.energy >= 8:
        if warm:
            return "energetic", "comic" if dna.saturation >= 0.45 else "bold"
        return "dramatic", "neon" if dna.brightness < 0.35 else "bold"
    if dna.energy >= 5:
        if dna.brightness < 0.3:
            return "mysterious", "cinematic"
        return ("playful", "bold") if warm else ("serious", "clean")
    if warm:
        return "cozy", "retro" if dna.saturation >= 0.3 else "minimal"
    if dna.brightness < 0.3:
        return "mysterious", "luxury"
    return "calm", "minimal" if dna.saturation < 0.15 else "clean"


def choose_motifs(dna: StyleDNA, category: str, n: int = 2) -> list[str]:
    """The ``n`` procedural motifs closest to the DNA: rank = |motif energy - energy| / 9
    + 0.6 |motif warmth - temperature_score| - 0.15 if the motif lists ``category``
    (motif warmth: mean :func:`routix.vision.dna.colour.warmth` of its default palette);
    ties by name."""
    def rank(name: str) -> tuple[float, str]:
        info = MOTIFS[name]
        hot = sum(warmth(hex_lab(h)) for h in info.default_palette) / max(len(info.default_palette), 1)
        score = abs(info.energy - dna.energy) / 9 + 0.6 * abs(hot - dna.temperature_score)
        return (score - (0.15 if category in info.categories else 0.0), name)

    return sorted(MOTIFS, key=rank)[:n]


def composition_of(dna: StyleDNA) -> Composition:
    """The template composition a reference's DNA shows: text only without faces, split for
    faces on both sides, else subject left, right or centre by the subject's centre."""
    if not dna.faces:
        return "text_only"
    centres = [f.box[0] + f.box[2] / 2 for f in dna.faces]
    if len(centres) >= 2 and min(centres) < 0.45 and max(centres) > 0.55:
        return "split"
    subject = dna.slot("subject")
    box = subject.box if subject else dna.faces[0].box
    cx = box[0] + box[2] / 2
    return "subject_left" if cx < 0.42 else "subject_right" if cx > 0.58 else "subject_center"


def _safe(box: XYWH) -> XYWH:
    """Move (and if needed shrink) a box into the safe margin and out of the timestamp corner."""
    x, y, w, h = box
    w, h = min(w, _HI - _LO), min(h, _HI - _LO)
    x = min(max(x, _LO), _HI - w)
    y = min(max(y, _LO), _HI - h)
    tx, ty = TIMESTAMP_CORNER
    if x + w > tx and y + h > ty:
        if x < tx - 0.1:  # wide box: stop it at the corner's left edge
            w = tx - x
        else:  # small box in the corner: lift it above
            y = max(_LO, ty - h)
            if y + h > ty:
                h = ty - y
    return (round(x, 4), round(y, 4), round(w, 4), round(h, 4))


def _subject_box(dna: StyleDNA) -> XYWH:
    """The 16:9 subject box: head-and-shoulders around the faces (FACE_REGION inverted), moved
    so the estimated face region stays inside the safe margin and out of the timestamp corner."""
    fx0, fy0, fx1, fy1 = FACE_REGION
    boxes = []
    for face in dna.faces:
        x, y, w, h = face.box
        bw, bh = w / (fx1 - fx0), h / (fy1 - fy0)
        boxes.append((x - fx0 * bw, y - fy0 * bh, bw, bh))
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    w = max(b[0] + b[2] for b in boxes) - x0
    h = max(b[1] + b[3] for b in boxes) - y0
    w, h = min(w, 1.2), min(h, 1.3)
    # face region of the union box, kept inside the safe area
    region = (x0 + fx0 * w, y0 + fy0 * h, (fx1 - fx0) * w, (fy1 - fy0) * h)
    sx, sy, _, _ = _safe(region)
    x0, y0 = x0 + (sx - region[0]), y0 + (sy - region[1])
    return (round(x0, 4), round(y0, 4), round(w, 4), round(h, 4))


def _lines_in(dna: StyleDNA, box: list[float]) -> list[TextRegion]:
    """The DNA's OCR lines lying inside ``box`` (1 % tolerance)."""
    return [
        t for t in dna.text
        if box[0] - 0.01 <= t.box[0] and t.box[0] + t.box[2] <= box[0] + box[2] + 0.01
        and box[1] - 0.01 <= t.box[1] and t.box[1] + t.box[3] <= box[1] + box[3] + 0.01
    ]


def _title_params(dna: StyleDNA, box: list[float]) -> tuple[float, int]:
    """(max_size, max_lines) of the title from the OCR lines inside its box: font size ~1.15x
    the mean line box height (fraction of the canvas height, 0.06..0.22), 2-3 lines so a
    longer title than the reference's can wrap; (0.16, 3) for a calm-area title."""
    inside = _lines_in(dna, box)
    if not inside:
        return 0.16, 3
    line = sum(t.box[3] for t in inside) / len(inside)
    return round(min(max(line * 1.15, 0.06), 0.22), 4), min(max(len(inside), 2), 3)


def _grow(box: list[float], fx: float, fy: float) -> XYWH:
    x, y, w, h = box
    return (x - w * fx, y - h * fy, w * (1 + 2 * fx), h * (1 + 2 * fy))


def _line_colours(dna: StyleDNA, box: list[float] | None) -> tuple[str | None, str | None]:
    """(letter colour, backdrop colour) of the tallest OCR line inside ``box`` (upper-case
    hex), or Nones."""
    coloured = [(t, t.color) for t in _lines_in(dna, box) if t.color] if box else []
    if not coloured:
        return None, None
    line, color = max(coloured, key=lambda pair: pair[0].box[3])
    return color.upper(), (line.backdrop or "").upper() or None


def _stroke_for(fill: str) -> str:
    """Black or white, whichever has the higher WCAG contrast with ``fill``."""
    black, white = wcag_contrast(_rgb(fill), (0, 0, 0)), wcag_contrast(_rgb(fill), (255, 255, 255))
    return "#000000" if black >= white else "#FFFFFF"


def _text_colours(dna: StyleDNA, title_box: list[float] | None) -> tuple[str, str, str | None]:
    """(fill, stroke, accent) of the title.

    Fill: the letter colour OCR'd inside the reference's title box (the tallest line's), else
    white on a dark background / near black on a light one. Stroke: :func:`_stroke_for`.
    Accent: the most chromatic palette colour (C*ab > 30) that differs from the fill and the
    background, or None.
    """
    behind = dna.background.colors[len(dna.background.colors) // 2].upper()
    fill = _line_colours(dna, title_box)[0] or (
        "#FFFFFF" if relative_luminance(_rgb(behind)) < 0.4 else "#111111")
    chromatic = [
        c for c in dna.palette
        if math.hypot(c.lab[1], c.lab[2]) > 30 and c.hex.upper() not in (behind, fill)
    ]
    accent = max(chromatic, key=lambda c: math.hypot(c.lab[1], c.lab[2])).hex.upper() if chromatic else None
    return fill, _stroke_for(fill), accent


def _secondary_colours(dna: StyleDNA, name: str, title_fill: str, accent: str | None) -> tuple[str, str | None]:
    """(text colour, box colour) of the subtitle or badge: its own OCR'd letter colour (else
    the title's); the box colour is the OCR'd backdrop when it differs from the background
    by ΔE76 > 20 (a highlight box), else for a badge the accent (or white) and for a
    subtitle None."""
    slot = dna.slot(name)
    fill, backdrop = _line_colours(dna, slot.box if slot else None)
    behind = dna.background.colors[len(dna.background.colors) // 2]
    box: str | None
    if backdrop and delta_e(backdrop, behind) > 20:
        box = backdrop
    else:
        box = (accent or "#FFFFFF") if name == "badge" else None
    text = fill or title_fill
    if box is not None and wcag_contrast(_rgb(text), _rgb(box)) < 2.0:
        text = _stroke_for(box)  # unreadable on its box: black or white instead
    return text, box


def _align(box: XYWH) -> Align:
    cx = box[0] + box[2] / 2
    return "left" if cx < 0.4 else "right" if cx > 0.6 else "center"


def _background(dna: StyleDNA, tdna: TemplateDNA) -> BackgroundLayer:
    bg = dna.background
    fill: Solid | LinearGradient
    if tdna.background == "solid":
        fill = Solid(color=bg.colors[0].upper())
    elif tdna.background == "gradient":
        colours = [c.upper() for c in bg.colors]
        if len(colours) == 1:
            colours.append(_mix(colours[0], (0, 0, 0), 0.5))
        stops = [ColorStop(offset=i / (len(colours) - 1), color=c) for i, c in enumerate(colours)]
        fill = LinearGradient(angle=bg.angle if bg.angle is not None else 90.0, stops=stops)
    else:
        return procedural_background(tdna, intensity=round(0.35 + 0.6 * (dna.energy - 1) / 9, 3))
    return BackgroundLayer(id="background", name="Background", fill=fill, depth=0.0)


def _reference_boxes(dna: StyleDNA) -> dict[str, XYWH]:
    """The slot boxes where the reference has them (in its own aspect), made safe: text boxes
    grown a little (OCR boxes hug the ink; the renderer fits text *inside* its box)."""
    boxes: dict[str, XYWH] = {}
    title_slot = dna.slot("title")
    boxes["title"] = _safe(_grow(title_slot.box, 0.04, 0.12) if title_slot else (0.05, 0.06, 0.9, 0.3))
    if dna.has_face:
        boxes["subject"] = _subject_box(dna)
    for name, grow in (("subtitle", (0.04, 0.15)), ("badge", (0.08, 0.2)), ("logo", (0.0, 0.0))):
        slot = dna.slot(name)
        if slot is not None:
            boxes[name] = _safe(_grow(slot.box, *grow))
    return boxes


def _designed_square(ref: dict[str, XYWH]) -> dict[str, XYWH]:
    """1:1 boxes for a 16:9 reference: the title as a band at the top (or at the bottom when
    the reference's title sits in the lower half), the subject centred in the rest bleeding
    off the bottom edge, the subtitle next to the title band, badge and logo in free corners."""
    title_wide, subject_wide = ref["title"], ref.get("subject")
    low = title_wide[1] + title_wide[3] / 2 > 0.55 and subject_wide is not None
    sub = "subtitle" in ref  # a subtitle takes a slice of the title band
    out: dict[str, XYWH] = {
        "title": ((0.05, 0.58, 0.90, 0.19) if sub else (0.05, 0.62, 0.90, 0.21)) if low
        else ((0.05, 0.04, 0.90, 0.24) if sub else (0.05, 0.04, 0.90, 0.30)),
    }
    if subject_wide is None and title_wide[3] > 0.3:
        out["title"] = (0.06, 0.30, 0.88, 0.40)
    if subject_wide is not None:
        out["subject"] = ((0.16, 0.02, 0.68, 0.56) if sub else (0.16, 0.02, 0.68, 0.60)) if low \
            else ((0.14, 0.40, 0.72, 0.66) if sub else (0.12, 0.34, 0.76, 0.72))
    t = out["title"]
    out["subtitle"] = (0.08, t[1] + t[3] + 0.01, 0.70 if low else 0.84, 0.06)
    out["badge"] = (0.05, 0.05, 0.30, 0.07) if low else (0.35, 0.89, 0.30, 0.06)
    logo_box = ref.get("logo", (0.05, 0.05, 0.1, 0.1))
    out["logo"] = (0.05 if logo_box[0] + logo_box[2] / 2 < 0.5 else 0.85, 0.04, 0.10, 0.10) if low \
        else (0.05, 0.86, 0.10, 0.10)
    return {k: v if k == "subject" else _safe(v) for k, v in out.items()}  # subjects bleed off the bottom


def _designed_wide(ref: dict[str, XYWH]) -> dict[str, XYWH]:
    """16:9 boxes for a square reference: the subject on its side of the canvas (left or
    right half, bleeding off the bottom), the title in the other half (or where it was, without
    a subject), the subtitle under the title, the badge above it, the logo in a top corner
    away from the subject."""
    subject_sq = ref.get("subject")
    out: dict[str, XYWH] = {"title": ref["title"]}
    left = subject_sq is not None and subject_sq[0] + subject_sq[2] / 2 < 0.5
    if subject_sq is not None:
        out["subject"] = (0.02, 0.06, 0.46, 1.0) if left else (0.52, 0.06, 0.46, 1.0)
        out["title"] = (0.52, 0.16, 0.44, 0.54) if left else (0.05, 0.16, 0.44, 0.54)
    t = out["title"]
    out["subtitle"] = (t[0], min(t[1] + t[3] + 0.02, 0.86), t[2], 0.09)
    out["badge"] = (t[0], max(t[1] - 0.11, 0.05), 0.22, 0.08)
    out["logo"] = (0.86, 0.04, 0.10, 0.13) if left or subject_sq is None else (0.04, 0.04, 0.10, 0.13)
    return {k: v if k == "subject" else _safe(v) for k, v in out.items()}  # subjects bleed off the bottom


def describe(dna: StyleDNA, category: str) -> str:
    """One sentence describing the design in words MiniLM embeds well (used when the uploader
    gave no description), e.g. "A bold, energetic gaming thumbnail: subject on the right, the
    title on the left, over a dark warm photo background."."""
    mood, style = mood_style(dna)
    parts = [f"A {style}, {mood} {category} thumbnail:"]
    subject_slot, title_slot = dna.slot("subject"), dna.slot("title")
    if subject_slot is not None:
        cx = subject_slot.box[0] + subject_slot.box[2] / 2
        where = "on the left" if cx < 0.42 else "on the right" if cx > 0.58 else "in the centre"
        parts.append(f"{len(dna.faces)} {'person' if len(dna.faces) == 1 else 'people'} {where},")
    if title_slot is not None:
        cy = title_slot.box[1] + title_slot.box[3] / 2
        parts.append(f"the title {'at the top' if cy < 0.4 else 'at the bottom' if cy > 0.6 else 'in the middle'},")
    tone = "dark" if dna.brightness < 0.35 else "bright" if dna.brightness > 0.65 else "mid-tone"
    parts.append(f"over a {tone} {dna.temperature} {dna.background.kind} background.")
    return " ".join(parts)


def build_template(
    dna: StyleDNA, *, slug: str, name: str, category: str, tags: list[str], description: str
) -> Template:
    """A valid :class:`Template` re-creating the design described by ``dna`` (see the module
    docstring for the mapping).

    ``slug``/``name``/``category``/``tags``/``description`` go to the template's fields only,
    never into its design. A blank ``description`` is replaced by :func:`describe`, a blank
    ``name`` by "Uploaded template"; ``name``, ``description`` and ``tags`` (stripped,
    de-duplicated) are cut to the Template limits (80 / 400 characters, 40 tags). The boxes of
    the reference's own aspect (1:1 for a near-square reference, else 16:9) come from the DNA;
    the other aspect's boxes are designed (:func:`_designed_square` / :func:`_designed_wide`).
    Raises pydantic.ValidationError for a bad slug or an unknown category.
    """
    palette = template_palette(dna)
    mood, style = mood_style(dna)
    tdna = TemplateDNA(
        palette=palette,
        energy=dna.energy,
        mood=mood,
        style=style,
        composition=composition_of(dna),
        has_face=dna.has_face,
        has_text=True,
        has_logo=dna.has_logo and dna.slot("logo") is not None,
        background=_BACKGROUND_KIND.get(dna.background.kind, "procedural"),
        motifs=choose_motifs(dna, category),
        temperature=dna.temperature,
    )
    title_slot = dna.slot("title")
    fill, stroke, accent = _text_colours(dna, title_slot.box if title_slot else None)
    max_size, max_lines = _title_params(dna, title_slot.box) if title_slot else (0.16, 3)
    ref = _reference_boxes(dna)
    if aspect_of(dna.width, dna.height) is Aspect.SQUARE:
        wide, square = _designed_wide(ref), ref
    else:
        wide, square = ref, _designed_square(ref)

    layers: list[Layer] = [_background(dna, tdna)]
    if "subject" in ref:
        layers.append(subject(wide["subject"], square["subject"], outline="#FFFFFF"))
    layers.append(title(wide["title"], square["title"], color=fill, stroke=stroke, accent=accent,
                        max_size=max_size, max_lines=max_lines, align=_align(ref["title"])))
    if "subtitle" in ref:
        text, box = _secondary_colours(dna, "subtitle", fill, accent)
        layers.append(subtitle(wide["subtitle"], square["subtitle"], color=text, highlight=box,
                               stroke=None if box or wcag_contrast(_rgb(text), _rgb(dna.background.colors[0])) >= 3
                               else _stroke_for(text), align=_align(ref["subtitle"])))
    if "badge" in ref:
        text, box = _secondary_colours(dna, "badge", fill, accent)
        layers.append(badge(wide["badge"], square["badge"], color=box or palette[1], text_color=text))
    if tdna.has_logo and "logo" in ref:
        layers.append(logo(wide["logo"], square["logo"]))
    return template(
        id=slug, name=(name.strip() or "Uploaded template")[:80], category=category,
        tags=list(dict.fromkeys(t.strip() for t in tags if t.strip()))[:40],
        description=(description.strip() or describe(dna, category))[:400], dna=tdna, layers=layers,
        adjustments=Adjustments(saturation=1.05, contrast=1.05),
    )
