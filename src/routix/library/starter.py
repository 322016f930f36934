"""The starter templates as ``templates`` rows (``source='starter'``).

:func:`ensure_starter` upserts the built-in library (``routix.templates.STARTER_TEMPLATES``) so
the pipeline searches starter and uploaded templates in one table. A starter row's ``sha256`` is
the SHA-256 of its Template JSON (there is no uploaded file): when the code's template changes,
the row's skeleton, flat DNA columns, searchable text and embedding are rewritten; the
administrator's settings on the row (is_active, is_featured, priority, name, tags, ...) and its
statistics are left alone otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import numpy as np
from sqlalchemy.exc import IntegrityError

from routix.library import repository
from routix.store.models import TemplateRecord, utcnow
from routix.templates import STARTER_TEMPLATES, starter_index
from routix.templates.models import Template

log = logging.getLogger(__name__)


def template_digest(template: Template) -> str:
    """Hex SHA-256 of ``template``'s canonical JSON (the starter row's version stamp)."""
    data = json.dumps(template.model_dump(mode="json", by_alias=True), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def flat_columns(template: Template) -> dict[str, Any]:
    """The ``templates`` columns derived from a Template: skeleton JSON and flat DNA facts."""
    dna = template.dna
    return {
        "skeleton": template.model_dump(mode="json", by_alias=True),
        "has_face": dna.has_face, "has_text": dna.has_text, "has_logo": dna.has_logo, "energy_level": dna.energy,
    }


def ensure_starter(services: Any) -> int:
    """Insert missing starter rows and refresh changed ones; returns how many rows were written.

    Cheap when every row is present and current: one SELECT of (slug, sha256), no model run.
    Otherwise the vectors come from ``starter_index().vectors()`` (disk-cached; the model runs
    only when no cache exists). Safe against a concurrent call from another process (a unique
    slug conflict is retried once and then reports 0).
    """

    wanted = {t.id: (t, template_digest(t)) for t in STARTER_TEMPLATES}
    for attempt in range(2):
        try:
            return _upsert(services, wanted)
        except IntegrityError:  # another process inserted the same slugs first
            if attempt:
                log.warning("starter templates: concurrent insert, leaving rows to the other writer")
    return 0


def _upsert(services: Any, wanted: dict[str, tuple[Template, str]]) -> int:
    with services.db.session() as session:
        present = repository.starter_digests(session, wanted)
        stale = [slug for slug, (_, digest) in wanted.items() if present.get(slug) != digest]
        if not stale:
            return 0
        vectors = _starter_vectors()
        rows = repository.templates_by_slug(session, stale)
        new_rows = []
        for slug in stale:
            template, digest = wanted[slug]
            values = {
                **flat_columns(template), "sha256": digest, "status": "analyzed", "analysis_error": None,
                "searchable_text": template.searchable_text(), "embedding": vectors[slug], "style_dna": None,
                "analyzed_at": utcnow(),
            }
            row = rows.get(slug)
            if row is None:
                row = TemplateRecord(
                    slug=slug, source="starter", name=template.name, category=template.category,
                    tags=list(template.tags), description=template.description,
                )
                new_rows.append(row)
            else:  # the code's template changed: its content follows, the admin's flags stay
                values.update(name=template.name, category=template.category, tags=list(template.tags),
                              description=template.description)
            for key, value in values.items():
                setattr(row, key, value)
        repository.add_templates(session, new_rows)  # flushes the refreshed rows too
        return len(stale)


def _starter_vectors() -> dict[str, np.ndarray]:

    index = starter_index()
    return {t.id: vector for t, vector in zip(index.all(), index.vectors(), strict=True)}


__all__ = ["ensure_starter", "flat_columns", "template_digest"]
