"""Design -> pixels (pure): layers, text fitting, effects, adjustments, export.

Public API::

    render(design, size, assets) -> RenderResult          # RGB image + per-layer boxes + text layouts
    render_layers(design, size, assets) -> list[RenderedLayer]
    render_passes(design, size, assets) -> RenderPasses    # full, without text, background only: one render
    to_jpeg(image, max_bytes=2_000_000, quality=92) / to_png(image) / to_webp(image, quality=90)
    to_psd(design, size, assets) -> bytes                 # one PSD layer per visible design layer

``assets`` is an :data:`AssetResolver`: a callable mapping an asset reference to a PIL image.
"""

from routix.render.assets import AssetResolver
from routix.render.compose import (
    RenderedLayer,
    RenderPasses,
    RenderResult,
    composite,
    render,
    render_layers,
    render_passes,
)
from routix.render.export import to_jpeg, to_png, to_webp
from routix.render.fonts import FONTS, get_font
from routix.render.psd import to_psd
from routix.render.text import TextLayout, layout_text

__all__ = [
    "FONTS", "AssetResolver", "RenderPasses", "RenderResult", "RenderedLayer", "TextLayout", "composite",
    "get_font", "layout_text", "render", "render_layers", "render_passes", "to_jpeg", "to_png", "to_psd",
    "to_webp",
]
