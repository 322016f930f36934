"""The embedding side of the instruction parser: a clause the keyword rules do not understand
is compared (cosine, all-MiniLM-L6-v2 via :mod:`routix.embed`) with example phrasings of each
intent; the best intent wins when it scores at least :data:`MIN_SCORE` and beats the best other
intent by :data:`MIN_MARGIN`, otherwise the parser asks back.

Each intent maps to default operations on the design (:func:`ops_for_intent`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from routix.design.models import Design
from routix.edit import ops as o
from routix.edit.targets import find_layer

MIN_SCORE = 0.55
MIN_MARGIN = 0.03

#: intent -> example phrasings (what the rules may miss: indirect wording)
EXAMPLES: dict[str, tuple[str, ...]] = {
    "title_bigger": ("the title is hard to read", "I can barely see the title", "title needs more presence",
                     "the headline should dominate", "can't read the words on a phone"),
    "title_smaller": ("the title takes up too much room", "the title is overwhelming", "tone down the headline size",
                      "the words cover too much"),
    "subject_bigger": ("I want to be more visible", "zoom in on me", "fill the frame with my face",
                       "the person looks lost in the image"),
    "subject_smaller": ("I take up too much space", "less of me in the picture", "zoom out on the person"),
    "background_darker": ("the background is too loud", "tone down the background", "the backdrop is distracting",
                          "make it moody", "more dramatic lighting"),
    "background_brighter": ("it looks too gloomy", "the thumbnail is too dark", "more light please",
                            "make it feel sunny and cheerful"),
    "background_blur": ("the background is too busy", "focus on me not the background", "the background is noisy"),
    "new_art": ("I don't like the background", "try another background", "show me a different backdrop",
                "the background art is ugly"),
    "title_font": ("the lettering looks boring", "try another typeface", "the font doesn't fit"),
    "title_outline": ("the title blends into the background", "make the letters pop from the background",
                      "the text has no edge"),
    "mirror_layout": ("put me on the other side", "swap the positions of the title and me", "flip everything around"),
}

#: intents whose operations are made by :func:`ops_for_intent`
INTENTS = tuple(EXAMPLES)


@lru_cache(maxsize=1)
def _example_vectors() -> tuple[list[str], np.ndarray]:
    from routix.embed import get_embedder

    labels = [intent for intent, phrases in EXAMPLES.items() for _ in phrases]
    texts = [phrase for phrases in EXAMPLES.values() for phrase in phrases]
    return labels, np.asarray(get_embedder().encode(texts), dtype=np.float32)


def intent_scores(clause: str) -> dict[str, float]:
    """The best cosine of ``clause`` against each intent's examples."""
    from routix.embed import get_embedder

    labels, vectors = _example_vectors()
    query = np.asarray(get_embedder().encode([clause]), dtype=np.float32)[0]
    cosines = vectors @ query / (np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0))
    best: dict[str, float] = {}
    for label, score in zip(labels, cosines, strict=True):
        best[label] = max(best.get(label, -1.0), float(score))
    return best


def nearest_intent(clause: str) -> str | None:
    """The intent of ``clause`` (see the module docstring), or None when none is clear."""
    scores = sorted(intent_scores(clause).items(), key=lambda item: -item[1])
    (best, top), (_, second) = scores[0], scores[1]
    if top < MIN_SCORE or top - second < MIN_MARGIN:
        return None
    return best


def ops_for_intent(intent: str, design: Design) -> list[Any]:
    """The default operations of ``intent`` on ``design``; [] when the layer is missing (the
    parser then asks back)."""
    title, subject = find_layer(design, "title"), find_layer(design, "subject")
    table: dict[str, Any] = {
        "title_bigger": lambda: [o.Resize(layer=title.id, factor=1.25)] if title else [],
        "title_smaller": lambda: [o.Resize(layer=title.id, factor=0.8)] if title else [],
        "subject_bigger": lambda: [o.Resize(layer=subject.id, factor=1.25)] if subject else [],
        "subject_smaller": lambda: [o.Resize(layer=subject.id, factor=0.8)] if subject else [],
        "background_darker": lambda: [o.TintBackground(amount=-0.5)],
        "background_brighter": lambda: [o.TintBackground(amount=0.5)],
        "background_blur": lambda: [o.BlurBackground(amount=0.5)],
        "new_art": lambda: [o.NewArt()],
        "title_font": lambda: [o.SetFont(layer=title.id, font="bebas" if getattr(title, "font", "") != "bebas"
                                         else "anton")] if title else [],
        "title_outline": lambda: [o.SetOutline(layer=title.id, color="#000000")] if title else [],
        "mirror_layout": lambda: [o.SetLayout(layout="mirror")],
    }
    return table[intent]()
