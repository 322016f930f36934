"""Shared layer builders for the starter skeletons.

Every builder takes the 16:9 box and the 1:1 box as ``(x, y, w, h)`` tuples, normalised
0..1 of the canvas (see :class:`routix.design.Box`), and returns a design layer that follows
the slot conventions of :mod:`routix.templates.conventions`. Stroke widths of text are
fractions of the font size; every other length is a fraction of the canvas height.
"""

from __future__ import annotations

from routix.design.models import (
    Adjustments,
    Align,
    Aspect,
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    DesignMeta,
    Glow,
    Highlight,
    ImageLayer,
    Layer,
    LinearGradient,
    ProceduralFill,
    Shadow,
    ShapeKind,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
    VAlign,
)
from routix.templates.models import NO_FACE, BackgroundKind, Composition, Temperature, Template, TemplateDNA

XYWH = tuple[float, float, float, float]

#: The usual 1:1 stack: the title block across the top, the subject below it, centred and
#: bleeding off the bottom edge (a square cover is too narrow for side-by-side).
SQ_TITLE_TOP: XYWH = (0.05, 0.04, 0.90, 0.30)
SQ_SUBJECT_LOW: XYWH = (0.12, 0.34, 0.76, 0.72)


def _box(xywh: XYWH) -> Box:
    x, y, w, h = xywh
    return Box(x=x, y=y, w=w, h=h)


def _square(xywh: XYWH) -> dict[Aspect, Box]:
    """The designed 1:1 box as the layer's ``boxes`` map."""
    return {Aspect.SQUARE: _box(xywh)}


def procedural_background(dna: TemplateDNA, *, intensity: float = 0.7) -> BackgroundLayer:
    """Background painting ``dna.motifs[0]`` with ``dna.palette`` (seed 0; algorithms reseed)."""
    fill = ProceduralFill(motif=dna.motifs[0], palette=list(dna.palette), seed=0, intensity=intensity)
    return BackgroundLayer(id="background", name="Background", fill=fill, depth=0.0)


def gradient_background(colors: list[str], *, angle: float = 90.0) -> BackgroundLayer:
    """Linear gradient through evenly spaced ``colors``; ``angle`` in degrees, 90 = top->bottom."""
    stops = [ColorStop(offset=i / (len(colors) - 1), color=c) for i, c in enumerate(colors)]
    fill = LinearGradient(angle=angle, stops=stops)
    return BackgroundLayer(id="background", name="Background", fill=fill, depth=0.0)


def subject(
    box: XYWH,
    square: XYWH,
    *,
    outline: str = "#FFFFFF",
    glow: str | None = None,
    flip: bool = False,
    anchor_x: float = 0.5,
) -> ImageLayer:
    """The person cutout slot: sticker outline (0.012 of height), soft drop shadow, optional glow."""
    return ImageLayer(
        id="subject",
        name="Subject",
        slot="subject",
        asset="slot:subject",
        box=_box(box),
        boxes=_square(square),
        anchor_x=anchor_x,
        anchor_y=1.0,
        flip=flip,
        outline=Stroke(color=outline, width=0.012),
        shadow=Shadow(opacity=0.55, dx=0.0, dy=0.012, blur=0.025),
        glow=Glow(color=glow, radius=0.05, strength=0.7) if glow else None,
        depth=0.8,
    )


def title(
    box: XYWH,
    square: XYWH,
    *,
    font: str = "anton",
    color: str = "#FFFFFF",
    gradient: tuple[str, str] | None = None,
    stroke: str | None = "#000000",
    stroke_width: float = 0.09,
    highlight: str | None = None,
    glow: str | None = None,
    accent: str | None = None,
    max_size: float = 0.2,
    max_lines: int = 3,
    align: Align = "left",
    valign: VAlign = "middle",
    rotation: float = 0.0,
    line_height: float = 0.95,
) -> TextLayer:
    """The ``{title}`` slot: big condensed type with a thick stroke and a hard drop shadow.

    ``gradient`` fills the letters top->bottom; ``accent`` colours the words the compositor
    lists in ``accent_words``; ``highlight`` puts a filled box behind each line.
    """
    fill = (
        LinearGradient(angle=90, stops=[ColorStop(offset=0, color=gradient[0]), ColorStop(offset=1, color=gradient[1])])
        if gradient
        else Solid(color=color)
    )
    return TextLayer(
        id="title",
        name="Title",
        slot="title",
        text="{title}",
        font=font,
        fill=fill,
        stroke=Stroke(color=stroke, width=stroke_width) if stroke else None,
        shadow=Shadow(opacity=0.7, dx=0.006, dy=0.01, blur=0.006),
        highlight=Highlight(color=highlight, padding=0.18, radius=0.12) if highlight else None,
        glow=Glow(color=glow, radius=0.03, strength=0.8) if glow else None,
        accent_color=accent,
        max_size=max_size,
        min_size=0.05,
        max_lines=max_lines,
        align=align,
        valign=valign,
        rotation=rotation,
        line_height=line_height,
        box=_box(box),
        boxes=_square(square),
        depth=1.0,
    )


