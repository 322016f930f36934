"""Layered PSD export: one named pixel layer per visible design layer.

Layers are written bottom to top with their design opacity, as RGBA crops at their canvas
offset in an 8-bit RGB document (psd-tools stores each layer's alpha as its layer mask in
an RGB document, so cut-outs stay non-destructively editable; opaque backgrounds get none).

Global adjustments: brightness, contrast, saturation and vignette are affine per-pixel colour
maps, which commute with normal alpha compositing (see :mod:`routix.render.adjust`), so they
are baked into every layer's pixels; the PSD's composite then matches the rendered image up to
8-bit rounding and clipping, and each layer still moves and edits on its own. Sharpening
cannot be expressed per layer and is left out of the PSD (it is a finishing step a designer
reapplies on export). Areas no layer covers are transparent in the PSD, black in ``render``.

The file's merged preview (what viewers without layer support show) is Routix's own 8-bit
composite of the adjusted layers over white, the backdrop psd-tools and Photoshop use:
letting psd-tools recomposite on save works in float64 over the whole canvas per layer
(~115 MB and ~1 s at 1280x720, over 1 GB at 3000x3000).
"""

from __future__ import annotations

import io

from PIL import Image
from psd_tools import PSDImage
from psd_tools.api.layers import PixelLayer

from routix.design import Design, TextLayer
from routix.render.adjust import adjust_layer, contrast_mean, is_neutral
from routix.render.assets import AssetResolver
from routix.render.compose import composite, paste_layer, render_layers


def _keep_preview(psd: PSDImage) -> None:
    """Stop ``psd.save`` from recompositing the merged preview set by ``PSDImage.frompil``.

    psd-tools 1.x flags a document as edited when a layer is added and then rebuilds the
    preview on save; it offers no public way to clear the flag, so the private ``_updated``
    attribute is reset. Checked by tests/test_render_psd.py (stored preview == render).
    """
    if getattr(psd, "_updated", None) is True:
        psd._updated = False


#: Longest PSD layer name written (characters).
MAX_LAYER_NAME = 255


def text_layer_name(name: str, layer: TextLayer) -> str:
    """A text layer's PSD name: ``"<name> | <text as drawn> | <font>"`` (at most
    :data:`MAX_LAYER_NAME` characters), so the words and the font survive in Photoshop."""
    from routix.render.text import display_text

    return f"{name} | {' '.join(display_text(layer).split())} | {layer.font}"[:MAX_LAYER_NAME]


def to_psd(design: Design, size: tuple[int, int], assets: AssetResolver) -> bytes:
    """The design rendered at ``size`` (w, h) px as a layered PSD file (bytes).

    PSD layer names are ``layer.name`` or, when empty, ``layer.id`` (text layers: plus their text
    and font, :func:`text_layer_name`: psd-tools writes no editable text layers); opacity is the design
    opacity x 255. Raises :class:`RenderError` for a missing asset, :class:`InvalidInput` for
    a bad size or an unknown font.
    """
    layers = render_layers(design, size, assets)
    adj = design.adjustments
    mean = 128.0
    if not is_neutral(adj, ignore_sharpen=True) and adj.contrast != 1.0:
        mean = contrast_mean(composite(layers, size), adj)
    adjusted = [adjust_layer(rl.image, adj, mean, rl.offset, size) for rl in layers]
    preview = Image.new("RGB", size, (255, 255, 255))
    for rl, image in zip(layers, adjusted, strict=True):
        paste_layer(preview, image, rl.offset, rl.opacity)
    psd = PSDImage.frompil(preview)
    del preview
    texts = {layer.id: layer for layer in design.layers if isinstance(layer, TextLayer)}
    for rl, image in zip(layers, adjusted, strict=True):
        name = text_layer_name(rl.name, texts[rl.layer_id]) if rl.layer_id in texts else rl.name
        layer = PixelLayer.frompil(image, psd, name=name, top=rl.offset[1], left=rl.offset[0])
        layer.opacity = round(rl.opacity * 255)
    del layers, adjusted
    _keep_preview(psd)
    buf = io.BytesIO()
    psd.save(buf)
    return buf.getvalue()
