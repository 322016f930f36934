"""Style presets: their public description and their preview pictures, rendered once per
preset (and renderer version) and kept in the blob store under ``presets/previews/``."""

from __future__ import annotations

import threading
from typing import Any

from routix.errors import NotFound
from routix.generate.presets import PRESETS, StylePreset

#: Bump when previews should be rendered again (a renderer or preset change).
PREVIEW_VERSION = "1"
_render_lock = threading.Lock()


def preset_view(preset: StylePreset) -> dict[str, Any]:
    """The API view of ``preset`` (see ``PresetOut``)."""
    title = preset.title
    return {
        "name": preset.name, "label": preset.label, "description": preset.description,
        "family": list(preset.family), "style": preset.style, "mood": preset.mood, "energy": preset.energy,
        "palette": list(preset.palette),
        "title": {"font": title.font, "uppercase": title.uppercase, "fill": title.fill,
                  "stroke": title.stroke if title.stroke_width else None, "highlight": title.highlight},
        "motif": preset.motif, "realism": preset.realism,
        "preview_url": f"/api/v1/presets/{preset.name}/preview.jpg",
    }


def list_presets() -> list[dict[str, Any]]:
    """Every preset's view, in the catalogue's order."""
    return [preset_view(p) for p in PRESETS.values()]


def preview_key(name: str) -> str:
    return f"presets/previews/{name}-v{PREVIEW_VERSION}.jpg"


def preview_bytes(services, name: str) -> bytes:
    """The preview JPEG of preset ``name``: from the blob store, or rendered and stored on the
    first request. Raises NotFound for an unknown preset."""
    from routix.generate.preset_preview import render_preview

    preset = PRESETS.get(name)
    if preset is None:
        raise NotFound(f"unknown preset {name!r}")
    key = preview_key(name)
    if services.blobs.exists(key):
        return services.blobs.get(key)
    with _render_lock:  # one render per preset even when the studio asks for all at once
        if services.blobs.exists(key):
            return services.blobs.get(key)
        data = render_preview(preset)
        services.blobs.put(key, data, "image/jpeg")
        return data
