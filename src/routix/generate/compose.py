"""Compose: fill a template's slots with the request's subjects, title, logo and palette.

Pure apart from putting cutouts into the asset store. The result is a complete Design whose
background still holds the template's art; the algorithm paints the real art afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PIL import Image

from routix.brief.models import Brief
from routix.brief.title import fit_title
from routix.design.models import Box, Design, DesignMeta, ImageLayer, Layer, TextLayer
from routix.generate.ports import AssetStore

# Words that describe the *thumbnail*, not its subject; dropped when a title is derived.
_META = {
    "thumbnail", "thumbnails", "youtube", "video", "cover", "podcast", "episode", "image", "picture",
    "make", "create", "generate", "design", "style", "styled", "please", "art", "album", "square",
    "vibe", "vibes", "look", "looking", "feel", "theme", "themed", "need", "want", "i", "we", "us",
}
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
    "music": "NEW MUSIC", "beauty": "GLOW UP",
}
_CATEGORY_BADGES = {"news": "BREAKING", "gaming": "NEW", "podcast": "NEW EPISODE", "tech": "REVIEW"}
_WORD = re.compile(r"[A-Za-z0-9'$%&!?.]*[A-Za-z0-9$%&!?]")
_CLAUSE = re.compile(r"[,;:()\u2014]| - ")


def derive_title(brief: Brief, *, max_words: int = 6) -> str:
    """A short upper-case title from the prompt's first clause.

    Thumbnail words ("thumbnail", "cover" ...), colour, mood, style and category words are
    dropped, then function words are trimmed from both ends: "how to invest your first $1000"
    -> "HOW TO INVEST YOUR FIRST $1000", "gaming thumbnail with explosions" -> "EXPLOSIONS".
    Falls back to a category phrase when nothing is left ("podcast cover, calm, blue").
    The result always fits a text layer (``routix.brief.title.fit_title``): a word longer than
    ``MAX_TITLE_WORD`` is cut with "…". An explicit ``brief.title`` is returned as written
    (stripped) unless it is longer than a text layer holds (a planner's title may be).
    """
    if brief.title and brief.title.strip():
        return fit_title(brief.title, max_word=None)
    drop = {brief.mood, brief.style, brief.category} | _META | _COLOURS
    first_clause = _CLAUSE.split(brief.prompt.strip(), maxsplit=1)[0]
    words = [w for w in _WORD.findall(first_clause) if w.lower() not in drop and not w.startswith("#")]
    while words and words[0].lower() in _EDGE:
        words.pop(0)
    while words and words[-1].lower() in _EDGE:
        words.pop()
    if not words:
        return _CATEGORY_TITLES.get(brief.category, "WATCH THIS")
    return fit_title(" ".join(words[:max_words]).upper())


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
) -> Design:
    """Fill the template skeleton's slots and return a complete design.

    * ``title`` replaces ``{title}``; ``subtitle``/``badge`` layers are kept only with text.
    * ``subjects`` (RGBA cutouts, host first) fill the ``subject`` slot; two or more people
      share the slot's box side by side (host in front). No subject -> the slot is removed.
    * ``logo`` fills the ``logo`` slot or the slot is removed.
    * ``brief.color_hints`` replace the leading palette colours.
    """
    design = template_design.model_copy(deep=True)
    palette = _merge_palette(design.palette, brief.color_hints)
    badge = _CATEGORY_BADGES.get(brief.category)
    layers: list[Layer] = []
    for layer in design.layers:
        if layer.slot == "subject" and isinstance(layer, ImageLayer):
            layers.extend(_fill_subjects(layer, subjects, assets))
        elif layer.slot == "logo" and isinstance(layer, ImageLayer):
            if logo is not None:
                layers.append(layer.model_copy(update={"asset": assets.put(logo, hint="logo")}))
        elif isinstance(layer, TextLayer) and layer.slot in ("title", "subtitle", "badge"):
            text = {"title": title, "subtitle": subtitle, "badge": badge}[layer.slot]
            if text:
                layers.append(layer.model_copy(update={"text": text}))
        else:
            layers.append(layer)
    meta = DesignMeta(
        prompt=brief.prompt, category=brief.category, template_ref=template_ref, variant="main",
    )
    return Design(seed=seed, palette=palette, layers=layers, adjustments=design.adjustments, meta=meta)


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
        scale = 1.0 if i == 0 else 0.92  # guests slightly smaller: the host reads first
        out.append(
            slot.model_copy(
                update={
                    "id": slot.id if i == 0 else f"{slot.id}-{i + 1}",
                    "name": f"{slot.name or 'Subject'} {i + 1}",
                    "asset": ref,
                    "box": _scaled(box, scale),
                    "box_square": _scaled(square, scale) if square else None,
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
