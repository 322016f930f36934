"""``/api/v1/reference-packs``: named, reusable sets of reference images.

==============================================  ==============================================
``POST /api/v1/reference-packs``                create (``name``, ``items``)
``GET /api/v1/reference-packs``                 yours and those shared with you, newest first
``GET /api/v1/reference-packs/{id}``            one pack (yours or shared with you)
``PATCH /api/v1/reference-packs/{id}``          rename, replace the items (reorder, modes, crops)
``DELETE /api/v1/reference-packs/{id}``         delete (generations made with it stay)
``POST /api/v1/reference-packs/{id}/share``     share read-only with an e-mail address (202)
==============================================  ==============================================

A generation names a pack with ``reference_pack_id``. Someone else's pack or asset answers 404;
a pack shared with you is readable and usable, but changing, sharing or deleting it answers 404
like an unknown id.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.kit.pagination import PageRequest, pagination
from routix.reference_packs import repository, service
from routix.reference_packs.schemas import (
    MessageOut,
    ReferencePackCreate,
    ReferencePackListOut,
    ReferencePackOut,
    ReferencePackUpdate,
    ShareBody,
)
from routix.reference_packs.views import pack_view
from routix.store.models import ReferencePack, User

router = APIRouter(prefix="/api/v1/reference-packs", tags=["reference packs"])

_NOT_YOURS = responses({404: "no such reference pack (or not yours), or an asset that is not yours"})
_NOT_READABLE = responses({404: "no such reference pack (or neither yours nor shared with you)"})
_BAD = responses({422: "more images than the limit (`too_many_items`), a crop outside the image, unknown field"})


def _view(session: Any, services: Any, user: User, pack: ReferencePack) -> dict[str, Any]:
    owner = None if pack.user_id == user.id else repository.usernames(session, [pack.user_id]).get(pack.user_id, "")
    return pack_view(session, services, pack, user.id, owner)


@router.post("", status_code=201, response_model=ReferencePackOut, responses={**_NOT_YOURS, **_BAD})
def create(body: ReferencePackCreate, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """A new reference pack of your uploaded images."""
    return _view(session, services, user, service.create(session, services, user, body))


@router.get("", response_model=ReferencePackListOut)
def list_packs(user: UserDep, session: SessionDep, services: ServicesDep,
               page: Annotated[PageRequest, Depends(pagination(repository.PACKS))]) -> dict[str, Any]:
    """Your reference packs and those shared with you (``shared: true``), newest first."""
    found = repository.list_packs(session, user.id, page)
    names = repository.usernames(session, [p.user_id for p in found.items if p.user_id != user.id])
    items = [pack_view(session, services, p, user.id, names.get(p.user_id, "")) for p in found.items]
    return {"items": items, **found.fields()}


@router.get("/{pack_id}", response_model=ReferencePackOut, responses=_NOT_READABLE)
def get(pack_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """One reference pack, yours or shared with you."""
    return _view(session, services, user, repository.get_readable_pack(session, user.id, pack_id))


@router.patch("/{pack_id}", response_model=ReferencePackOut, responses={**_NOT_YOURS, **_BAD})
def update(pack_id: uuid.UUID, body: ReferencePackUpdate, user: UserDep, session: SessionDep,
           services: ServicesDep) -> dict[str, Any]:
    """Rename the pack and/or replace its items (reorder, change modes, set crops)."""
    return _view(session, services, user, service.update(session, services, user, pack_id, body))


@router.delete("/{pack_id}", status_code=204, responses=_NOT_YOURS)
def delete(pack_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Delete the pack; generations made with it stay as they are."""
    service.delete(session, user, pack_id)
    return Response(status_code=204)


@router.post("/{pack_id}/share", status_code=202, response_model=MessageOut, responses=_NOT_YOURS)
def share(pack_id: uuid.UUID, body: ShareBody, request: Request, user: UserDep, session: SessionDep) -> dict[str, str]:
    """Share the pack read-only with the account of an e-mail address. The answer is the same
    whether that address has an account or not."""
    service.share(session, user, pack_id, str(body.email), request)
    return {"message": "If this address has a Routix account, it can now see and use this pack."}
