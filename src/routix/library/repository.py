"""The template library's queries: template rows (look-ups, the administrators' filtered
list, uploads, starter rows, deletion), what searches read (searchable rows, the numpy
matrix's columns, the table's version stamp), the analysis job's writes, template statistics
and users' votes.

Every function runs in the caller's session; nothing here commits. Templates are found by
primary key (``id``, administrators) or by ``slug`` (the internal id the pipeline and the
generation rows use); users never see either (template secrecy).

The pgvector nearest-neighbour query lives in :mod:`routix.library.vector_pg`, the library's
PostgreSQL vector adapter (HNSW settings, cosine distance, the binary vector format); it builds
on :func:`searchable_clauses` and :func:`style_expression` from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Row, String, cast, func, or_, select, update
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.kit.rows import get_or_404
from routix.store.models import GenerationFeedback, TemplateRecord

T = TemplateRecord

#: The administrators' list order: featured first, then priority (high first), newest, id.
TEMPLATES = Keyset(
    "templates", SortKey(T.is_featured, descending=True), SortKey(T.priority, descending=True),
    SortKey(T.created_at, descending=True), SortKey(T.id),
)


# template rows ----------------------------------------------------------------------------------

def get_template(session: Session, template_id: uuid.UUID | str) -> TemplateRecord:
    """The template row ``template_id``; NotFound ("template not found") when it is missing or
    not a uuid."""
    return get_or_404(session, T, template_id, "template")


def find_template(session: Session, template_id: uuid.UUID) -> TemplateRecord | None:
    """The template row ``template_id``, or None when it is gone."""
    return session.get(T, template_id)


@dataclass(frozen=True)
class TemplateListFilter:
    """The administrators' list filters, already validated; each None is "any". ``q``: a
    case-insensitive substring of the name, the description or the tags."""

    category: str | None = None
    status: str | None = None
    source: str | None = None
    is_active: bool | None = None
    q: str | None = None


def _conditions(f: TemplateListFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.category is not None:
        out.append(T.category == f.category)
    if f.status is not None:
        out.append(T.status == f.status)
    if f.source is not None:
        out.append(T.source == f.source)
    if f.is_active is not None:
        out.append(T.is_active.is_(f.is_active))
    if f.q and f.q.strip():
        needle = f"%{f.q.strip().lower()}%"
        out.append(or_(func.lower(T.name).like(needle), func.lower(T.description).like(needle),
                       func.lower(cast(T.tags, String)).like(needle)))
    return out


def list_templates(session: Session, filters: TemplateListFilter, page: PageRequest) -> Page[TemplateRecord]:
    """One page of the templates matching ``filters`` in :data:`TEMPLATES` order and their total
    count. Raises InvalidCursor (422) for a cursor of another list."""
    return paginate(session, select(T).where(*_conditions(filters)), TEMPLATES, page)


def templates_by_slug(session: Session, slugs: Iterable[str]) -> dict[str, TemplateRecord]:
    """``{slug: row}`` for the rows among ``slugs`` (any status; unknown slugs are absent)."""
    wanted = list(slugs)
    if not wanted:
        return {}
    return {row.slug: row for row in session.scalars(select(T).where(T.slug.in_(wanted)))}


def slug_for_ref(session: Session, ref: str) -> str | None:
    """The slug of the template ``ref`` names: ``ref`` itself when it is a slug, else the slug
    of the row whose id is the uuid ``ref``; None when neither exists."""
    if session.scalar(select(T.slug).where(T.slug == ref)) is not None:
        return ref
    try:
        row_id = uuid.UUID(ref)
    except ValueError:
        return None
    return session.scalar(select(T.slug).where(T.id == row_id))


def sha256_taken(session: Session, sha256: str, *, besides: uuid.UUID | None = None) -> bool:
    """Whether a template row (other than ``besides``) stores an image with this SHA-256."""
    query = select(T.id).where(T.sha256 == sha256)
    if besides is not None:
        query = query.where(T.id != besides)
    return session.scalar(query.limit(1)) is not None


def add_templates(session: Session, rows: Sequence[TemplateRecord]) -> None:
    """Add the new template ``rows`` and flush the session (ids and timestamps are set; pending
    changes to other rows are written too). IntegrityError for a slug that exists already."""
    session.add_all(rows)
    session.flush()


def delete_template(session: Session, row: TemplateRecord) -> None:
    """Delete the template ``row`` and flush (generations keep their ``template_id`` text)."""
    session.delete(row)
    session.flush()


def starter_digests(session: Session, slugs: Iterable[str]) -> dict[str, str | None]:
    """``{slug: sha256}`` of the rows among ``slugs`` (a starter row's sha256 is the digest of
    its Template JSON)."""
    return dict(session.execute(select(T.slug, T.sha256).where(T.slug.in_(list(slugs)))).tuples().all())


# what searches read -------------------------------------------------------------------------------

def searchable_clauses() -> list[ColumnElement[bool]]:
    """SQL conditions of a searchable row: active, analysed, with an embedding."""
    return [T.is_active.is_(True), T.status == "analyzed", T.embedding.is_not(None)]


def style_expression() -> ColumnElement[str]:
    """SQL for the skeleton's ``dna.style`` (JSON path; works on SQLite and PostgreSQL JSONB)."""
    return T.skeleton["dna"]["style"].as_string()


