"""The shipped icon set: names, keywords, precomputed embeddings and the images.

Scoring of an icon for a text (:meth:`IconIndex.match`)::

    score = cosine(embed(text), icon vector)                      (all-MiniLM-L6-v2, -1..1)
          + TOPIC_BOOST x min(distinct label or topic phrases of the icon in the text, 2)
          + KEYWORD_BOOST x min(distinct other keyword phrases of the icon in the text, 2)

Topics are the words the project curated for an icon ("bitcoin" for the coin), keywords the
generic ones of emojilib ("round", "metal"). A phrase is found when it occurs in the text as
whole words, singular or plural ("noodles" finds "noodle"). Icon vectors embed
``"<label>: <topic>, ..., <keyword>, ..."`` (``scripts/build_icons.py``: ``icon_text``);
they are L2-normalised, so the cosine is a dot product over ~500 x 384 floats.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from PIL import Image

from routix.embed import get_embedder
from routix.errors import NotFound
from routix.kit.lazy import process_singleton

DATA = Path(__file__).parent / "data"
#: Score added per distinct label or topic phrase of an icon found in the text (at most two count).
TOPIC_BOOST = 0.15
#: Score added per distinct other keyword phrase found in the text (at most two count).
KEYWORD_BOOST = 0.04
#: Decoded icons kept in memory (each ~2.3 MB as RGBA at 768 px).
IMAGE_CACHE = 16

_WORD = re.compile(r"[a-z0-9]+")


class TextEmbedder(Protocol):
    """``encode(texts)`` -> float32 ``(len(texts), dim)`` with L2-normalised rows."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Icon:
    """One icon: ``name`` (file stem, e.g. ``"money-bag"``), ``label`` (Unicode name, e.g.
    ``"money bag"``), curated ``topics``, generic ``keywords``, Unicode ``group`` and file name."""

    name: str
    label: str
    topics: tuple[str, ...]
    keywords: tuple[str, ...]
    group: str
    file: str


@dataclass(frozen=True)
class IconMatch:
    """An icon and its score for a text (see the module docstring)."""

    icon: Icon
    score: float

    @property
    def name(self) -> str:
        return self.icon.name


def _stem(word: str) -> str:
    """Crude singular: 'noodles' -> 'noodle', 'candies' -> 'candy', 'glass' stays."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case singular words of ``text``, in order."""
    return tuple(_stem(w) for w in _WORD.findall(text.lower()))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


class IconIndex:
    """Icons with their embedding matrix; thread-safe, read-only after construction.

    ``vectors`` is float32 ``(len(icons), dim)`` with L2-normalised rows in the order of
    ``icons``; ``embedder`` embeds queries with the model the vectors were built with.
    Raises ``ValueError`` when the two disagree in length.
    """

    def __init__(self, icons: Sequence[Icon], vectors: np.ndarray, embedder: TextEmbedder | None = None,
                 directory: Path = DATA) -> None:
        if len(icons) != vectors.shape[0]:
            raise ValueError(f"{len(icons)} icons but {vectors.shape[0]} vectors")
        self.icons: tuple[Icon, ...] = tuple(icons)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._by_name = {icon.name: i for i, icon in enumerate(self.icons)}
        # phrase lookup by first word: word -> [(icon row, phrase words, is a label/topic phrase)]
        self._phrases: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        for i, icon in enumerate(self.icons):
            seen: set[tuple[str, ...]] = set()
            for text, topical in [(icon.label, True), *((t, True) for t in icon.topics),
                                  *((k, False) for k in icon.keywords)]:
                phrase = words_of(text)
                if phrase and phrase not in seen:
                    seen.add(phrase)
                    self._phrases.setdefault(phrase[0], []).append((i, phrase, topical))
        self._embedder = embedder
        self._dir = directory
        self._images: OrderedDict[str, Image.Image] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.icons)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:

            self._embedder = get_embedder()
        return self._embedder

    def get(self, name: str) -> Icon:
        """The icon called ``name``; raises ``NotFound``."""
        try:
            return self.icons[self._by_name[name]]
        except KeyError:
            raise NotFound(f"unknown icon {name!r}") from None

    def vector(self, name: str) -> np.ndarray:
        """The icon's embedding, float32 ``(dim,)``; raises ``NotFound``."""
        self.get(name)
        return self.vectors[self._by_name[name]]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, float32 ``(len(texts), dim)``."""
        return np.asarray(self.embedder.encode(list(texts)), dtype=np.float32)

    def scores(self, text: str, vector: np.ndarray | None = None) -> np.ndarray:
        """Score of every icon for ``text`` (module docstring), float32 ``(len(self),)``.
        ``vector`` is ``text``'s embedding when the caller already has it."""
        vec = self.embed([text])[0] if vector is None else vector
        scores = self.vectors @ vec
        words = words_of(text)
        topic_hits: dict[int, int] = {}
        other_hits: dict[int, int] = {}
        for first in set(words):
            for i, phrase, topical in self._phrases.get(first, ()):
                if _contains(words, phrase):
                    hits = topic_hits if topical else other_hits
                    hits[i] = hits.get(i, 0) + 1
        for i, n in topic_hits.items():
            scores[i] += TOPIC_BOOST * min(n, 2)
        for i, n in other_hits.items():
            scores[i] += KEYWORD_BOOST * min(n, 2)
        return scores

    def match(self, text: str, k: int = 5, *, exclude: Iterable[str] = (), vector: np.ndarray | None = None
              ) -> list[IconMatch]:
        """The ``k`` best icons for ``text``, best first, skipping names in ``exclude``."""
        scores = self.scores(text, vector)
        skip = {self._by_name[n] for n in exclude if n in self._by_name}
        order = [int(i) for i in np.argsort(-scores, kind="stable") if int(i) not in skip]
        return [IconMatch(self.icons[i], float(scores[i])) for i in order[:k]]

    def image(self, name: str) -> Image.Image:
        """The icon as an RGBA image (long side ~768 px, trimmed to its opaque pixels). The
        image is shared between callers: copy it before changing it. Raises ``NotFound``."""
        icon = self.get(name)
        with self._lock:
            cached = self._images.get(name)
            if cached is not None:
                self._images.move_to_end(name)
                return cached
        with Image.open(self._dir / icon.file) as handle:
            image = handle.convert("RGBA")
        with self._lock:
            self._images[name] = image
            while len(self._images) > IMAGE_CACHE:
                self._images.popitem(last=False)
        return image


def load_index(directory: Path = DATA, embedder: TextEmbedder | None = None) -> IconIndex:
    """The icon set in ``directory`` (``index.json`` + ``vectors.npy`` + images)."""
    meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
    icons = [
        Icon(name=row["name"], label=row["label"], topics=tuple(row["topics"]), keywords=tuple(row["keywords"]),
             group=row["group"], file=row["file"])
        for row in meta["icons"]
    ]
    vectors = np.load(directory / "vectors.npy", allow_pickle=False)
    return IconIndex(icons, vectors, embedder, directory)


@process_singleton
def get_icon_index() -> IconIndex:
    """The process-wide index of the shipped icons (loaded on first call, thread-safe)."""
    return load_index()
