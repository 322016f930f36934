"""In-process vector search over templates (numpy brute force; pgvector is the scale-out).

Each template is embedded once from :meth:`Template.searchable_text` and its tags (see
``NumpyTemplateIndex._embed_templates``); a query is embedded with the same model and scored
by cosine similarity, which for L2-normalised vectors is the dot product (-1..1). Filters are
applied before scoring. Brute force over 10k x 384 float32 takes ~0.24 ms per query on this
project's 2-core machines (measured; docs/bench.md times the library search), far below embedding the query (~4 ms).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from routix.brief.models import CATEGORIES, STYLES
from routix.embed import get_embedder
from routix.embed.ports import l2_normalise
from routix.errors import InvalidInput, NotFound
from routix.kit.lazy import process_singleton
from routix.templates.cache import cache_key, load_vectors, save_vectors
from routix.templates.models import Template


class TextEmbedder(Protocol):
    """The part of :class:`routix.embed.Embedder` the index uses.

    ``encode(texts)`` -> float32 ``(len(texts), dim)`` with L2-normalised rows. An optional
    ``model_id`` attribute names the model for the embedding cache key.
    """

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class TemplateFilter(BaseModel):
    """Hard constraints applied before ranking; ``None`` fields do not constrain.

    ``energy_min``/``energy_max`` bound ``dna.energy`` inclusively (1..10).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str | None = None
    has_face: bool | None = None
    has_text: bool | None = None
    energy_min: int | None = Field(default=None, ge=1, le=10)
    energy_max: int | None = Field(default=None, ge=1, le=10)
    style: str | None = None

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str | None) -> str | None:
        if v is not None and v not in CATEGORIES:
            raise ValueError(f"category {v!r} is not one of {CATEGORIES}")
        return v

    @field_validator("style")
    @classmethod
    def _known_style(cls, v: str | None) -> str | None:
        if v is not None and v not in STYLES:
            raise ValueError(f"style {v!r} is not one of {STYLES}")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> TemplateFilter:
        if self.energy_min is not None and self.energy_max is not None and self.energy_min > self.energy_max:
            raise ValueError("energy_min must be <= energy_max")
        return self

    def accepts(self, template: Template) -> bool:
        """True when ``template`` satisfies every set constraint."""
        dna = template.dna
        return (
            (self.category is None or template.category == self.category)
            and (self.has_face is None or dna.has_face == self.has_face)
            and (self.has_text is None or dna.has_text == self.has_text)
            and (self.energy_min is None or dna.energy >= self.energy_min)
            and (self.energy_max is None or dna.energy <= self.energy_max)
            and (self.style is None or dna.style == self.style)
        )


@dataclass(frozen=True)
class TemplateMatch:
    """One search hit: the template and its cosine similarity to the query (-1..1)."""

    template: Template
    score: float


def model_id_of(embedder: TextEmbedder) -> str:
    """The embedder's ``model_id`` attribute, else its class path and vector size."""
    model_id = getattr(embedder, "model_id", None)
    if isinstance(model_id, str) and model_id:
        return model_id
    cls = type(embedder)
    return f"{cls.__module__}.{cls.__qualname__}/{getattr(embedder, 'dim', '?')}"


