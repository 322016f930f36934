"""The motif-choice rule of the local algorithm.

Rule (in order):

1. **Keywords.** Each visual element is lower-cased, split into words and singularised
   ("explosions" -> "explosion"). A motif scores one point per element that contains one of
   its keywords. If any motif scores, the best-scoring motifs are the candidates.
2. **Category.** Otherwise the candidates are the motifs that list the brief's category
   (all motifs when the category is unknown).
3. **Ties.** Among candidates, prefer motifs suiting the category, then the smallest
   ``|motif.energy - energy|``; any remaining tie is broken by ``seed``
   (``numpy.random.default_rng(seed)`` choosing among the tied names, sorted).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from routix.errors import InvalidInput
from routix.render.art.info import MotifInfo

_WORD = re.compile(r"[a-z0-9]+")


def singular(word: str) -> str:
    """Crude English singular: 'explosions' -> 'explosion', 'candies' -> 'candy', 'glass' stays."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> set[str]:
    """Lower-case singular words of ``text``."""
    return {singular(w) for w in _WORD.findall(text.lower())}


def choose_from(motifs: Mapping[str, MotifInfo], elements: Sequence[str], category: str, energy: int,
                seed: int) -> str:
    """Apply the module's rule to ``motifs``; returns a motif name.

    ``elements``: visual elements of a brief, e.g. ``["explosions", "gold coins"]``;
    ``category``: a brief category; ``energy``: 1..10; ``seed``: integer >= 0.
    Raises InvalidInput for a non-numeric energy or a negative seed.
    """
    try:
        level = float(energy)
    except (TypeError, ValueError):
        raise InvalidInput(f"energy must be a number 1..10, got {energy!r}") from None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInput(f"seed must be an integer >= 0, got {seed!r}")
    element_words = [words(e) for e in elements if isinstance(e, str)]
    scores = {
        name: sum(1 for ew in element_words if ew & {singular(k) for k in info.keywords})
        for name, info in motifs.items()
    }
    best = max(scores.values(), default=0)
    if best > 0:
        candidates = [n for n, sc in scores.items() if sc == best]
    else:
        candidates = [n for n, info in motifs.items() if category in info.categories] or list(motifs)

    def rank(name: str) -> tuple[int, float]:
        info = motifs[name]
        return (0 if category in info.categories else 1, abs(info.energy - level))

    top = min(rank(n) for n in candidates)
    tied = sorted(n for n in candidates if rank(n) == top)
    return tied[int(np.random.default_rng(int(seed)).integers(len(tied)))]
