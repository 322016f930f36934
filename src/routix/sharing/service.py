"""Sharing use cases: publish and unpublish a version, the public item, likes, daily views,
reports, the moderators' hide and restore, read-only shares by e-mail, and a shared version's
detail and comments.

Rules:

- Versions are private until their owner publishes them; only completed versions with a
  thumbnail can be published. A publication keeps its slug (``/p/<slug>``, 16 url-safe
  characters from :func:`secrets.token_urlsafe`, 96 bits) when it is unpublished and published
  again, so a link shared earlier works again.
- A public page shows the display name the owner chose when publishing (default: their
  username) and nothing else of the owner.
- A like is one per user (toggle); a view counts once per viewer per UTC day. The viewer is
  ``sha256(secret | day | user id)`` for a signed-in user, ``sha256(secret | day | address |
  user agent)`` otherwise: the salt changes every day, so stored hashes cannot follow anyone
  across days.
- Hiding (moderation) takes an item out of discover and 404s its page and images at once;
  it is audited (``publication.hide`` / ``publication.restore``).
- Sharing with another user by e-mail answers the same whether the address has an account or
  not; an unknown address shares with nobody.
- A shared version is seen, and commented on, by its owner and the users it is shared with;
  for anyone else it does not exist (NotFound, the answer of an unknown id). They see its title,
  the owner's display name and the files it made; nothing of the request (prompt, uploads).
  Every comment writes an audit row (``generation.comment``) in the same transaction.

After a change of what is public commits, the discover cache is invalidated.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from routix.audit import service as audit
from routix.discover.cache import cache_for
from routix.errors import Conflict, InvalidInput
from routix.generations.repository import get_owned_generation
from routix.kit.pagination import Page, PageRequest
from routix.kit.transaction import after_commit
from routix.services import Services
from routix.sharing import repository
from routix.sharing.trend import trend_score
from routix.store.models import (
    GenerationComment,
    GenerationRequest,
    GenerationShare,
    Publication,
    PublicationReport,
    User,
    utcnow,
)

#: characters of the slug's random part (``token_urlsafe(12)``: 16 characters, 96 bits)
SLUG_BYTES = 12
#: reasons a report may give
REPORT_REASONS = ("spam", "abuse", "copyright", "other")


def title_of(row: GenerationRequest) -> str:
    """What a version is called: its name (a rename), else its title, else the brief's title,
    else the start of its prompt (at most 200 characters)."""
    brief_title = (row.brief or {}).get("title") if isinstance(row.brief, dict) else None
    return (row.name or row.custom_text or brief_title or row.prompt or "Untitled")[:200]


def _refresh_metadata(session: Session, publication: Publication, row: GenerationRequest) -> None:
    brief = row.brief if isinstance(row.brief, dict) else {}
    publication.title = title_of(row)
    publication.category = str(brief.get("category") or "")[:100]
    publication.style = str(row.style_preference or brief.get("style") or "")[:100]
    publication.algorithm = row.algorithm
    publication.has_video = repository.latest_video(session, row.id) is not None


def _invalidate_after_commit(session: Session, services: Services) -> None:
    after_commit(session, cache_for(services).invalidate)


def publish(session: Session, services: Services, user: User, generation_id: uuid.UUID,
            display_name: str | None = None) -> Publication:
    """Publish ``user``'s version ``generation_id`` (again); returns its publication.

    Raises NotFound for someone else's or an unknown version, Conflict (``not_publishable``)
    while it is not completed with a thumbnail."""
    row = get_owned_generation(session, user.id, generation_id)
    if row.status != "completed" or not (row.outputs or {}).get("thumbnail.jpg"):
        raise Conflict("only a completed thumbnail can be published", code="not_publishable")
    publication = repository.publication_of(session, row.id)
    now = utcnow()
    if publication is None:
        publication = Publication(generation_id=row.id, user_id=user.id, slug=secrets.token_urlsafe(SLUG_BYTES),
                                  display_name=display_name or user.username, published_at=now)
        _refresh_metadata(session, publication, row)
        publication.trend_score = trend_score(0, 0, now)
        repository.add_publication(session, publication)
    else:
        if not publication.is_published:
            publication.published_at = now
        publication.is_published = True
        publication.is_public = publication.hidden_at is None
        if display_name:
            publication.display_name = display_name
        _refresh_metadata(session, publication, row)
        publication.trend_score = trend_score(publication.like_count, publication.view_count,
                                              publication.published_at)
    _invalidate_after_commit(session, services)
    return publication


def unpublish(session: Session, services: Services, user: User, generation_id: uuid.UUID) -> None:
    """Make ``user``'s version private again (nothing when it was not published). NotFound for
    someone else's or an unknown version."""
    row = get_owned_generation(session, user.id, generation_id)
    publication = repository.publication_of(session, row.id)
    if publication is not None and publication.is_published:
        publication.is_published = False
        publication.is_public = False
        _invalidate_after_commit(session, services)


