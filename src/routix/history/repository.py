"""History queries: search and filter one user's generations; rename and delete one.

Full text runs over the prompt, the title and the name (a rename) of a generation:

- SQLite: the FTS5 table ``generation_search`` (migration 0007; triggers keep it in step with
  ``generation_requests``), queried with every word as a prefix (``"word"*``), all required;
- PostgreSQL: the stored generated column ``search_document`` (``to_tsvector('simple', ...)``
  of the same text, migration 0013) against ``to_tsquery('simple', 'word:* & ...')``, answered
  from its GIN index ``ix_generation_requests_search``.

Every query is scoped to the caller's ``user_id``; nothing here commits.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, exists, select, text
from sqlalchemy.orm import Session

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import GenerationRequest, Publication, Video

G = GenerationRequest

#: sort name -> keyset of the history
KEYSETS: dict[str, Keyset] = {
    "newest": Keyset("history_newest", SortKey(G.created_at, True), SortKey(G.id, True)),
    "oldest": Keyset("history_oldest", SortKey(G.created_at), SortKey(G.id)),
}
#: the most words of a query used (more are ignored)
MAX_WORDS = 8

#: PostgreSQL only, so not a mapped column (the models describe both databases)
_PG_DOCUMENT = "generation_requests.search_document"


@dataclass(frozen=True)
class HistoryFilters:
    """Filters of the history; every one optional. Dates are UTC, ``created_from`` inclusive,
    ``created_to`` exclusive."""

    q: str | None = None
    status: str | None = None
    category: str | None = None
    algorithm: str | None = None
    style: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    has_video: bool | None = None
    published: bool | None = None


def words_of(q: str) -> list[str]:
    """The search words of ``q``: letters and digits, lower-cased, at most :data:`MAX_WORDS`."""
    return re.findall(r"\w+", q.lower())[:MAX_WORDS]


def _full_text(query: Select[GenerationRequest], dialect: str,
               words: list[str]) -> Select[GenerationRequest]:
    if dialect == "postgresql":
        return query.where(text(f"{_PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, :history_q)").bindparams(
            history_q=" & ".join(f"{w}:*" for w in words)))
    matching = text("SELECT generation_id FROM generation_search WHERE generation_search MATCH :history_q").bindparams(
        history_q=" ".join('"' + w.replace('"', "") + '"*' for w in words))
    return query.where(G.id.in_(matching.columns(generation_id=G.id.type)))


def search(session: Session, user_id: uuid.UUID, filters: HistoryFilters, sort: str,
           page: PageRequest) -> Page[GenerationRequest]:
    """One page of ``user_id``'s generations matching ``filters`` in ``sort`` order. Raises
    InvalidCursor (422) for a cursor of another sort."""
    query = select(G).where(G.user_id == user_id)
    words = words_of(filters.q or "")
    if words:
        query = _full_text(query, session.get_bind().dialect.name, words)
    if filters.status:
        query = query.where(G.status == filters.status)
    if filters.category:
        query = query.where(G.brief["category"].as_string() == filters.category)
    if filters.algorithm:
        query = query.where(G.algorithm == filters.algorithm)
    if filters.style:
        query = query.where(G.style_preference == filters.style)
    if filters.created_from is not None:
        query = query.where(G.created_at >= filters.created_from)
    if filters.created_to is not None:
        query = query.where(G.created_at < filters.created_to)
    if filters.has_video is not None:
        video = exists().where(Video.generation_id == G.id, Video.status == "completed")
        query = query.where(video if filters.has_video else ~video)
    if filters.published is not None:
        published = exists().where(Publication.generation_id == G.id, Publication.is_published.is_(True))
        query = query.where(published if filters.published else ~published)
    return paginate(session, query, KEYSETS[sort], page)


def published_ids(session: Session, generation_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """The ids among ``generation_ids`` that are published."""
    if not generation_ids:
        return set()
    return set(session.scalars(select(Publication.generation_id).where(
        Publication.generation_id.in_(generation_ids), Publication.is_published.is_(True))))


def video_ids_of(session: Session, generation_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of every video of ``generation_id``."""
    return list(session.scalars(select(Video.id).where(Video.generation_id == generation_id)))


def delete_generation(session: Session, generation_id: uuid.UUID) -> None:
    """``DELETE`` the generation row; the database cascades to its videos, publication,
    likes, views, shares and board entries and sets the credit ledger's link to NULL (the
    ledger stays). Children keep their ``parent_id``."""
    session.execute(delete(G).where(G.id == generation_id).execution_options(synchronize_session=False))