def subtitle(
    box: XYWH,
    square: XYWH,
    *,
    font: str = "montserrat",
    color: str = "#FFFFFF",
    highlight: str | None = None,
    stroke: str | None = "#000000",
    max_size: float = 0.075,
    align: Align = "left",
) -> TextLayer:
    """The ``{subtitle}`` slot: one line of secondary text, smaller, optionally on a bar."""
    return TextLayer(
        id="subtitle",
        name="Subtitle",
        slot="subtitle",
        text="{subtitle}",
        font=font,
        fill=Solid(color=color),
        stroke=Stroke(color=stroke, width=0.08) if stroke else None,
        highlight=Highlight(color=highlight, padding=0.3, radius=0.2) if highlight else None,
        max_size=max_size,
        min_size=0.03,
        max_lines=1,
        align=align,
        box=_box(box),
        boxes=_square(square),
        depth=0.95,
    )


def badge(
    box: XYWH,
    square: XYWH,
    *,
    color: str = "#FF1E1E",
    text_color: str = "#FFFFFF",
    font: str = "montserrat-black",
    rotation: float = 0.0,
    max_size: float = 0.07,
    align: Align = "center",
) -> TextLayer:
    """The ``{badge}`` slot ("NEW", "EP. 12", "LIVE"): short text on a rounded highlight box."""
    return TextLayer(
        id="badge",
        name="Badge",
        slot="badge",
        text="{badge}",
        font=font,
        fill=Solid(color=text_color),
        highlight=Highlight(color=color, padding=0.32, radius=0.25),
        shadow=Shadow(opacity=0.5, dx=0.004, dy=0.006, blur=0.008),
        max_size=max_size,
        min_size=0.03,
        max_lines=1,
        align=align,
        rotation=rotation,
        box=_box(box),
        boxes=_square(square),
        depth=1.0,
    )


def logo(box: XYWH, square: XYWH) -> ImageLayer:
    """The ``slot:logo`` image, small, fitted into its box (a top corner by convention)."""
    return ImageLayer(
        id="logo",
        name="Logo",
        slot="logo",
        asset="slot:logo",
        box=_box(box),
        boxes=_square(square),
        anchor_x=0.0,
        anchor_y=0.0,
        shadow=Shadow(opacity=0.4, dx=0.0, dy=0.004, blur=0.008),
        depth=1.0,
    )


def hero(
    box: XYWH,
    square: XYWH,
    *,
    slot: str = "hero",
    rotation: float = 0.0,
    outline: str | None = "#FFFFFF",
    glow: str | None = None,
    anchor_y: float = 0.5,
    depth: float = 0.8,
) -> ImageLayer:
    """A hero icon slot (``hero`` or ``hero_b``): fitted inside its box, centred, with a soft
    drop shadow, an optional sticker ``outline`` (0.008 of height) and ``glow``. Boxes may
    reach past the canvas edge: a hero can break the frame."""
    return ImageLayer(
        id=slot,
        name="Hero" if slot == "hero" else "Hero B",
        slot=slot,
        asset=f"slot:{slot}",
        box=_box(box),
        boxes=_square(square),
        anchor_x=0.5,
        anchor_y=anchor_y,
        rotation=rotation,
        outline=Stroke(color=outline, width=0.008) if outline else None,
        shadow=Shadow(opacity=0.5, dx=0.0, dy=0.016, blur=0.03),
        glow=Glow(color=glow, radius=0.07, strength=0.75) if glow else None,
        depth=depth,
    )


def number(
    box: XYWH,
    square: XYWH,
    *,
    color: str = "#FFFFFF",
    gradient: tuple[str, str] | None = None,
    stroke: str = "#000000",
    align: Align = "left",
    rotation: float = 0.0,
    max_size: float = 0.6,
) -> TextLayer:
    """The ``{number}`` slot: one giant line ("DAY 100", "$10,000") in Anton with a stroke."""
    fill = (
        LinearGradient(angle=90, stops=[ColorStop(offset=0, color=gradient[0]), ColorStop(offset=1, color=gradient[1])])
        if gradient
        else Solid(color=color)
    )
    return TextLayer(
        id="number", name="Number", slot="number", text="{number}", font="anton", fill=fill,
        stroke=Stroke(color=stroke, width=0.06), shadow=Shadow(opacity=0.75, dx=0.008, dy=0.014, blur=0.01),
        max_size=max_size, min_size=0.08, max_lines=1, align=align, rotation=rotation, line_height=0.9,
        box=_box(box), boxes=_square(square), depth=0.95,
    )