def table_stamp(session: Session) -> tuple[int, datetime | None]:
    """A cheap version of the ``templates`` table: (row count, latest ``updated_at``).

    Any insert, delete or update of a row (TimestampMixin bumps ``updated_at``) changes it.
    """
    count, latest = session.execute(select(func.count(T.id), func.max(T.updated_at))).one()
    return int(count), latest


def searchable_skeletons(session: Session, slugs: Iterable[str]) -> list[tuple[Any, ...]]:
    """``(slug, updated_at, skeleton, name, category, tags)`` of the searchable rows among
    ``slugs`` (unordered)."""
    return list(session.execute(
        select(T.slug, T.updated_at, T.skeleton, T.name, T.category, T.tags)
        .where(T.slug.in_(list(slugs)), *searchable_clauses())
    ).tuples())


def searchable_templates(session: Session) -> list[tuple[Any, ...]]:
    """``(slug, skeleton, name, category, tags, source)`` of every searchable row, starter rows
    first, then by slug (``routix templates list``)."""
    return list(session.execute(
        select(T.slug, T.skeleton, T.name, T.category, T.tags, T.source)
        .where(*searchable_clauses()).order_by(T.source != "starter", T.slug)
    ).tuples())


def searchable_vectors(session: Session) -> list[Row[Any]]:
    """``(slug, category, style, has_face, has_text, energy_level, performance_score,
    updated_at, embedding)`` of every searchable row, by slug (the numpy back end's matrix)."""
    return list(session.execute(
        select(T.slug, T.category, style_expression(), T.has_face, T.has_text, T.energy_level, T.performance_score,
               T.updated_at, T.embedding)
        .where(*searchable_clauses())
        .order_by(T.slug)
    ).all())


# the analysis job's writes ------------------------------------------------------------------------

