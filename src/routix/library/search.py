"""Vector search over the template library (starter + uploaded templates in ``templates``).

``library_index(services)`` is the index the generation pipeline searches (the
``TemplateSearch`` port of :mod:`routix.generate.pipeline`): ``search(query, filters, k,
min_score)`` -> ``[TemplateMatch]`` and ``get(slug)`` -> ``Template``, over active, analysed rows.

Two back ends give the same answers for the same rows:

- ``numpy`` (SQLite, or anything without pgvector): the rows' embeddings as one in-process matrix
  (:mod:`.vector_numpy`), loaded once per :class:`~routix.services.Services` and reloaded when
  :func:`invalidate` is called or when the table's version stamp (row count, latest
  ``updated_at``) changed; the stamp is checked at most every :data:`REFRESH_SECONDS`, so a
  separate worker process sees a new template within that time.
- ``pgvector`` (PostgreSQL): the HNSW cosine index finds the candidates (:mod:`.vector_pg`).

Both re-rank their candidates with :func:`routix.library.ranking.rerank`: similarity rounded
to 4 decimals descending, then performance_score descending, then slug.

When a search finds nothing (or ``get`` misses) the starter rows are re-checked with
:func:`routix.library.starter.ensure_starter` (tests truncate tables under a running worker).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterable
from datetime import datetime

import numpy as np
from pydantic import ValidationError

from routix.embed import get_embedder
from routix.embed.ports import l2_normalise
from routix.errors import InvalidInput, NotFound
from routix.library import repository, vector_pg
from routix.library.ranking import Ranked, rerank
from routix.library.starter import ensure_starter
from routix.library.vector_numpy import Snapshot, load_snapshot
from routix.templates.index import TemplateFilter, TemplateMatch, TextEmbedder
from routix.templates.models import Template

log = logging.getLogger(__name__)

#: seconds between checks of the table's version stamp (numpy back end)
REFRESH_SECONDS = 2.0
#: parsed templates kept per index (keyed by slug and updated_at)
_TEMPLATE_CACHE = 4096
_MAX_TAGS = 40


class LibraryIndex:
    """Search over the ``templates`` rows of one :class:`~routix.services.Services`.

    ``backend`` is ``"numpy"`` or ``"pgvector"`` (default: pgvector on PostgreSQL, else numpy).
    ``embedder`` embeds queries (default ``routix.embed.get_embedder()``, loaded on first use).
    Thread-safe.
    """

    def __init__(
        self, services, embedder: TextEmbedder | None = None, *, backend: str | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        if backend is None:
            backend = "pgvector" if services.db.dialect == "postgresql" else "numpy"
        if backend not in ("numpy", "pgvector"):
            raise InvalidInput(f"unknown search backend {backend!r}")
        if backend == "pgvector" and services.db.dialect != "postgresql":
            raise InvalidInput("the pgvector backend needs PostgreSQL")
        self.backend = backend
        self._services = services
        self._embedder = embedder
        self._refresh_seconds = refresh_seconds
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._templates: dict[str, tuple[datetime | None, Template]] = {}

    # -- the TemplateSearch port ------------------------------------------------------------

    def search(
        self, query: str, filters: TemplateFilter | None = None, k: int = 5, min_score: float | None = None,
    ) -> list[TemplateMatch]:
        """The ``k`` best templates for the text ``query`` among those ``filters`` accepts.

        ``TemplateMatch.score`` is the cosine similarity (-1..1) rounded to 4 decimals; hits below
        ``min_score`` are dropped. Raises ``InvalidInput`` for a blank query or ``k < 1``.
        """
        if not query or not query.strip():
            raise InvalidInput("search query must not be blank")
        _check_k(k)
        return self.search_vector(self.embed(query), filters, k, min_score)

    def get(self, slug: str) -> Template:
        """The active, analysed template ``slug``; raises ``NotFound`` otherwise."""
        template = self._load([slug]).get(slug)
        if template is None and self._restore_starter():
            template = self._load([slug]).get(slug)
        if template is None:
            raise NotFound(f"unknown template {slug!r}")
        return template

    # -- lower levels (tests, bench, admin search) ------------------------------------------

    def embed(self, query: str) -> np.ndarray:
        """float32 ``(384,)`` L2-normalised embedding of ``query`` (stripped)."""
        if self._embedder is None:

            self._embedder = get_embedder()
        return l2_normalise(self._embedder.encode([query.strip()]))[0]

    def search_vector(
        self, vector: np.ndarray, filters: TemplateFilter | None = None, k: int = 5, min_score: float | None = None,
    ) -> list[TemplateMatch]:
        """Like :meth:`search` for an already embedded, L2-normalised float32 query ``vector`` (384,)."""
        ranked = self.rank(vector, filters, k, min_score)
        if not ranked and self._restore_starter():
            ranked = self.rank(vector, filters, k, min_score)
        templates = self._load([r.slug for r in ranked], known={r.slug: r.updated for r in ranked})
        return [TemplateMatch(templates[r.slug], r.score) for r in ranked if r.slug in templates]

    def rank(
        self, vector: np.ndarray, filters: TemplateFilter | None = None, k: int = 5, min_score: float | None = None,
    ) -> list[Ranked]:
        """The ranked rows (slug, rounded score, performance) without building templates."""
        _check_k(k)
        vector = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(-1))
        if self.backend == "pgvector":
            with self._services.db.session() as session:
                candidates = vector_pg.candidates(session, vector, filters, k)
        else:
            candidates = self.snapshot().candidates(vector, filters, k)
        return rerank(candidates, vector, k, min_score)

    def snapshot(self) -> Snapshot:
        """The current in-process matrix (numpy back end), reloaded when stale."""
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < self._refresh_seconds:
            return current
        with self._lock:
            current = self._snapshot
            if current is not None and time.monotonic() - self._checked_at < self._refresh_seconds:
                return current
            with self._services.db.session() as session:
                stamp = repository.table_stamp(session)
                if current is None or current.stamp != stamp:
                    current = load_snapshot(session, stamp)
                    self._snapshot = current
            self._checked_at = time.monotonic()
            return current

    def invalidate(self) -> None:
        """Forget the matrix and the parsed templates; the next search reads the table again."""
        with self._lock:
            self._snapshot = None
            self._checked_at = 0.0
            self._templates.clear()

    # -- helpers ---------------------------------------------------------------------------

    def _restore_starter(self) -> bool:
        """Re-insert missing starter rows; True (and caches dropped) when any were written."""
        if ensure_starter(self._services):
            self.invalidate()
            return True
        return False

    def _load(self, slugs: Iterable[str], known: dict[str, datetime | None] | None = None) -> dict[str, Template]:
        """Templates for ``slugs`` that are searchable: from the cache when ``known`` gives the
        same updated_at, else from the rows (one query). Rows with a broken skeleton are skipped."""
        slugs = list(slugs)
        found: dict[str, Template] = {}
        missing = []
        for slug in slugs:
            cached = self._templates.get(slug)
            if known is not None and cached is not None and cached[0] == known.get(slug):
                found[slug] = cached[1]
            else:
                missing.append(slug)
        if not missing:
            return found
        with self._services.db.session() as session:
            rows = repository.searchable_skeletons(session, missing)
        if len(self._templates) > _TEMPLATE_CACHE:
            self._templates.clear()
        for slug, updated, skeleton, name, category, tags in rows:
            cached = self._templates.get(slug)
            if cached is not None and cached[0] == updated:
                found[slug] = cached[1]
                continue
            template = template_from_row(slug, skeleton, name, category, tags)
            if template is not None:
                self._templates[slug] = (updated, template)
                found[slug] = template
        return found


def template_from_row(slug: str, skeleton: dict | None, name: str, category: str, tags: list | None) -> Template | None:
    """The row's :class:`Template`: its ``skeleton`` JSON with the row's slug, name, category and
    tags (the administrator's edits win). None (logged) when the skeleton is missing or invalid."""
    if not skeleton:
        log.warning("template %s has no skeleton", slug)
        return None
    data = dict(skeleton)
    data.update(id=slug, name=name or data.get("name"), category=category or data.get("category"))
    if tags is not None:
        data["tags"] = [str(t) for t in tags][:_MAX_TAGS]
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        log.warning("template %s has an invalid skeleton: %s", slug, exc.errors()[:1])
        return None


def _check_k(k: int) -> None:
    if k < 1:
        raise InvalidInput(f"k must be >= 1, got {k}")


_indexes: weakref.WeakKeyDictionary[object, LibraryIndex] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def library_index(services) -> LibraryIndex:
    """The template index the pipeline searches for ``services`` (starter + uploaded templates).

    One :class:`LibraryIndex` per Services instance; the first call makes sure the starter rows
    exist (:func:`routix.library.starter.ensure_starter`).
    """
    index = _indexes.get(services)
    if index is not None:
        return index
    with _indexes_lock:
        index = _indexes.get(services)
        if index is None:
            ensure_starter(services)
            index = LibraryIndex(services)
            _indexes[services] = index
    return index


def invalidate(services) -> None:
    """Call after anything changed templates (analysis, edit, delete): this process's index of
    ``services`` reloads on its next search. Other processes notice within REFRESH_SECONDS."""
    index = _indexes.get(services)
    if index is not None:
        index.invalidate()


__all__ = ["REFRESH_SECONDS", "LibraryIndex", "invalidate", "library_index", "template_from_row"]
