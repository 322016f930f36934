"""Tables of sharing, discover, likes and views, reports, read-only shares and boards.

- ``publications``: one row per version (generation) the owner published, with the
  unguessable ``slug`` of its public page. ``is_public`` is true while it is published and not
  hidden by an administrator; discover, the public page and the public image route read only
  public rows. The filters of discover (``category``, ``algorithm``, ``style``,
  ``has_video``) and the counts (``like_count``, ``view_count``, ``trend_score``) are kept on
  the row so that each sort of discover is one index scan.
- ``publication_likes``: one per (publication, user); ``publication_views``: one per
  (publication, viewer, UTC day), the viewer being a salted SHA-256 of the user id or of the
  anonymous client's address and user agent.
- ``publication_reports``: a user's report of a public item (for the moderators).
- ``generation_shares``: a version shared read-only with another user.
- ``generation_comments``: a comment on a version by its owner or a user it is shared with
  (read oldest first: index ``(generation_id, created_at)``).
- ``boards`` and ``board_items``: named collections of one user's versions.

Every row goes with its user and its generation (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from routix.store.models import Base, TimestampMixin, UTCDateTime, new_id, utcnow

_GEN_FK = "generation_requests.id"
_USER_FK = "users.id"


class Publication(TimestampMixin, Base):
    """A published version: its public page ``/p/<slug>`` and its place in discover."""

    __tablename__ = "publications"
    __table_args__ = (
        Index("ix_publications_recent", "is_public", "published_at", "id"),
        Index("ix_publications_popular", "is_public", "like_count", "published_at", "id"),
        Index("ix_publications_trending", "is_public", "trend_score", "id"),
        Index("ix_publications_category", "is_public", "category", "published_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_GEN_FK, ondelete="CASCADE"), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    display_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100), default="")
    algorithm: Mapped[str] = mapped_column(String(100), default="")
    style: Mapped[str] = mapped_column(String(100), default="")
    has_video: Mapped[bool] = mapped_column(Boolean, default=False)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    trend_score: Mapped[int] = mapped_column(Integer, default=0)


class PublicationLike(Base):
    """One user's like of one publication."""

    __tablename__ = "publication_likes"
    __table_args__ = (UniqueConstraint("publication_id", "user_id", name="uq_publication_likes_user"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    publication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublicationView(Base):
    """One viewer's view of one publication on one UTC day (``day``: ``YYYY-MM-DD``)."""

    __tablename__ = "publication_views"
    __table_args__ = (UniqueConstraint("publication_id", "viewer", "day", name="uq_publication_views_day"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    publication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"))
    viewer: Mapped[str] = mapped_column(String(64))
    day: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublicationReport(Base):
    """A user's report of a public item: ``reason`` (spam, abuse, copyright, other) and a note."""

    __tablename__ = "publication_reports"
    __table_args__ = (UniqueConstraint("publication_id", "reporter_id", name="uq_publication_reports_user"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    publication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GenerationShare(Base):
    """``generation_id`` shared read-only by its owner with ``recipient_id``."""

    __tablename__ = "generation_shares"
    __table_args__ = (UniqueConstraint("generation_id", "recipient_id", name="uq_generation_shares_recipient"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_GEN_FK, ondelete="CASCADE"))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GenerationComment(Base):
    """A comment on version ``generation_id`` by ``user_id`` (its owner or a recipient of a share)."""

    __tablename__ = "generation_comments"
    __table_args__ = (Index("ix_generation_comments_generation", "generation_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_GEN_FK, ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Board(TimestampMixin, Base):
    """A user's named collection of versions."""

    __tablename__ = "boards"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_boards_user_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class BoardItem(Base):
    """One version on one board."""

    __tablename__ = "board_items"
    __table_args__ = (UniqueConstraint("board_id", "generation_id", name="uq_board_items_generation"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    board_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_GEN_FK, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: SQLite-only tables of the history's full-text index (an FTS5 virtual table and its shadow
#: tables, created by migration 0007; PostgreSQL uses the column and index below instead)
SQLITE_FTS_TABLES = frozenset({
    "generation_search", "generation_search_data", "generation_search_idx", "generation_search_content",
    "generation_search_docsize", "generation_search_config",
})
#: PostgreSQL-only column of the history's full text: a stored generated ``tsvector`` of
#: ``generation_requests`` (migration 0013), and its GIN index
POSTGRESQL_FTS_COLUMN = "search_document"
POSTGRESQL_FTS_INDEX = "ix_generation_requests_search"

__all__ = [
    "POSTGRESQL_FTS_COLUMN", "POSTGRESQL_FTS_INDEX", "SQLITE_FTS_TABLES", "Board", "BoardItem", "GenerationComment",
    "GenerationShare",
    "Publication", "PublicationLike", "PublicationReport", "PublicationView",
]