def publication_for_owner(session: Session, user: User, generation_id: uuid.UUID) -> Publication | None:
    """The publication of ``user``'s version (None when never published). NotFound for someone
    else's version."""
    row = get_owned_generation(session, user.id, generation_id)
    return repository.publication_of(session, row.id)


def public_item(session: Session, slug: str) -> tuple[Publication, GenerationRequest]:
    """The public item at ``slug`` and its version; NotFound when it is not public."""
    publication = repository.public_by_slug(session, slug)
    return publication, repository.generation_of(session, publication)


def viewer_key(services: Services, day: str, user: User | None, address: str | None, agent: str | None) -> str:
    """The salted, daily-changing SHA-256 (hex) that identifies one viewer on ``day``."""
    who = f"user:{user.id}" if user is not None else f"anon:{address or '-'}|{agent or '-'}"
    return hashlib.sha256(services.settings.secret() + f"|{day}|{who}".encode()).hexdigest()


def record_view(session: Session, services: Services, publication: Publication, user: User | None,
                request: Request | None) -> bool:
    """Count a view of ``publication`` unless this viewer was counted today; True when counted."""
    day = datetime.now(UTC).date().isoformat()
    address = request.client.host if request is not None and request.client else None
    agent = request.headers.get("user-agent") if request is not None else None
    if not repository.add_view(session, publication.id, viewer_key(services, day, user, address, agent), day):
        return False
    repository.adjust_counts(session, publication.id, views=1)
    _retrend(session, publication.id)
    return True


def _retrend(session: Session, publication_id: uuid.UUID) -> None:
    likes, views, published = repository.counts_of(session, publication_id)
    repository.set_trend(session, publication_id, trend_score(likes, views, published))


def set_like(session: Session, user: User, slug: str, liked: bool | None = None) -> tuple[bool, int]:
    """Like, unlike (``liked``) or toggle (None) the public item ``slug`` for ``user``; returns
    (liked now, like count). Repeating a like or an unlike changes nothing."""
    publication = repository.public_by_slug(session, slug)
    if liked is None:
        liked = not repository.has_like(session, publication.id, user.id)
    if liked and repository.add_like(session, publication.id, user.id):
        repository.adjust_counts(session, publication.id, likes=1)
    elif not liked and repository.remove_like(session, publication.id, user.id):
        repository.adjust_counts(session, publication.id, likes=-1)
    _retrend(session, publication.id)
    likes, _, _ = repository.counts_of(session, publication.id)
    return liked, likes


def report(session: Session, user: User, slug: str, reason: str, note: str = "") -> bool:
    """``user`` reports the public item ``slug``; False when they reported it before."""
    if reason not in REPORT_REASONS:
        raise InvalidInput(f"reason must be one of {', '.join(REPORT_REASONS)}")
    publication = repository.public_by_slug(session, slug)
    return repository.add_report(session, PublicationReport(publication_id=publication.id, reporter_id=user.id,
                                                            reason=reason, note=note))