def start_analysis(session: Session, template_id: uuid.UUID, startable: Sequence[str], *, now: datetime) -> bool:
    """Move the row to ``analyzing`` (``analysis_attempt + 1``, started ``now``, no error) when
    its status is one of ``startable``; False when it is gone or in another state."""
    result = session.execute(
        update(T).where(T.id == template_id, T.status.in_(startable))
        .values(status="analyzing", analysis_attempt=T.analysis_attempt + 1, analysis_started_at=now,
                analysis_error=None)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def analysis_source(session: Session, template_id: uuid.UUID) -> Row[Any]:
    """``(image_key, slug, name, category, tags, description)`` of the row; NoResultFound when
    it is gone."""
    return session.execute(select(T.image_key, T.slug, T.name, T.category, T.tags, T.description)
                           .where(T.id == template_id)).one()


def store_analysis(session: Session, template_id: uuid.UUID, values: dict[str, Any], *, now: datetime) -> None:
    """Write the analysed columns ``values``, status ``analyzed`` and ``analyzed_at = now``
    while the row is ``analyzing`` (a row reset or deleted meanwhile is left alone)."""
    session.execute(
        update(T).where(T.id == template_id, T.status == "analyzing")
        .values(**values, status="analyzed", analyzed_at=now, analysis_error=None)
        .execution_options(synchronize_session=False)
    )


def fail_analysis(session: Session, template_id: uuid.UUID, startable: Sequence[str], reason: str) -> None:
    """Status ``failed`` with ``reason`` (``analysis_error``) while the row's status is one of
    ``startable``."""
    session.execute(
        update(T).where(T.id == template_id, T.status.in_(startable))
        .values(status="failed", analysis_error=reason)
        .execution_options(synchronize_session=False)
    )


# statistics and votes -----------------------------------------------------------------------------

def count_use(session: Session, slug: str, succeeded: float) -> bool:
    """One more generation used template ``slug``: ``usage_count + 1`` and ``success_rate``
    moved by ``succeeded`` (1.0 completed, 0.0 failed), in one UPDATE. False when no row has
    that slug."""
    result = session.execute(
        update(T).where(T.slug == slug).values(
            usage_count=T.usage_count + 1,
            success_rate=(T.success_rate * T.usage_count + succeeded) / (T.usage_count + 1.0),
        ).execution_options(synchronize_session=False)
    )
    return _rowcount(result) > 0


def add_votes(session: Session, slug: str, likes: int, dislikes: int) -> bool:
    """Add ``likes`` and ``dislikes`` (each -1, 0 or +1) to template ``slug`` in one UPDATE.
    False when no row has that slug."""
    result = session.execute(
        update(T).where(T.slug == slug).values(likes=T.likes + likes, dislikes=T.dislikes + dislikes)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) > 0


def rescore(session: Session, slug: str, *, prior: float, weight: float, feedback_share: float) -> None:
    """Recompute the stored ``performance_score`` of template ``slug`` from its columns (the
    formula of :mod:`routix.library.stats`, with its constants, as column arithmetic)."""
    feedback = (T.likes + prior * weight) / (T.likes + T.dislikes + weight)
    success = (T.success_rate * T.usage_count + prior * weight) / (T.usage_count + weight)
    session.execute(update(T).where(T.slug == slug)
                    .values(performance_score=feedback_share * feedback + (1 - feedback_share) * success)
                    .execution_options(synchronize_session=False))


def get_feedback(session: Session, generation_id: uuid.UUID, user_id: uuid.UUID) -> GenerationFeedback | None:
    """``user_id``'s vote on generation ``generation_id``, or None."""
    return session.scalar(select(GenerationFeedback).where(
        GenerationFeedback.generation_id == generation_id, GenerationFeedback.user_id == user_id))


def add_feedback(session: Session, feedback: GenerationFeedback) -> None:
    """Add the new vote ``feedback`` (written at the next flush; IntegrityError then when a
    concurrent first vote of the same user won)."""
    session.add(feedback)


def _rowcount(result: object) -> int:
    """Rows an UPDATE matched."""
    return result.rowcount if isinstance(result, CursorResult) else 0


__all__ = ["TEMPLATES", "TemplateListFilter", "add_feedback", "add_templates", "add_votes", "analysis_source",
           "count_use", "delete_template", "fail_analysis", "find_template", "get_feedback", "get_template",
           "list_templates", "rescore", "searchable_clauses", "searchable_skeletons", "searchable_templates",
           "searchable_vectors", "sha256_taken", "slug_for_ref", "start_analysis", "starter_digests",
           "store_analysis", "style_expression", "table_stamp", "templates_by_slug"]
