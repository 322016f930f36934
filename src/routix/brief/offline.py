"""The offline planner: prompt -> Brief with sentence embeddings plus keyword rules.

Scoring, per label set (category, mood, style, visual elements):

    score(label) = max cosine(prompt, description) over the label's descriptions (labels.py)
                 - CENTERING x bias(label)
                 + KEYWORD_BOOST x min(distinct keyword hits, 2)             (rules.py)
                 (+ PRIOR_BOOST for the usual mood of the chosen category, and for the usual
                 style of the chosen category and of the chosen mood)

``bias(label)`` is the label's mean best cosine over ``NEUTRAL_PROMPTS`` (generic requests):
labels whose descriptions resemble any thumbnail request ("bold", "dramatic") would otherwise
win prompts that carry no evidence. The highest score wins. ``Brief.scores`` keeps the raw
category cosines. One analysis embeds one sentence (~3-5 ms on 2 CPU threads) and multiplies
it with label matrices embedded once per planner.
"""

from __future__ import annotations

import threading

import numpy as np

from routix.brief.colors import color_hints
from routix.brief.labels import (
    CATEGORY_TEXTS,
    MOOD_TEXTS,
    NEUTRAL_PROMPTS,
    STYLE_TEXTS,
    VISUAL_ELEMENT_TEXTS,
)
from routix.brief.models import Brief
from routix.brief.rules import (
    CATEGORY_RULES,
    ELEMENT_RULES,
    MOOD_RULES,
    STYLE_RULES,
    Hits,
    energy,
    wants_square,
)
from routix.brief.title import MAX_TITLE_CHARS, extract_title  # the longest explicit title: a text layer's limit
from routix.embed import Embedder, get_embedder
from routix.errors import InvalidInput
from routix.kit.lazy import process_singleton

#: Longest accepted prompt, characters (after stripping).
MAX_PROMPT_CHARS = 2000
#: Score added per distinct keyword hit (at most two count).
KEYWORD_BOOST = 0.2
#: Fraction of a label's neutral-prompt bias subtracted from its cosine.
CENTERING = 0.5
#: Score added to the mood / style a category usually has.
PRIOR_BOOST = 0.06
#: Cosine above which a visual element is added without a keyword.
ELEMENT_MIN_COSINE = 0.45
#: Most visual elements reported.
MAX_ELEMENTS = 5

#: Usual mood of each category (a weak prior when the prompt names none).
CATEGORY_MOOD: dict[str, str] = {
    "gaming": "energetic", "tech": "serious", "vlog": "playful", "tutorial": "serious",
    "reaction": "dramatic", "podcast": "serious", "finance": "serious", "fitness": "energetic",
    "travel": "inspiring", "food": "cozy", "education": "serious", "news": "serious",
    "music": "energetic", "beauty": "playful", "horror": "mysterious", "science": "inspiring",
    "wellness": "calm",
}
#: Usual style of each category.
CATEGORY_STYLE: dict[str, str] = {
    "gaming": "bold", "tech": "clean", "vlog": "bold", "tutorial": "clean", "reaction": "bold",
    "podcast": "minimal", "finance": "bold", "fitness": "bold", "travel": "cinematic", "food": "bold",
    "education": "clean", "news": "bold", "music": "neon", "beauty": "luxury", "horror": "cinematic",
    "science": "cinematic", "wellness": "minimal",
}

#: Usual style of each mood.
MOOD_STYLE: dict[str, str] = {
    "energetic": "bold", "dramatic": "cinematic", "playful": "comic", "calm": "minimal",
    "serious": "clean", "mysterious": "cinematic", "inspiring": "cinematic", "cozy": "clean",
}


class _LabelSet:
    """Descriptions of one label set embedded as a matrix ``(n_descriptions, dim)``, plus each
    label's bias: its mean best cosine over ``NEUTRAL_PROMPTS``."""

    def __init__(self, embedder: Embedder, texts: dict[str, tuple[str, ...]], neutral: np.ndarray) -> None:
        """``neutral``: embeddings of ``NEUTRAL_PROMPTS``, shape ``(k, dim)``."""
        self.labels = tuple(texts)
        owners = [i for i, label in enumerate(self.labels) for _ in texts[label]]
        self._owner = np.array(owners)
        self._matrix = embedder.encode([t for label in self.labels for t in texts[label]])
        self._bias = self._best(neutral.T).mean(axis=1)

    def _best(self, vecs: np.ndarray) -> np.ndarray:
        """Best cosine per label for column vectors ``(dim, k)`` -> ``(n_labels, k)``."""
        sims = self._matrix @ vecs
        best = np.full((len(self.labels), sims.shape[1]), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owner, sims)
        return best

    def cosines(self, vec: np.ndarray) -> dict[str, float]:
        """Best cosine of ``vec`` (shape ``(dim,)``, unit length) against each label's descriptions."""
        best = self._best(vec[:, None])[:, 0]
        return {label: float(best[i]) for i, label in enumerate(self.labels)}

    def centred(self, vec: np.ndarray) -> dict[str, float]:
        """``cosines(vec)`` minus ``CENTERING`` x each label's neutral-prompt bias."""
        best = self._best(vec[:, None])[:, 0] - CENTERING * self._bias
        return {label: float(best[i]) for i, label in enumerate(self.labels)}


