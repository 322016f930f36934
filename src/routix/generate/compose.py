"""Compose: fill a template's slots with the request's subjects, title, logo and palette.

Pure apart from putting cutouts and hero icons into the asset store. The result is a complete
Design whose background still holds the template's art; the algorithm paints the real art
afterwards. A design without a photo gets a :class:`HeroContent`: its icons fill the hero
slots, its number, labels and question accent the matching text slots, and its look (palette,
motif, light) replaces the template's (:mod:`routix.render.art.looks`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from routix.brief.models import Brief
from routix.brief.title import fit_title
from routix.design.models import (
    Adjustments,
    BackgroundLayer,
    Box,
    Design,
    DesignMeta,
    Glow,
    ImageLayer,
    Layer,
    ProceduralFill,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.generate.logo import corner_name, derived_logo_layer
from routix.generate.ports import AssetStore

if TYPE_CHECKING:
    from routix.render.art.looks import Look

# Words that describe the *thumbnail*, not its subject; dropped when a title is derived.
_META = {
    "thumbnail", "thumbnails", "youtube", "video", "cover", "podcast", "episode", "image", "picture",
    "make", "create", "generate", "design", "style", "styled", "please", "art", "album", "square",
    "vibe", "vibes", "look", "looking", "feel", "theme", "themed", "need", "want",
}
# "I want / we need ..." opens a request, not a title ("I beat the boss" keeps its "I").
_ASKING = re.compile(r"^\s*(?:i|we)\s+(?:want|need|would\s+like)\b", re.IGNORECASE)
# Function words trimmed from either end of a derived title ("with explosions" -> "explosions").
_EDGE = {"a", "an", "the", "with", "and", "for", "of", "on", "in", "to", "about", "some", "my", "our", "your"}
_COLOURS = {
    "red", "blue", "green", "yellow", "orange", "purple", "pink", "black", "white", "gold", "teal",
    "navy", "cyan", "magenta", "grey", "gray", "neon", "pastel", "dark", "light", "bright",
}
_CATEGORY_TITLES = {
    "gaming": "EPIC WIN", "tech": "GAME CHANGER", "vlog": "MY DAY", "tutorial": "HOW TO",
    "reaction": "NO WAY!", "podcast": "NEW EPISODE", "finance": "MONEY MOVES", "fitness": "NO EXCUSES",
    "travel": "HIDDEN GEM", "food": "SO GOOD", "education": "EXPLAINED", "news": "BREAKING",
    "music": "NEW MUSIC", "beauty": "GLOW UP", "horror": "DON'T WATCH ALONE", "science": "MIND BLOWN",
    "wellness": "BREATHE",
}
_CATEGORY_BADGES = {"news": "BREAKING", "gaming": "NEW", "podcast": "NEW EPISODE", "tech": "REVIEW"}
_WORD = re.compile(r"(?:[A-Za-z0-9'$%&!?.]|(?<=\d),(?=\d{3}))*[A-Za-z0-9$%&!?]")  # "$10,000" is one word
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;:()\u2014]| - ")  # "$10,000" is not two clauses


def derive_title(brief: Brief, *, max_words: int = 7) -> str:
    """A short upper-case title from the prompt's first clause (and the next ones while it has
    fewer than two words: "pizza, burger and sushi taste test").

    Thumbnail words ("thumbnail", "cover" ...), colour, mood, style and category words are
    dropped, the first ``max_words`` kept, then function words are trimmed from both ends:
    "how to invest your first $1000" -> "HOW TO INVEST YOUR FIRST $1000",
    "gaming thumbnail with explosions" -> "EXPLOSIONS".
    Falls back to a category phrase when nothing is left ("podcast cover, calm, blue").
    The result always fits a text layer (``routix.brief.title.fit_title``): a word longer than
    ``MAX_TITLE_WORD`` is cut with "…". An explicit ``brief.title`` is returned as written
    (stripped) unless it is longer than a text layer holds (a planner's title may be).
    """
    if brief.title and brief.title.strip():
        return fit_title(brief.title, max_word=None)
    drop = {brief.mood, brief.style, brief.category} | _META | _COLOURS
    clauses = _CLAUSE.split(_ASKING.sub("", brief.prompt.strip()))
    words: list[str] = []
    for clause in clauses:  # a one-word first clause is the head of a list: "pizza, burger and sushi"
        words += [w for w in _WORD.findall(clause) if w.lower() not in drop and not w.startswith("#")]
        if len(words) >= 2:
            break
    words = words[:max_words]
    while words and words[0].lower() in _EDGE:
        words.pop(0)
    while words and words[-1].lower() in _EDGE:
        words.pop()
    if not words:
        return _CATEGORY_TITLES.get(brief.category, "WATCH THIS")
    return fit_title(" ".join(words).upper())


@dataclass(frozen=True)
class HeroContent:
    """What fills a no-photo design's hero slots (see :func:`routix.icons.plan_hero`).

    ``kind``: icon | number | versus | grid. ``images``: RGBA icons, already toned, main first
    (versus: side A, side B; grid: every item). ``number``: the ``{number}`` text.
    ``labels``: the ``{label_a}``/``{label_b}`` texts. ``question``: keep the "?" accent.
    ``look``: the palette, motif and light the design takes.
    """

    kind: str
    images: Sequence[Image.Image]
    look: Look
    number: str | None = None
    labels: tuple[str, str] | None = None
    question: bool = False


#: Text slots filled from a HeroContent, and the hero image slots.
_HERO_TEXT = ("number", "label_a", "label_b", "accent")
_HERO_IMAGE = ("hero", "hero_b")


def compose(
    template_design: Design,
    brief: Brief,
    *,
    title: str,
    subjects: Sequence[Image.Image],
    logo: Image.Image | None,
    assets: AssetStore,
    seed: int,
    template_ref: str,
    subtitle: str | None = None,
    hero: HeroContent | None = None,
) -> Design:
    """Fill the template skeleton's slots and return a complete design.

    * ``title`` replaces ``{title}``; ``subtitle``/``badge`` layers are kept only with text.
    * ``subjects`` (RGBA cutouts, host first) fill the ``subject`` slot; two or more people
      share the slot's box side by side (host in front). No subject -> the slot is removed.
    * ``logo`` fills the ``logo`` slot; a template without one gets a derived corner slot
      (:func:`routix.generate.logo.derived_logo_layer`). Either way ``meta.notes`` says where
      the logo went. No logo -> the slot is removed.
    * ``hero`` fills ``hero`` (a grid shares its box), ``hero_b`` (the second icon; a number
      layout repeats the main one mirrored), ``number``, ``label_a``/``label_b`` and ``accent``
      ("?" only for a question); slots without content are removed, and the hero's look
      recolours the background, title, panels and glows (:func:`apply_look`).
    * ``brief.color_hints`` replace the leading palette colours.
    """
    design = template_design.model_copy(deep=True)
    palette = _merge_palette(design.palette, brief.color_hints)
    badge = _CATEGORY_BADGES.get(brief.category)
    hero_texts = _hero_texts(hero)
    layers: list[Layer] = []
    for layer in design.layers:
        if layer.slot == "subject" and isinstance(layer, ImageLayer):
            layers.extend(_fill_subjects(layer, subjects, assets))
        elif layer.slot == "logo" and isinstance(layer, ImageLayer):
            if logo is not None:
                layers.append(layer.model_copy(update={"asset": assets.put(logo, hint="logo")}))
        elif layer.slot in _HERO_IMAGE and isinstance(layer, ImageLayer):
            layers.extend(_fill_hero(layer, hero, assets))
        elif isinstance(layer, TextLayer) and layer.slot in _HERO_TEXT:
            text = hero_texts.get(layer.slot)
            if text:
                layers.append(layer.model_copy(update={"text": text}))
        elif isinstance(layer, TextLayer) and layer.slot in ("title", "subtitle", "badge"):
            text = {"title": title, "subtitle": subtitle, "badge": badge}[layer.slot]
            if text:
                layers.append(layer.model_copy(update={"text": text}))
        else:
            layers.append(layer)
    notes: list[str] = []
    if logo is not None:
        placed = [layer for layer in layers if layer.slot == "logo"]
        if placed:
            notes.append(f"Logo placed in the template's logo slot ({corner_name(placed[0].box)}).")
        else:
            derived, corner = derived_logo_layer(design.model_copy(update={"layers": layers}),
                                                 assets.put(logo, hint="logo"))
            layers.append(derived)
            notes.append(f"Logo placed in the {corner} corner (the layout has no logo slot).")
    meta = DesignMeta(
        prompt=brief.prompt, category=brief.category, template_ref=template_ref, variant="main", notes=notes,
    )
    composed = Design(seed=seed, palette=palette, layers=layers, adjustments=design.adjustments, meta=meta)
    if hero is not None and any(layer.slot in _HERO_IMAGE for layer in layers):
        composed = apply_look(composed, hero.look, brief.color_hints)
    return composed


def _hero_texts(hero: HeroContent | None) -> dict[str, str]:
    if hero is None:
        return {}
    texts = {"accent": "?"} if hero.question else {}
    if hero.number:
        texts["number"] = hero.number
    if hero.labels:
        texts["label_a"], texts["label_b"] = (fit_title(label) for label in hero.labels)
    return texts


def _fill_hero(slot: ImageLayer, hero: HeroContent | None, assets: AssetStore) -> list[ImageLayer]:
    """The layers of one hero slot: the main icon (a grid: every icon in cells of the box), the
    second icon for ``hero_b`` (a number layout mirrors the main one there), or nothing."""
    if hero is None or not hero.images:
        return []
    images = list(hero.images)
    if slot.slot == "hero":
        if hero.kind == "grid" and len(images) > 1:
            return _grid(slot, images, assets)
        return [slot.model_copy(update={"asset": assets.put(images[0], hint="hero")})]
    if len(images) > 1 and hero.kind in ("icon", "versus", "number"):
        return [slot.model_copy(update={"asset": assets.put(images[1], hint="hero")})]
    if hero.kind == "number":
        return [slot.model_copy(update={"asset": assets.put(images[0], hint="hero"), "flip": not slot.flip})]
    return []


def _cells(box: Box, n: int, pixel_aspect: float) -> list[Box]:
    """``n`` cells across ``box``: one row when the box is wide enough (its width/height in px
    at least 0.55 x n), else rows of ceil(sqrt(n)); each cell inset by 6 %."""
    ratio = box.w / box.h * pixel_aspect
    cols = n if ratio >= 0.55 * n else math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        offset = (cols - in_row) / 2  # centre a short last row
        w, h = box.w / cols, box.h / rows
        out.append(Box(x=box.x + (c + offset) * w + 0.06 * w, y=box.y + r * h + 0.06 * h, w=0.88 * w, h=0.88 * h))
    return out


def _grid(slot: ImageLayer, images: list[Image.Image], assets: AssetStore) -> list[ImageLayer]:
    """One layer per grid icon, ids ``hero``, ``hero-2`` ..., alternately tilted by 6 degrees."""
    wide = _cells(slot.box, len(images), 16 / 9)
    square = _cells(slot.box_square, len(images), 1.0) if slot.box_square else [None] * len(images)
    tall = _cells(slot.box_tall, len(images), 9 / 16) if slot.box_tall else [None] * len(images)
    out = []
    for i, (image, box, box_sq, box_tall) in enumerate(zip(images, wide, square, tall, strict=True)):
        out.append(slot.model_copy(update={
            "id": slot.id if i == 0 else f"{slot.id}-{i + 1}",
            "name": f"Hero {i + 1}",
            "asset": assets.put(image, hint="hero"),
            "box": box,
            "box_square": box_sq,
            "box_tall": box_tall,
            "rotation": 6.0 if i % 2 == 0 else -6.0,
        }))
    return out


def apply_look(design: Design, look: Look, color_hints: Sequence[str] = ()) -> Design:
    """``design`` recoloured by ``look``: palette (colour hints first), the procedural
    background's motif and palette, global adjustments, the title's colours, comparison panels
    and hero glows (dark and calm tones drop the playful sticker outline of hero icons)."""
    palette = _merge_palette(list(look.palette), list(color_hints))
    layers: list[Layer] = []
    for layer in design.layers:
        if isinstance(layer, BackgroundLayer) and isinstance(layer.fill, ProceduralFill):
            fill = layer.fill.model_copy(update={"motif": look.motifs[0], "palette": palette[:8]})
            layers.append(layer.model_copy(update={"fill": fill}))
        elif isinstance(layer, TextLayer) and layer.slot == "title":
            update: dict = {"accent_color": look.accent}
            if isinstance(layer.fill, Solid):
                update["fill"] = Solid(color=look.title)
            if layer.stroke is not None:
                update["stroke"] = Stroke(color=look.title_stroke, width=layer.stroke.width)
            layers.append(layer.model_copy(update=update))
        elif isinstance(layer, ShapeLayer) and layer.id in ("panel-a", "panel-b"):
            layers.append(layer.model_copy(update={"fill": look.panel[0 if layer.id == "panel-a" else 1]}))
        elif isinstance(layer, ImageLayer) and (layer.slot or "").startswith("hero"):
            update = {}
            if look.tone in ("dark", "calm"):
                update["outline"] = None
            if layer.glow is not None:
                update["glow"] = Glow(color=palette[0], radius=layer.glow.radius, strength=layer.glow.strength)
            layers.append(layer.model_copy(update=update))
        else:
            layers.append(layer)
    adjustments = Adjustments(
        brightness=look.brightness, contrast=look.contrast, saturation=look.saturation, vignette=look.vignette,
        sharpen=design.adjustments.sharpen,
    )
    return design.model_copy(update={"palette": palette, "layers": layers, "adjustments": adjustments})


def _merge_palette(palette: list[str], hints: list[str]) -> list[str]:
    merged = list(dict.fromkeys([*hints[:3], *palette]))
    return merged[: max(len(palette), min(len(merged), 5))] or ["#FFD400", "#111111", "#FFFFFF"]


def _fill_subjects(slot: ImageLayer, subjects: Sequence[Image.Image], assets: AssetStore) -> list[ImageLayer]:
    """One layer per subject. Several subjects share the slot box: each gets a column that
    overlaps its neighbour by a quarter, the host (first) in front and largest."""
    if not subjects:
        return []
    if len(subjects) == 1:
        return [slot.model_copy(update={"asset": assets.put(subjects[0], hint="subject")})]
    n = len(subjects)
    out: list[ImageLayer] = []
    for i, cutout in enumerate(subjects):
        ref = assets.put(cutout, hint="subject")
        box = _column(slot.box, i, n)
        square = _column(slot.box_square, i, n) if slot.box_square else None
        tall = _column(slot.box_tall, i, n) if slot.box_tall else None
        scale = 1.0 if i == 0 else 0.92  # guests slightly smaller: the host reads first
        out.append(
            slot.model_copy(
                update={
                    "id": slot.id if i == 0 else f"{slot.id}-{i + 1}",
                    "name": f"{slot.name or 'Subject'} {i + 1}",
                    "asset": ref,
                    "box": _scaled(box, scale),
                    "box_square": _scaled(square, scale) if square else None,
                    "box_tall": _scaled(tall, scale) if tall else None,
                    "depth": max(0.0, slot.depth - 0.1 * i),
                }
            )
        )
    # draw guests first so the host overlaps them
    return list(reversed(out))


def _column(box: Box, i: int, n: int) -> Box:
    """Column i of n across ``box``, each column 4/3 of an even share so neighbours overlap."""
    share = box.w / n
    w = min(box.w, share * 4 / 3)
    x = box.x + share * i + (share - w) / 2
    x = min(max(x, box.x), box.x + box.w - w)
    return Box(x=x, y=box.y, w=w, h=box.h)


def _scaled(box: Box, s: float) -> Box:
    """Shrink about the bottom-centre (subjects stand on the bottom edge)."""
    w, h = box.w * s, box.h * s
    return Box(x=box.cx - w / 2, y=box.y + box.h - h, w=w, h=h)
