"""Layered PSD export: one named pixel layer per visible design layer.

Layers are written bottom to top with their design opacity, as RGBA crops at their canvas
offset in an 8-bit RGB document (psd-tools stores each layer's alpha as its layer mask in
an RGB document, so cut-outs stay non-destructively editable).

Global adjustments: brightness, contrast, saturation and vignette are affine per-pixel colour
maps, which commute with normal alpha compositing (see :mod:`routix.render.adjust`), so they
are baked into every layer's pixels; the PSD's composite then matches the rendered image up to
8-bit rounding and clipping, and each layer still moves and edits on its own. Sharpening
cannot be expressed per layer and is left out of the PSD (it is a finishing step a designer
reapplies on export). Areas no layer covers are transparent in the PSD, black in ``render``.
"""

from __future__ import annotations

import io

from psd_tools import PSDImage
from psd_tools.api.layers import PixelLayer

from routix.design import Design

from .adjust import adjust_layer, contrast_mean, is_neutral
from .assets import AssetResolver
from .compose import composite, render_layers


def to_psd(design: Design, size: tuple[int, int], assets: AssetResolver) -> bytes:
    """The design rendered at ``size`` (w, h) px as a layered PSD file (bytes).

    PSD layer names are ``layer.name`` or, when empty, ``layer.id``; opacity is the design
    opacity x 255. Raises :class:`RenderError` for a missing asset, :class:`InvalidInput` for
    a bad size or an unknown font.
    """
    layers = render_layers(design, size, assets)
    adj = design.adjustments
    mean = 128.0
    if not is_neutral(adj, ignore_sharpen=True) and adj.contrast != 1.0:
        mean = contrast_mean(composite(layers, size), adj)
    psd = PSDImage.new("RGB", size)
    for rl in layers:
        image = adjust_layer(rl.image, adj, mean, rl.offset, size)
        layer = PixelLayer.frompil(image, psd, name=rl.name, top=rl.offset[1], left=rl.offset[0])
        layer.opacity = round(rl.opacity * 255)
    buf = io.BytesIO()
    psd.save(buf)
    return buf.getvalue()
