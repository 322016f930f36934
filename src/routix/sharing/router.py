"""Sharing routes: publish/unpublish a version, the public item's JSON, likes, reports, the
moderators' hide, and read-only shares.

======================================================  =========================================
``POST /api/v1/generation/{id}/publish``                publish (again); answers the publication
``DELETE /api/v1/generation/{id}/publish``              make it private at once
``GET /api/v1/generation/{id}/publication``             the publication state (owner)
``POST /api/v1/generation/{id}/share``                  share read-only with an e-mail address
``GET /api/v1/shared``                                  versions shared with you
``GET /api/v1/shared/{id}``                             a shared version: files and first comments
``GET /api/v1/shared/{id}/comments``                    its comments, oldest first
``POST /api/v1/shared/{id}/comments``                   comment on it (owner and recipients; audited)
``GET /api/v1/public/{slug}``                           a public item (no login; counts a view)
``POST /api/v1/public/{slug}/like``                     like / unlike / toggle (one per user)
``POST /api/v1/public/{slug}/report``                   report it to the moderators
``POST /api/v1/admin/publications/{slug}/hide``         hide or restore (administrators, audited)
``GET /api/v1/admin/publications/reports``              the reports, newest first (administrators)
======================================================  =========================================

Someone else's version, an unknown slug and an item that is not public all answer 404; so does
a version that is neither yours nor shared with you.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from routix.api.deps import AdminDep, ServicesDep, SessionDep, UserDep, credential_from, resolve_user
from routix.api.problems import responses
from routix.errors import RoutixError
from routix.generations.views import signed_url
from routix.kit.pagination import PageRequest, pagination
from routix.sharing import repository, service
from routix.sharing.schemas import (
    CommentBody,
    CommentListOut,
    CommentOut,
    HideBody,
    LikeBody,
    LikeOut,
    MessageOut,
    PublicationOut,
    PublicItemOut,
    PublishBody,
    ReportBody,
    ReportListOut,
    ShareBody,
    SharedListOut,
    SharedVersionOut,
)
from routix.sharing.views import (
    base_url,
    comment_view,
    comments_view,
    iso,
    owner_view,
    page_path,
    public_view,
    shared_version_view,
)
from routix.store.models import User

router = APIRouter(tags=["sharing"])

_NOT_YOURS = responses({404: "no such generation (or not yours)"})
_NOT_PUBLIC = responses({404: "nothing is published at this address"})
_NOT_SHARED = responses({404: "no such generation (or neither yours nor shared with you)"})


def optional_user(request: Request, session: SessionDep, services: ServicesDep) -> User | None:
    """The signed-in user, or None for an anonymous visitor (a bad credential is anonymous too:
    public routes answer the same to everyone)."""
    credential = credential_from(request)
    if not credential:
        return None
    try:
        return resolve_user(session, services, credential)
    except RoutixError:
        return None


MaybeUser = Annotated[User | None, Depends(optional_user)]


@router.post("/api/v1/generation/{generation_id}/publish", response_model=PublicationOut,
             responses=responses({404: "no such generation (or not yours)",
                                  409: "not a completed thumbnail (`not_publishable`)"}))
def publish(generation_id: uuid.UUID, request: Request, user: UserDep, session: SessionDep, services: ServicesDep,
            body: PublishBody | None = None) -> dict[str, Any]:
    """Publish the version: it gets a public page at an unguessable short address and appears
    in discover. Publishing again after unpublishing keeps the address."""
    publication = service.publish(session, services, user, generation_id, (body or PublishBody()).display_name)
    return owner_view(publication, services, request)


@router.delete("/api/v1/generation/{generation_id}/publish", response_model=PublicationOut, responses=_NOT_YOURS)
def unpublish(generation_id: uuid.UUID, request: Request, user: UserDep, session: SessionDep,
              services: ServicesDep) -> dict[str, Any]:
    """Make the version private: its page, images and video answer 404 from now on."""
    service.unpublish(session, services, user, generation_id)
    return owner_view(service.publication_for_owner(session, user, generation_id), services, request)


@router.get("/api/v1/generation/{generation_id}/publication", response_model=PublicationOut, responses=_NOT_YOURS)
def publication(generation_id: uuid.UUID, request: Request, user: UserDep, session: SessionDep,
                services: ServicesDep) -> dict[str, Any]:
    """Whether the version is published, its address and its counts."""
    return owner_view(service.publication_for_owner(session, user, generation_id), services, request)


@router.post("/api/v1/generation/{generation_id}/share", status_code=202, response_model=MessageOut,
             responses=_NOT_YOURS)
def share(generation_id: uuid.UUID, body: ShareBody, user: UserDep, session: SessionDep) -> dict[str, str]:
    """Share the version read-only with the account of an e-mail address. The answer is the
    same whether that address has an account or not."""
    service.share(session, user, generation_id, str(body.email))
    return {"message": "If this address has a Routix account, it can now see this thumbnail."}


@router.get("/api/v1/shared", response_model=SharedListOut)
def shared(user: UserDep, session: SessionDep, services: ServicesDep,
           page: Annotated[PageRequest, Depends(pagination(repository.RECEIVED))]) -> dict[str, Any]:
    """Versions other users shared with you, newest first (read-only, signed links)."""
    found = service.received(session, user, page)
    items = [{"generation_id": str(pair["generation"].id), "title": service.title_of(pair["generation"]),
              "owner_name": pair["owner_name"], "shared_at": iso(pair["share"].created_at),
              "thumbnail_url": signed_url(services, pair["generation"], "thumbnail.jpg")} for pair in found.items]
    return {"items": items, **found.fields()}


@router.get("/api/v1/shared/{generation_id}", response_model=SharedVersionOut, responses=_NOT_SHARED)
def shared_version(generation_id: uuid.UUID, user: UserDep, session: SessionDep,
                   services: ServicesDep) -> dict[str, Any]:
    """A version shared with you (or yours): title, the owner's display name, signed links to
    its files and the first page of its comments; nothing of its request (prompt, uploads)."""
    version = service.shared_version(session, user, generation_id)
    return shared_version_view(version, service.comments(session, version, PageRequest()), services, user.id)


@router.get("/api/v1/shared/{generation_id}/comments", response_model=CommentListOut, responses=_NOT_SHARED)
def shared_comments(generation_id: uuid.UUID, user: UserDep, session: SessionDep,
                    page: Annotated[PageRequest, Depends(pagination(repository.COMMENTS))]) -> dict[str, Any]:
    """Comments on a version shared with you (or yours), oldest first."""
    version = service.shared_version(session, user, generation_id)
    return comments_view(service.comments(session, version, page), viewer_id=user.id, owner_id=version.row.user_id)


@router.post("/api/v1/shared/{generation_id}/comments", status_code=201, response_model=CommentOut,
             responses=_NOT_SHARED)
def add_shared_comment(generation_id: uuid.UUID, body: CommentBody, request: Request, user: UserDep,
                       session: SessionDep) -> dict[str, Any]:
    """Comment on a version shared with you (or yours); the owner and every recipient see it."""
    version = service.shared_version(session, user, generation_id)
    pair = service.comment(session, user, version, body.body, request)
    return comment_view(pair["comment"], pair["author"], viewer_id=user.id, owner_id=version.row.user_id)


@router.get("/api/v1/public/{slug}", response_model=PublicItemOut, responses=_NOT_PUBLIC)
def public_item(slug: str, request: Request, viewer: MaybeUser, session: SessionDep,
                services: ServicesDep) -> dict[str, Any]:
    """A public item, no login needed (counts one view per viewer per day)."""
    item, row = service.public_item(session, slug)
    service.record_view(session, services, item, viewer, request)
    session.refresh(item)
    liked = repository.has_like(session, item.id, viewer.id) if viewer is not None else None
    return public_view(item, row, services, request, liked=liked)


@router.post("/api/v1/public/{slug}/like", response_model=LikeOut, responses=_NOT_PUBLIC)
def like(slug: str, user: UserDep, session: SessionDep, body: LikeBody | None = None) -> dict[str, Any]:
    """Like (``liked: true``), unlike (``false``) or toggle (no body). One like per user."""
    liked, count = service.set_like(session, user, slug, (body or LikeBody()).liked)
    return {"liked": liked, "like_count": count}


@router.post("/api/v1/public/{slug}/report", status_code=202, response_model=MessageOut, responses=_NOT_PUBLIC)
def report(slug: str, body: ReportBody, user: UserDep, session: SessionDep) -> dict[str, str]:
    """Report a public item to the moderators (once per user)."""
    service.report(session, user, slug, body.reason, body.note)
    return {"message": "Thanks: a moderator will look at it."}


@router.post("/api/v1/admin/publications/{slug}/hide", response_model=PublicationOut,
             responses=responses({404: "no such publication"}), tags=["admin"])
def hide(slug: str, body: HideBody, request: Request, admin: AdminDep, session: SessionDep,
         services: ServicesDep) -> dict[str, Any]:
    """Hide a public item (``hidden: false`` restores it); audited. Hidden items leave
    discover and their page and images answer 404 at once."""
    item = service.moderate(session, services, admin, slug, hidden=body.hidden, request=request, note=body.note)
    return owner_view(item, services, request)


@router.get("/api/v1/admin/publications/reports", response_model=ReportListOut, tags=["admin"])
def reports(request: Request, admin: AdminDep, session: SessionDep, services: ServicesDep,
            page: Annotated[PageRequest, Depends(pagination(repository.REPORTS))]) -> dict[str, Any]:
    """Users' reports of public items, newest first, with each item's state and address."""
    found = repository.list_reports(session, page)
    items = repository.publications_by_id(session, [r.publication_id for r in found.items])
    base = base_url(services, request)
    return {"items": [{
        "id": str(r.id), "slug": items[r.publication_id].slug, "title": items[r.publication_id].title,
        "reason": r.reason, "note": r.note, "reported_at": iso(r.created_at),
        "published": items[r.publication_id].is_published, "hidden": items[r.publication_id].hidden_at is not None,
        "url": f"{base}{page_path(items[r.publication_id].slug)}",
    } for r in found.items], **found.fields()}