def label(
    slot: str,
    box: XYWH,
    square: XYWH,
    *,
    color: str = "#111111",
    background: str = "#FFFFFF",
    rotation: float = 0.0,
) -> TextLayer:
    """A ``{label_a}``/``{label_b}`` slot: the name of one side of a comparison on a tag."""
    return TextLayer(
        id=slot, name=slot.replace("_", " ").capitalize(), slot=slot, text="{" + slot + "}",
        font="montserrat-black", fill=Solid(color=color),
        highlight=Highlight(color=background, padding=0.28, radius=0.2),
        shadow=Shadow(opacity=0.5, dx=0.004, dy=0.006, blur=0.008),
        max_size=0.085, min_size=0.03, max_lines=1, align="center", rotation=rotation,
        box=_box(box), boxes=_square(square), depth=1.0,
    )


def accent(box: XYWH, square: XYWH, *, color: str = "#FFD400", rotation: float = 12.0) -> TextLayer:
    """The ``{accent}`` slot: a tilted "?" kept only when the title asks a question."""
    return TextLayer(
        id="accent", name="Question accent", slot="accent", text="{accent}", font="anton",
        fill=Solid(color=color), stroke=Stroke(color="#000000", width=0.06),
        shadow=Shadow(opacity=0.5, dx=0.01, dy=0.014, blur=0.006),
        max_size=0.5, min_size=0.1, max_lines=1, align="center", rotation=rotation, opacity=0.95,
        box=_box(box), boxes=_square(square), depth=0.9,
    )


def shape(
    layer_id: str,
    kind: ShapeKind,
    box: XYWH,
    square: XYWH,
    *,
    fill: str | None,
    stroke: str | None = None,
    stroke_width: float = 0.008,
    opacity: float = 1.0,
    rotation: float = 0.0,
    corner_radius: float = 0.0,
    points: int = 12,
    ring_width: float = 0.15,
    depth: float = 0.6,
) -> ShapeLayer:
    """A decorative shape (slot None): ``kind`` is arrow, circle_ring, rectangle or burst."""
    return ShapeLayer(
        id=layer_id,
        name=layer_id.replace("-", " ").capitalize(),
        shape=kind,
        fill=fill,
        stroke=Stroke(color=stroke, width=stroke_width) if stroke else None,
        opacity=opacity,
        rotation=rotation,
        corner_radius=corner_radius,
        points=points,
        ring_width=ring_width,
        box=_box(box),
        boxes=_square(square),
        depth=depth,
    )


def dna(
    palette: list[str],
    *,
    energy: int,
    mood: str,
    style: str,
    composition: Composition,
    motifs: list[str],
    temperature: Temperature,
    logo: bool = False,
    background: BackgroundKind = "procedural",
) -> TemplateDNA:
    """Design DNA of a starter skeleton: every starter has a title; a face unless text-only."""
    return TemplateDNA(
        palette=palette,
        energy=energy,
        mood=mood,
        style=style,
        composition=composition,
        has_face=composition not in NO_FACE,
        has_text=True,
        has_logo=logo,
        background=background,
        motifs=motifs,
        temperature=temperature,
    )


def tall(layers: list[Layer], boxes: dict[str, XYWH]) -> list[Layer]:
    """``layers`` with a hand-made 9:16 box on the layers named in ``boxes`` (by layer id);
    the others are laid out by :func:`routix.design.with_tall_layout`. Raises KeyError for
    an id that is not a layer."""
    unknown = set(boxes) - {layer.id for layer in layers}
    if unknown:
        raise KeyError(f"no layers {sorted(unknown)}")
    return [layer.with_box("9:16", _box(boxes[layer.id])) if layer.id in boxes else layer for layer in layers]


def template(
    *,
    id: str,
    name: str,
    category: str,
    tags: list[str],
    description: str,
    dna: TemplateDNA,
    layers: list[Layer],
    adjustments: Adjustments | None = None,
) -> Template:
    """Assemble a :class:`Template` whose design carries ``dna.palette`` and the category."""
    design = Design(
        palette=list(dna.palette),
        layers=layers,
        adjustments=adjustments or Adjustments(saturation=1.1, contrast=1.05),
        meta=DesignMeta(category=category),
    )
    return Template(id=id, name=name, category=category, tags=tags, description=description, dna=dna, design=design)
