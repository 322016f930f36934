"""``GET /api/v1/presets`` (the style presets) and ``GET /api/v1/presets/{name}/preview.jpg``
(``?width=320`` for the 320x180 card).

The list needs a signed-in user like every API list; the previews are the same pictures for
everyone and carry no user data, so ``<img>`` tags load them without credentials.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from routix.api.deps import ServicesDep, UserDep
from routix.api.problems import responses
from routix.presets import service
from routix.presets.schemas import PresetListOut

router = APIRouter(tags=["presets"])


@router.get("/api/v1/presets", response_model=PresetListOut)
def list_presets(user: UserDep) -> dict[str, Any]:
    """Every style preset: what it bundles (template family, palette, title, art, realism)
    and its preview picture."""
    return {"items": [{**item, "card_url": service.card_url(item["name"])} for item in service.list_presets()]}


@router.get("/api/v1/presets/{name}/preview.jpg", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}}, "description": "640x360 or 320x180 JPEG"},
                       **responses({404: "unknown preset", 422: "a width other than 640 or 320"})})
def preset_preview(name: str, services: ServicesDep,
                   width: Annotated[int, Query(description="640 (640x360) or 320 (320x180)")] = 640,
                   ) -> Response:
    """The preset on a sample portrait, 640x360 JPEG, or the 320x180 card of the studio's
    style picker (``?width=320``); made once, then served from storage."""
    data = service.preview_bytes(services, name, width)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=86400"})
