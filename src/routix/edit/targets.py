"""Which layer of a design a phrase means: the title, the subject, the badge, an arrow ...

Layers are found by their template slot first (``title``, ``subject``, ``badge``, ``logo``,
``sticker``, ``arrow``), then by kind (the first text layer is the title when no layer has that
slot; an arrow is any ``shape`` layer drawn as an arrow).
"""

from __future__ import annotations

import re

from routix.design.models import BackgroundLayer, Design, ImageLayer, Layer, ShapeLayer, TextLayer

#: Target name -> words that name it in an instruction.
TARGET_WORDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "text", "words", "caption", "wording", "font", "letters", "lettering"),
    "subject": ("subject", "person", "me", "face", "photo", "picture", "guy", "girl", "man", "woman", "him", "her",
                "cutout", "cut-out", "portrait", "host", "character", "myself", "image of me", "model"),
    "background": ("background", "bg", "backdrop", "art", "artwork", "scene", "back ground", "behind"),
    "badge": ("badge", "label", "tag", "pill", "banner", "ribbon"),
    "arrow": ("arrow", "arrows", "pointer"),
    "logo": ("logo", "brand mark", "watermark"),
    "sticker": ("sticker", "emoji", "icon", "stickers", "emojis"),
}

_TARGET_RE = {
    name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for name, words in TARGET_WORDS.items()
}


def targets_in(text: str) -> list[str]:
    """Target names mentioned in ``text`` (lower case), in order of first mention."""
    found = []
    for name, pattern in _TARGET_RE.items():
        match = pattern.search(text)
        if match:
            found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def find_layer(design: Design, target: str) -> Layer | None:
    """The layer ``target`` names in ``design`` (see the module docstring), or None."""
    if target == "background":
        return next((layer for layer in design.layers if isinstance(layer, BackgroundLayer)), None)
    slotted = [layer for layer in design.layers if layer.slot == target]
    if target == "title":
        slotted = slotted or [layer for layer in design.layers if isinstance(layer, TextLayer) and layer.slot is None]
        return next((layer for layer in slotted if isinstance(layer, TextLayer)), None)
    if target == "subject":
        return next((layer for layer in slotted if isinstance(layer, ImageLayer)), None)
    if target == "arrow":
        arrows = [layer for layer in design.layers if isinstance(layer, ShapeLayer) and layer.shape == "arrow"]
        return (slotted or arrows or [None])[-1]
    return slotted[-1] if slotted else None


class Ask(Exception):
    """A clause that needs the user's answer (the message is the question)."""


def layer_id_for(design: Design, target: str, what: str) -> str:
    """The id of ``design``'s ``target`` layer (:func:`find_layer`); Ask ("This thumbnail has
    no arrow to remove.") when it has none; ``what`` is the verb of the question."""
    layer = find_layer(design, target)
    if layer is None:
        raise Ask(f"This thumbnail has no {target} to {what}.")
    return layer.id
