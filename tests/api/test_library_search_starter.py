"""Starter templates as library rows, and the shared embedding method."""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, func, select, update

from routix.embed import get_embedder
from routix.library.embedding import searchable_text, template_vector
from routix.library.search import library_index
from routix.library.starter import ensure_starter, template_digest
from routix.store.models import TemplateRecord
from routix.templates import STARTER_TEMPLATES, starter_index


def _starter_count(services) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).where(TemplateRecord.source == "starter"))


def test_ensure_starter_is_idempotent_and_restores_missing_rows(services):
    ensure_starter(services)  # the PostgreSQL fixture truncates after migrate
    assert _starter_count(services) == len(STARTER_TEMPLATES)
    assert ensure_starter(services) == 0
    first = STARTER_TEMPLATES[0]
    with services.db.session() as session:
        row = session.scalar(select(TemplateRecord).where(TemplateRecord.slug == first.id))
        assert (row.status, row.source, row.category, row.has_face, row.energy_level) == (
            "analyzed", "starter", first.category, first.dna.has_face, first.dna.energy)
        assert row.skeleton["id"] == first.id and row.sha256 == template_digest(first)
        assert row.searchable_text == first.searchable_text()
        session.execute(delete(TemplateRecord).where(TemplateRecord.slug == STARTER_TEMPLATES[3].id))
    assert ensure_starter(services) == 1
    assert _starter_count(services) == len(STARTER_TEMPLATES)


def test_changed_starter_code_rewrites_content_but_keeps_admin_flags(services):
    ensure_starter(services)
    slug = STARTER_TEMPLATES[2].id
    with services.db.session() as session:  # an older code version, and an admin who hid the row
        session.execute(update(TemplateRecord).where(TemplateRecord.slug == slug).values(
            sha256="0" * 64, is_active=False, priority=7, searchable_text="old", embedding=np.zeros(384)))
    assert ensure_starter(services) == 1
    with services.db.session() as session:
        row = session.scalar(select(TemplateRecord).where(TemplateRecord.slug == slug))
        assert (row.is_active, row.priority, row.searchable_text) == (False, 7, STARTER_TEMPLATES[2].searchable_text())
        assert np.allclose(row.embedding, starter_index().vectors()[2])


def test_template_vector_equals_the_starter_index_rows(services):
    embedder = get_embedder()
    vectors = starter_index().vectors()
    for i in (0, 9, 19):
        vector = template_vector(STARTER_TEMPLATES[i], embedder)
        assert vector.shape == (384,) and vector.dtype == np.float32
        assert np.allclose(vector, vectors[i], atol=1e-5)
    extra = template_vector(STARTER_TEMPLATES[0], embedder, description_extra="cozy knitting tutorial")
    assert not np.allclose(extra, vectors[0], atol=1e-3)
    assert searchable_text(STARTER_TEMPLATES[0], "notes").endswith(" notes")
    assert searchable_text(STARTER_TEMPLATES[0]) == STARTER_TEMPLATES[0].searchable_text()


def test_library_index_finds_starters_after_migrate(services):
    index = library_index(services)  # lazily ensures the starter rows
    for i in (0, 12):
        assert index.search_vector(starter_index().vectors()[i], k=1)[0].template.id == STARTER_TEMPLATES[i].id