def _boosted(cosines: dict[str, float], hits: dict[str, Hits], prior: tuple[str, ...] = ()) -> dict[str, float]:
    scores = dict(cosines)
    for label, hit in hits.items():
        scores[label] += KEYWORD_BOOST * min(len(hit.words), 2)
    for label in prior:
        scores[label] += PRIOR_BOOST
    return scores


def _argmax(scores: dict[str, float]) -> str:
    return max(scores, key=scores.__getitem__)


class OfflinePlanner:
    """Planner port, offline: all-MiniLM-L6-v2 similarity to label descriptions + keyword rules.

    ``embedder`` defaults to the process-wide ``routix.embed.get_embedder()``. Label
    descriptions are embedded on first use and cached on the instance (thread-safe).
    """

    name = "offline"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        self._loaded: tuple[Embedder, dict[str, _LabelSet]] | None = None
        self._lock = threading.Lock()

    def _label_sets(self) -> tuple[Embedder, dict[str, _LabelSet]]:
        """The embedder and the embedded label sets, built on first call."""
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    embedder = self._embedder or get_embedder()
                    neutral = embedder.encode(list(NEUTRAL_PROMPTS))
                    sets = {
                        name: _LabelSet(embedder, texts, neutral)
                        for name, texts in (
                            ("category", CATEGORY_TEXTS),
                            ("mood", MOOD_TEXTS),
                            ("style", STYLE_TEXTS),
                            ("element", VISUAL_ELEMENT_TEXTS),
                        )
                    }
                    self._loaded = (embedder, sets)
        return self._loaded

    def analyze(self, prompt: str, *, title: str | None = None) -> Brief:
        """Turn a free-text request into a ``Brief``.

        ``title``, when given and not blank, is the title (stripped) and wins over any title
        found in the prompt. Raises ``InvalidInput`` for a blank prompt, a prompt longer than
        ``MAX_PROMPT_CHARS`` characters or a title longer than ``MAX_TITLE_CHARS``.
        """
        if not isinstance(prompt, str):
            raise InvalidInput("prompt must be text")
        prompt = prompt.strip()
        if not prompt:
            raise InvalidInput("prompt is empty: describe the thumbnail, e.g. 'gaming thumbnail with explosions'")
        if len(prompt) > MAX_PROMPT_CHARS:
            raise InvalidInput(f"prompt is too long: {len(prompt)} characters, at most {MAX_PROMPT_CHARS}")
        explicit = title.strip() if isinstance(title, str) else None
        if explicit and len(explicit) > MAX_TITLE_CHARS:
            raise InvalidInput(f"title is too long: {len(explicit)} characters, at most {MAX_TITLE_CHARS}")

        found = extract_title(prompt)
        # Colours, "!" and capitals are read outside the title: "RED DEAD TIPS!!" is the
        # creator's text, not a request for red or for high energy. Title words still count
        # as topic, mood and element evidence.
        outside = prompt[: found[1][0]] + " " + prompt[found[1][1] :] if found else prompt

        embedder, sets = self._label_sets()
        vec = embedder.encode([prompt])[0]

        category = _argmax(_boosted(sets["category"].centred(vec), CATEGORY_RULES.hits(prompt)))
        mood = _argmax(
            _boosted(sets["mood"].centred(vec), MOOD_RULES.hits(prompt), (CATEGORY_MOOD[category],))
        )
        style = _argmax(
            _boosted(
                sets["style"].centred(vec),
                STYLE_RULES.hits(prompt),
                (CATEGORY_STYLE[category], MOOD_STYLE[mood]),
            )
        )
        return Brief(
            prompt=prompt,
            category=category,
            mood=mood,
            energy=energy(mood, prompt, loud_text=outside),
            style=style,
            visual_elements=self._elements(sets["element"].cosines(vec), prompt),
            title=explicit or (found[0] if found else None),
            color_hints=color_hints(outside),
            format="podcast" if wants_square(prompt) else "youtube",
            scores={k: round(v, 4) for k, v in sets["category"].cosines(vec).items()},
            planner=self.name,
        )

    @staticmethod
    def _elements(cosines: dict[str, float], text: str) -> list[str]:
        """Keyword elements in order of mention, then embedding matches by similarity."""
        hits = ELEMENT_RULES.hits(text)
        named = sorted(hits, key=lambda label: hits[label].first)
        similar = sorted(
            (label for label, cos in cosines.items() if cos >= ELEMENT_MIN_COSINE and label not in hits),
            key=lambda label: -cosines[label],
        )
        return (named + similar)[:MAX_ELEMENTS]


@process_singleton
def get_planner() -> OfflinePlanner:
    """The process-wide ``OfflinePlanner`` (created on first call, thread-safe)."""
    return OfflinePlanner()
