"""The sharing domain's queries: publications (by version, by slug, the public ones), likes,
daily views, reports, read-only shares and the users they name, and comments on shared versions.

Every function runs in the caller's session and never commits. Counters move with single
UPDATEs (``like_count = like_count + 1``), so concurrent likes never lose one; a like or view
that already exists is detected by its unique constraint inside a savepoint.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import (
    GenerationComment,
    GenerationRequest,
    GenerationShare,
    Publication,
    PublicationLike,
    PublicationReport,
    PublicationView,
    User,
    Video,
)

P = Publication
S = GenerationShare

R = PublicationReport
C = GenerationComment

#: Reports for the moderators: newest first.
REPORTS = Keyset("publication_reports", SortKey(R.created_at, descending=True), SortKey(R.id, descending=True))
#: Versions shared with a user: newest share first.
RECEIVED = Keyset("shares_received", SortKey(S.created_at, descending=True), SortKey(S.id, descending=True))
#: Comments on a version: oldest first (a thread reads top to bottom).
COMMENTS = Keyset("generation_comments", SortKey(C.created_at), SortKey(C.id))


# publications --------------------------------------------------------------------------------

def publication_of(session: Session, generation_id: uuid.UUID) -> Publication | None:
    """The publication row of version ``generation_id`` (published or not), or None."""
    return session.scalars(select(P).where(P.generation_id == generation_id)).first()


def public_by_slug(session: Session, slug: str) -> Publication:
    """The public (published, not hidden) publication with ``slug``; NotFound otherwise."""
    row = session.scalars(select(P).where(P.slug == slug, P.is_public.is_(True))).first()
    if row is None:
        raise NotFound("nothing is published at this address")
    return row


def by_slug(session: Session, slug: str) -> Publication:
    """The publication with ``slug`` whatever its state (for moderators); NotFound otherwise."""
    row = session.scalars(select(P).where(P.slug == slug)).first()
    if row is None:
        raise NotFound("publication not found")
    return row


def add_publication(session: Session, row: Publication) -> Publication:
    """Add a new publication ``row`` and flush it."""
    session.add(row)
    session.flush()
    return row


def adjust_counts(session: Session, publication_id: uuid.UUID, *, likes: int = 0, views: int = 0) -> None:
    """Add ``likes`` and ``views`` (signed) to the publication's counters in one UPDATE."""
    session.execute(update(P).where(P.id == publication_id).values(
        like_count=P.like_count + likes, view_count=P.view_count + views,
    ).execution_options(synchronize_session=False))


def set_trend(session: Session, publication_id: uuid.UUID, score: int) -> None:
    """Store the publication's trending score."""
    session.execute(update(P).where(P.id == publication_id).values(trend_score=score)
                    .execution_options(synchronize_session=False))


def counts_of(session: Session, publication_id: uuid.UUID) -> tuple[int, int, datetime]:
    """(like_count, view_count, published_at) as stored now."""
    likes, views, published = session.execute(
        select(P.like_count, P.view_count, P.published_at).where(P.id == publication_id)).one()
    return int(likes), int(views), published


def latest_video(session: Session, generation_id: uuid.UUID) -> Video | None:
    """The newest completed video of ``generation_id`` whose MP4 still exists, or None."""
    rows = session.scalars(select(Video).where(
        Video.generation_id == generation_id, Video.status == "completed", Video.files_deleted_at.is_(None),
    ).order_by(Video.created_at.desc()))
    return next((row for row in rows if (row.outputs or {}).get("mp4")), None)


def generation_of(session: Session, publication: Publication) -> GenerationRequest:
    """The version a publication shows (it exists: the publication goes with it)."""
    row = session.get(GenerationRequest, publication.generation_id)
    if row is None:
        raise NotFound("nothing is published at this address")
    return row


# likes, views, reports ----------------------------------------------------------------------

