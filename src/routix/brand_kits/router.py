"""``/api/v1/brand-kits``: your channel's name, logos, font, colours and title style.

==============================================  ==============================================
``POST /api/v1/brand-kits``                     create (409 ``brand_kit_exists`` for a taken name)
``GET /api/v1/brand-kits``                      your kits, newest first
``GET /api/v1/brand-kits/fonts``                the bundled fonts a kit may pick
``GET /api/v1/brand-kits/{id}``                 one kit
``PATCH /api/v1/brand-kits/{id}``               change fields (``is_default`` true unsets the others)
``PUT /api/v1/brand-kits/{id}/font``            upload its title font (multipart ``file``)
``DELETE /api/v1/brand-kits/{id}``              delete (versions made with it stay)
==============================================  ==============================================

A generation (``brand_kit_id`` in ``POST /api/v1/generation``) or a batch (its settings'
``brand_kit_id``) names a kit; another user's kit answers 404.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import upload_limit
from routix.api.problems import responses
from routix.assets.multipart import read_upload_form
from routix.brand_kits import repository, service
from routix.brand_kits.fonts import MAX_FONT_BYTES, font_id_for
from routix.brand_kits.schemas import (
    BrandKitCreate,
    BrandKitListOut,
    BrandKitOut,
    BrandKitUpdate,
    BundledFontsOut,
)
from routix.generations.views import iso
from routix.kit.pagination import PageRequest, pagination
from routix.render.fonts import FONTS
from routix.store.models import BrandKit

router = APIRouter(prefix="/api/v1/brand-kits", tags=["brand kits"])

_NOT_YOURS = responses({404: "no such brand kit (or not yours), or a logo asset that is not yours"})
_BAD = responses({409: "you have a brand kit with this name (`brand_kit_exists`)",
                  422: "bad colour, unknown bundled font (`unknown_font`), duplicate logo"})
_FONT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "additionalProperties": False,
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "a TTF, OTF, WOFF or WOFF2 font"}},
        }}},
    }
}


def view(kit: BrandKit) -> dict[str, Any]:
    """The JSON view of ``kit`` (:class:`BrandKitOut`)."""
    font: dict[str, Any] | None = None
    if kit.font_key and kit.font_sha256:
        font = {"source": "uploaded", "id": font_id_for(kit.font_sha256), "name": kit.font_filename or "",
                "file_name": kit.font_filename, "sha256": kit.font_sha256}
    elif kit.font_name:
        font = {"source": "bundled", "id": kit.font_name, "name": kit.font_name}
    return {
        "id": str(kit.id), "name": kit.name, "logo_asset_ids": [str(a) for a in kit.logo_asset_ids or []],
        "font": font, "primary_color": kit.primary_color, "secondary_color": kit.secondary_color,
        "accent_color": kit.accent_color, "title_style": dict(kit.title_style or {}), "is_default": kit.is_default,
        "created_at": iso(kit.created_at), "updated_at": iso(kit.updated_at),
    }


@router.post("", status_code=201, response_model=BrandKitOut, responses={**_NOT_YOURS, **_BAD})
def create(body: BrandKitCreate, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """A new brand kit."""
    return view(service.create(session, user, body))


@router.get("", response_model=BrandKitListOut)
def list_kits(user: UserDep, session: SessionDep,
              page: Annotated[PageRequest, Depends(pagination(repository.KITS))]) -> dict[str, Any]:
    """Your brand kits, newest first."""
    found = repository.list_kits(session, user.id, page)
    return {"items": [view(k) for k in found.items], **found.fields()}


@router.get("/fonts", response_model=BundledFontsOut)
def bundled_fonts(user: UserDep) -> dict[str, Any]:
    """The bundled fonts a kit may name as ``font_name``."""
    return {"fonts": sorted(FONTS)}


@router.get("/{kit_id}", response_model=BrandKitOut, responses=_NOT_YOURS)
def get(kit_id: uuid.UUID, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """One of your brand kits."""
    return view(repository.get_owned_kit(session, user.id, kit_id))


@router.patch("/{kit_id}", response_model=BrandKitOut, responses={**_NOT_YOURS, **_BAD})
def update(kit_id: uuid.UUID, body: BrandKitUpdate, user: UserDep, session: SessionDep,
           services: ServicesDep) -> dict[str, Any]:
    """Change the fields the body sets."""
    return view(service.update(session, services, user, kit_id, body))


@router.put("/{kit_id}/font", response_model=BrandKitOut, openapi_extra=_FONT_BODY,
            dependencies=[Depends(upload_limit)], responses={**_NOT_YOURS, **responses({
                413: "font larger than the limit (4 MB)",
                422: "not a font, a font that does not parse, without outlines or without basic Latin (`invalid_font`)",
            })})
async def upload_font(kit_id: uuid.UUID, request: Request, user: UserDep, session: SessionDep,
                      services: ServicesDep) -> dict[str, Any]:
    """Upload the kit's title font (multipart field ``file``: TTF, OTF, WOFF or WOFF2). It is
    checked in a sandbox first; a refused file stores nothing."""
    repository.get_owned_kit(session, user.id, kit_id)  # 404 before reading a stranger's upload
    form = await read_upload_form(request.headers.get("content-type"), request.stream(),
                                  max_file_bytes=MAX_FONT_BYTES, allowed_fields=frozenset())
    kit = await run_in_threadpool(service.set_font, session, services, user, kit_id, form.data, form.filename)
    return view(kit)


@router.delete("/{kit_id}", status_code=204, responses=_NOT_YOURS)
def delete(kit_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Delete the kit; versions made with it stay as they are."""
    service.delete(session, user, kit_id)
    return Response(status_code=204)