def moderate(session: Session, services: Services, admin: User, slug: str, *, hidden: bool,
             request: Request | None = None, note: str | None = None) -> Publication:
    """Hide (``hidden``) or restore the publication ``slug``; audited. NotFound for an unknown slug."""
    publication = repository.by_slug(session, slug)
    before = audit.snapshot(publication, ("hidden_at", "is_public"))
    publication.hidden_at = (publication.hidden_at or utcnow()) if hidden else None
    publication.is_public = publication.is_published and not hidden
    audit.record(session, admin, "publication.hide" if hidden else "publication.restore", "publication",
                 publication.id, before=before, after=audit.snapshot(publication, ("hidden_at", "is_public")),
                 request=request, note=note)
    _invalidate_after_commit(session, services)
    return publication


def share(session: Session, user: User, generation_id: uuid.UUID, email: str) -> None:
    """Share ``user``'s version read-only with the account of ``email``, if there is one.
    NotFound for someone else's version; the same (nothing) for an unknown address or one's
    own."""
    row = get_owned_generation(session, user.id, generation_id)
    recipient = repository.user_by_email(session, email)
    if recipient is None or recipient.id == user.id:
        return
    repository.add_share(session, GenerationShare(generation_id=row.id, owner_id=user.id, recipient_id=recipient.id))


def received(session: Session, user: User, page: PageRequest) -> Page[dict[str, Any]]:
    """One page of the versions shared with ``user``: ``{share, generation, owner_name}``
    (``owner_name``: the owner's display name)."""
    found = repository.list_received(session, user.id, page)
    rows = repository.generations_by_id(session, [s.generation_id for s in found.items])
    names = repository.usernames(session, [s.owner_id for s in found.items])
    return found.with_items([{"share": s, "generation": rows[s.generation_id], "owner_name": names.get(s.owner_id, "")}
                             for s in found.items])


@dataclass(frozen=True)
class SharedVersion:
    """A version as its owner or a user it is shared with may see it: the row, the share that
    lets the caller see it (None for the owner), the owner's display name, the version's title
    and when it was shared (with the caller; for the owner, first with anyone; None: never)."""

    row: GenerationRequest
    share: GenerationShare | None
    owner_name: str
    title: str
    shared_at: datetime | None


def shared_version(session: Session, user: User, generation_id: uuid.UUID) -> SharedVersion:
    """Version ``generation_id`` for ``user``, its owner or a user it is shared with. NotFound
    ("generation not found", as for an unknown id) for anyone else."""
    row, found = repository.visible_generation(session, user.id, generation_id)
    owner = user.username if found is None else repository.usernames(session, [row.user_id]).get(row.user_id, "")
    shared_at = found.created_at if found is not None else repository.first_shared_at(session, row.id)
    return SharedVersion(row=row, share=found, owner_name=owner, title=title_of(row), shared_at=shared_at)


def comments(session: Session, version: SharedVersion, page: PageRequest) -> Page[dict[str, Any]]:
    """One page of the comments on ``version``, oldest first: ``{comment, author}`` pairs
    (``author``: the writer's display name). Check access first with :func:`shared_version`."""
    found = repository.list_comments(session, version.row.id, page)
    names = repository.usernames(session, [c.user_id for c in found.items])
    return found.with_items([{"comment": c, "author": names.get(c.user_id, "")} for c in found.items])


def comment(session: Session, user: User, version: SharedVersion, body: str,
            request: Request | None = None) -> dict[str, Any]:
    """``user`` (the owner or a recipient: check with :func:`shared_version`) comments ``body``
    (1-2000 characters, checked by the request model) on ``version``; audited as
    ``generation.comment`` in the same transaction. Returns the ``{comment, author}`` pair."""
    entry = repository.add_comment(session, GenerationComment(generation_id=version.row.id, user_id=user.id,
                                                              body=body))
    audit.record(session, user, "generation.comment", "generation", version.row.id,
                 after={"comment": str(entry.id)}, request=request)
    return {"comment": entry, "author": user.username}


__all__ = ["REPORT_REASONS", "SharedVersion", "comment", "comments", "moderate", "public_item", "publish", "received",
           "record_view", "report", "set_like", "share", "shared_version", "title_of", "unpublish", "viewer_key"]
