"""Style presets: their public description and their preview pictures, rendered once per
preset (and renderer version) and kept in the blob store under ``presets/previews/``: the
640x360 preview and a 320x180 card (the studio's style picker) scaled down from it."""

from __future__ import annotations

import io
import threading
from typing import Any

from routix.errors import InvalidInput, NotFound
from routix.generate.presets import PRESETS, StylePreset

#: Bump when previews should be rendered again (a renderer or preset change).
PREVIEW_VERSION = "1"
#: Widths a preview is served at (16:9): the full preview and the picker's card.
PREVIEW_WIDTHS = (640, 320)
CARD_WIDTH = 320
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


def card_url(name: str) -> str:
    """Where the 320x180 card of preset ``name`` is served (the studio's style picker)."""
    return f"/api/v1/presets/{name}/preview.jpg?width={CARD_WIDTH}"


def list_presets() -> list[dict[str, Any]]:
    """Every preset's view, in the catalogue's order."""
    return [preset_view(p) for p in PRESETS.values()]


def preview_key(name: str, width: int = PREVIEW_WIDTHS[0]) -> str:
    suffix = "" if width == PREVIEW_WIDTHS[0] else f"-{width}"
    return f"presets/previews/{name}-v{PREVIEW_VERSION}{suffix}.jpg"


def preview_bytes(services, name: str, width: int = PREVIEW_WIDTHS[0]) -> bytes:
    """The preview JPEG of preset ``name`` at ``width`` (640: 640x360; 320: 320x180, scaled
    down from it): from the blob store, or made and stored on the first request. Raises
    NotFound for an unknown preset, InvalidInput for another width."""
    preset = PRESETS.get(name)
    if preset is None:
        raise NotFound(f"unknown preset {name!r}")
    if width not in PREVIEW_WIDTHS:
        raise InvalidInput(f"width must be one of {', '.join(map(str, PREVIEW_WIDTHS))}")
    key = preview_key(name, width)
    if services.blobs.exists(key):
        return services.blobs.get(key)
    with _render_lock:  # one render per preset even when the studio asks for all at once
        if width == PREVIEW_WIDTHS[0]:
            return _full_preview(services, preset)
        if services.blobs.exists(key):
            return services.blobs.get(key)
        data = _scaled(_full_preview(services, preset), width)
        services.blobs.put(key, data, "image/jpeg")
        return data


def _full_preview(services, preset: StylePreset) -> bytes:
    """The 640x360 preview of ``preset``, stored or rendered now (the caller holds the lock)."""
    from routix.generate.preset_preview import render_preview

    key = preview_key(preset.name)
    if services.blobs.exists(key):
        return services.blobs.get(key)
    data = render_preview(preset)
    services.blobs.put(key, data, "image/jpeg")
    return data


def _scaled(jpeg: bytes, width: int) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        small = image.convert("RGB").resize((width, width * 9 // 16), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()
