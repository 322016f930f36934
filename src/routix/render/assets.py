"""Resolving asset references into images, with errors that name the reference."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from routix.errors import RenderError, RoutixError

AssetResolver = Callable[[str], Image.Image]
"""Returns the image for an asset reference; raises KeyError or a RoutixError when unknown."""


def load_asset(assets: AssetResolver, ref: str, layer_id: str) -> Image.Image:
    """``assets(ref)``, with a missing or unreadable asset turned into :class:`RenderError`
    (code ``render_failed``) naming the layer and the reference."""
    try:
        image = assets(ref)
        image.load()
    except (KeyError, FileNotFoundError, RoutixError, OSError) as exc:
        raise RenderError(f"layer {layer_id!r}: asset {ref!r} could not be loaded ({exc})") from exc
    return image
