"""``GET /api/v1/presets`` (the style presets) and ``GET /api/v1/presets/{name}/preview.jpg``.

The list needs a signed-in user like every API list; the previews are the same pictures for
everyone and carry no user data, so ``<img>`` tags load them without credentials.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
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
    return {"items": service.list_presets()}


@router.get("/api/v1/presets/{name}/preview.jpg", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}}, "description": "640x360 JPEG"},
                       **responses({404: "unknown preset"})})
def preset_preview(name: str, services: ServicesDep) -> Response:
    """The preset on a sample portrait, 640x360 JPEG (rendered once, then served from storage)."""
    data = service.preview_bytes(services, name)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=86400"})