class NumpyTemplateIndex:
    """Templates + their embedding matrix, searched by cosine similarity in numpy.

    Template vectors are computed on the first search (or loaded from the disk cache, see
    :mod:`routix.templates.cache`) and kept in memory. Safe to share between threads.
    Raises ``InvalidInput`` for duplicate template ids.
    """

    def __init__(self, templates: Iterable[Template], embedder: TextEmbedder) -> None:
        self._templates: list[Template] = list(templates)
        self._by_id: dict[str, Template] = {}
        for template in self._templates:
            if template.id in self._by_id:
                raise InvalidInput(f"duplicate template id {template.id!r}")
            self._by_id[template.id] = template
        self._embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._templates)

    def all(self) -> list[Template]:
        """Every template, in insertion order."""
        return list(self._templates)

    def get(self, template_id: str) -> Template:
        """The template with that id; raises ``NotFound`` (code ``not_found``)."""
        try:
            return self._by_id[template_id]
        except KeyError:
            raise NotFound(f"unknown template {template_id!r}") from None

    def vectors(self) -> np.ndarray:
        """float32 ``(len(self), dim)`` L2-normalised template embeddings (computed once)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = self._embed_templates()
        return self._vectors

    def search(
        self,
        query: str,
        filters: TemplateFilter | None = None,
        k: int = 5,
        min_score: float | None = None,
    ) -> list[TemplateMatch]:
        """The ``k`` best templates for ``query`` among those ``filters`` accepts.

        Ordered by cosine score (-1..1) descending, ties by template id; hits below
        ``min_score`` are dropped. Raises ``InvalidInput`` for a blank query or ``k < 1``.
        """
        if not query or not query.strip():
            raise InvalidInput("search query must not be blank")
        if k < 1:
            raise InvalidInput(f"k must be >= 1, got {k}")
        rows = [i for i, t in enumerate(self._templates) if filters is None or filters.accepts(t)]
        if not rows:
            return []
        query_vector = l2_normalise(self._embedder.encode([query.strip()]))[0]
        scores = self.vectors()[rows] @ query_vector
        hits = [
            TemplateMatch(self._templates[row], float(score))
            for row, score in zip(rows, scores, strict=True)
            if min_score is None or score >= min_score
        ]
        hits.sort(key=lambda m: (-m.score, m.template.id))
        return hits[:k]

    def _embed_templates(self) -> np.ndarray:
        """One vector per template (see :func:`embed_templates`)."""
        return embed_templates(self._templates, self._embedder)


def template_texts(template: Template, description_extra: str = "") -> list[str]:
    """The texts whose normalised centroid is the template's vector: its searchable text
    (plus ``description_extra`` when given, e.g. an administrator's notes) and each tag."""
    text = template.searchable_text()
    extra = description_extra.strip()
    return [f"{text} {extra}" if extra else text, *template.tags]


def embed_text_groups(groups: Sequence[Sequence[str]], embedder: TextEmbedder) -> np.ndarray:
    """float32 ``(len(groups), dim)``: per group, the L2-normalised mean of its texts' embeddings.

    Disk-cached (:mod:`routix.templates.cache`) under the model id and every text, so the same
    groups never run the model twice. Each group must hold at least one text.
    """
    flat = [text for group in groups for text in group]
    if not flat:
        return np.zeros((0, 0), dtype=np.float32)
    key = cache_key(model_id_of(embedder), flat)
    cached = load_vectors(key, len(groups))
    if cached is not None:
        return cached
    embedded = l2_normalise(embedder.encode(flat))
    bounds = np.cumsum([0, *(len(g) for g in groups)])
    centroids = np.stack([embedded[a:b].mean(axis=0) for a, b in pairwise(bounds)])
    vectors = l2_normalise(centroids)
    save_vectors(key, vectors)
    return vectors


def embed_templates(templates: Sequence[Template], embedder: TextEmbedder) -> np.ndarray:
    """One vector per template: the normalised centroid of its searchable text and tags.

    The full text carries the overall look, each tag one way creators phrase the topic
    ("minecraft", "get ready with me"); averaging keeps one vector per template (as
    pgvector stores it) while lifting recall on short, topic-only queries. Returns float32
    ``(len(templates), dim)``, rows L2-normalised.
    """
    return embed_text_groups([template_texts(t) for t in templates], embedder)


@process_singleton
def starter_index() -> NumpyTemplateIndex:
    """The process-wide index of the starter library over ``routix.embed.get_embedder()``."""
    from routix.templates.starter import STARTER_TEMPLATES

    return NumpyTemplateIndex(STARTER_TEMPLATES, get_embedder())
