"""JSON views of library templates for administrators (never for users: template secrecy).

``template_admin(row, services)`` is the TemplateAdmin dict (``id``, :data:`ADMIN_FIELDS`, tags,
timestamps, links); ``template_detail`` adds ``style_dna`` and ``skeleton_slots``
(``[{"slot", "box": [x, y, w, h]}]``, normalised 0..1).
``image_url``/``thumbnail_url`` are signed links that expire after :func:`admin_ttl` seconds
(null for starter rows, which have no reference image); ``preview_url`` is a signed link to a
PNG of the skeleton filled with placeholders (:func:`routix.library.preview.preview_png`, cached in the blob store under
``templates/previews/<slug>.png``), null until the template has a skeleton.
"""

from __future__ import annotations

from typing import Any

from routix.errors import NotFound
from routix.store.models import TemplateRecord

#: Admin links are short-lived: at most 15 minutes (or ``signed_url_ttl`` if shorter).
ADMIN_URL_TTL = 900

ADMIN_FIELDS = (
    "slug", "source", "name", "category", "tags", "description", "status", "analysis_error", "file_name", "width",
    "height", "has_face", "has_text", "has_logo", "energy_level", "performance_score", "usage_count",
    "success_rate", "likes", "dislikes", "is_active", "is_featured", "priority",
)


def admin_ttl(services) -> int:
    return min(ADMIN_URL_TTL, services.settings.signed_url_ttl)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def preview_key(slug: str) -> str:
    """Blob key of the cached preview PNG of template ``slug``."""
    return f"templates/previews/{slug}.png"


def template_admin(row: TemplateRecord, services) -> dict[str, Any]:
    """The TemplateAdmin JSON of ``row`` (fields: see the module docstring), with fresh signed links."""
    ttl = admin_ttl(services)
    view: dict[str, Any] = {"id": str(row.id)}
    view.update({name: getattr(row, name) for name in ADMIN_FIELDS})
    view["tags"] = list(row.tags or [])
    view.update(created_at=_iso(row.created_at), updated_at=_iso(row.updated_at), analyzed_at=_iso(row.analyzed_at))
    view["image_url"] = services.blobs.url(row.image_key, ttl=ttl) if row.image_key else None
    view["thumbnail_url"] = services.blobs.url(row.thumb_key, ttl=ttl) if row.thumb_key else None
    view["preview_url"] = services.blobs.url(ensure_preview(services, row), ttl=ttl) if row.skeleton else None
    return view


def skeleton_slots(skeleton: dict[str, Any] | None) -> list[dict[str, Any]]:
    """``[{"slot", "box": [x, y, w, h]}]`` of the skeleton's slot layers, bottom to top."""
    layers = ((skeleton or {}).get("design") or {}).get("layers") or []
    out = []
    for layer in layers:
        if layer.get("slot"):
            box = layer.get("box") or {"x": 0, "y": 0, "w": 1, "h": 1}
            out.append({"slot": layer["slot"], "box": [box["x"], box["y"], box["w"], box["h"]]})
    return out


def template_detail(row: TemplateRecord, services) -> dict[str, Any]:
    """TemplateAdmin plus ``style_dna`` and ``skeleton_slots``."""
    return {**template_admin(row, services), "style_dna": row.style_dna, "skeleton_slots": skeleton_slots(row.skeleton)}


def ensure_preview(services, row: TemplateRecord) -> str:
    """The blob key of ``row``'s preview PNG, rendering and storing it on first use.
    NotFound when the row has no skeleton yet."""
    if not row.skeleton:
        raise NotFound("this template has not been analysed yet", code="no_preview")
    key = preview_key(row.slug)
    if not services.blobs.exists(key):
        from routix.library.preview import preview_png

        services.blobs.put(key, preview_png(row.skeleton), "image/png")
    return key


__all__ = ["ADMIN_FIELDS", "admin_ttl", "ensure_preview", "preview_key", "skeleton_slots",
           "template_admin", "template_detail"]