def has_like(session: Session, publication_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Whether ``user_id`` likes the publication."""
    return session.scalar(select(func.count()).select_from(PublicationLike).where(
        PublicationLike.publication_id == publication_id, PublicationLike.user_id == user_id)) == 1


def add_like(session: Session, publication_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Add ``user_id``'s like; False (nothing added) when it exists already."""
    return _insert_once(session, PublicationLike(publication_id=publication_id, user_id=user_id))


def remove_like(session: Session, publication_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Remove ``user_id``'s like; False when there was none."""
    done = session.execute(delete(PublicationLike).where(
        PublicationLike.publication_id == publication_id, PublicationLike.user_id == user_id,
    ).execution_options(synchronize_session=False))
    return bool(getattr(done, "rowcount", 0))


def add_view(session: Session, publication_id: uuid.UUID, viewer: str, day: str) -> bool:
    """Record ``viewer``'s view on ``day`` (``YYYY-MM-DD``); False when it was recorded already."""
    return _insert_once(session, PublicationView(publication_id=publication_id, viewer=viewer, day=day))


def add_report(session: Session, row: PublicationReport) -> bool:
    """Add a report; False when this user reported this publication before."""
    return _insert_once(session, row)


def _insert_once(session: Session, row: object) -> bool:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


# read-only shares ------------------------------------------------------------------------------

def user_by_email(session: Session, email: str) -> User | None:
    """The active user with ``email`` (case-insensitive), or None."""
    query = select(User).where(func.lower(User.email) == email.lower(), User.is_active.is_(True))
    return session.scalars(query).first()


def add_share(session: Session, row: GenerationShare) -> None:
    """Add a share (nothing when this version is shared with this user already)."""
    _insert_once(session, row)


def list_received(session: Session, recipient_id: uuid.UUID, page: PageRequest) -> Page[GenerationShare]:
    """One page of the shares ``recipient_id`` received, newest first."""
    return paginate(session, select(S).where(S.recipient_id == recipient_id), RECEIVED, page)


def generations_by_id(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, GenerationRequest]:
    """``{id: row}`` of the generations ``ids``."""
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(GenerationRequest).where(GenerationRequest.id.in_(ids)))}


def visible_generation(session: Session, user_id: uuid.UUID,
                       generation_id: uuid.UUID) -> tuple[GenerationRequest, GenerationShare | None]:
    """Version ``generation_id`` as ``user_id`` may see it: ``(row, None)`` for its owner,
    ``(row, share)`` for a user it is shared with. NotFound ("generation not found", the answer
    of an unknown id) for anyone else."""
    row = session.get(GenerationRequest, generation_id)
    if row is not None and row.user_id == user_id:
        return row, None
    share = None
    if row is not None:
        share = session.scalars(select(S).where(S.generation_id == row.id, S.recipient_id == user_id)).first()
    if row is None or share is None:
        raise NotFound("generation not found")
    return row, share


def first_shared_at(session: Session, generation_id: uuid.UUID) -> datetime | None:
    """When version ``generation_id`` was first shared with anyone (None: never)."""
    return session.scalar(select(func.min(S.created_at)).where(S.generation_id == generation_id))


def usernames(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """``{id: username}`` of the users ``ids`` (their display names; never their e-mail)."""
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(set(ids)))).tuples().all())


# comments -----------------------------------------------------------------------------------

def add_comment(session: Session, row: GenerationComment) -> GenerationComment:
    """Add a comment ``row`` and flush it (its id and time are set)."""
    session.add(row)
    session.flush()
    return row


def list_comments(session: Session, generation_id: uuid.UUID, page: PageRequest) -> Page[GenerationComment]:
    """One page of the comments on ``generation_id``, oldest first."""
    return paginate(session, select(C).where(C.generation_id == generation_id), COMMENTS, page)


# discover, reports ----------------------------------------------------------------------------

def liked_slugs(session: Session, user_id: uuid.UUID, slugs: list[str]) -> set[str]:
    """The slugs among ``slugs`` whose publication ``user_id`` likes."""
    if not slugs:
        return set()
    return set(session.scalars(select(P.slug).join(PublicationLike, PublicationLike.publication_id == P.id).where(
        PublicationLike.user_id == user_id, P.slug.in_(slugs))))


def list_reports(session: Session, page: PageRequest) -> Page[PublicationReport]:
    """One page of every report, newest first (administrators)."""
    return paginate(session, select(R), REPORTS, page)


def publications_by_id(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Publication]:
    """``{id: publication}`` of ``ids``."""
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(P).where(P.id.in_(ids)))}
