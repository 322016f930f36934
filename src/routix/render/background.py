"""Painting background layers: solid, linear/radial gradient, image asset, procedural art."""

from __future__ import annotations

from PIL import Image

from routix.design import BackgroundLayer, ImageFill, ProceduralFill
from routix.errors import RenderError
from routix.render.assets import AssetResolver, load_asset
from routix.render.colors import paint_image
from routix.render.effects import gaussian_blur_rgb
from routix.render.memo import CanvasMemo
from routix.render.raster import resize_rgb


def cover_crop(image: Image.Image, size: tuple[int, int], focus: tuple[float, float]) -> Image.Image:
    """Scale ``image`` to cover ``size`` (w, h) px and crop it so the point ``focus`` (normalised
    0..1 of the image) is as central as the image edges allow -> RGB of exactly ``size``."""
    w, h = size
    iw, ih = image.size
    scale = max(w / iw, h / ih)
    cw, chh = w / scale, h / scale  # crop size in source px
    x0 = min(max(focus[0] * iw - cw / 2, 0.0), iw - cw)
    y0 = min(max(focus[1] * ih - chh / 2, 0.0), ih - chh)
    # integer crop slightly larger than needed, then an exact resize of that crop
    box = (int(x0), int(y0), min(iw, int(x0 + cw + 0.999)), min(ih, int(y0 + chh + 0.999)))
    return resize_rgb(image.crop(box), size)


def _image_fill(fill: ImageFill, layer_id: str, canvas: tuple[int, int], assets: AssetResolver) -> Image.Image:
    w, h = canvas
    src = load_asset(assets, fill.asset, layer_id).convert("RGB")
    focus = (fill.focus_x, fill.focus_y)
    if fill.fit == "cover":
        out = cover_crop(src, canvas, focus)
    else:
        # contain: the whole image, over a blurred, darkened cover copy of itself (no bars)
        out = cover_crop(src, canvas, focus)
        out = gaussian_blur_rgb(out, 0.04 * h)
        out = Image.eval(out, lambda v: v * 55 // 100)
        scale = min(w / src.width, h / src.height)
        nw, nh = max(1, round(src.width * scale)), max(1, round(src.height * scale))
        out.paste(resize_rgb(src, (nw, nh)), (round((w - nw) * fill.focus_x), round((h - nh) * fill.focus_y)))
    if fill.blur > 0:
        out = gaussian_blur_rgb(out, fill.blur * h)
    if fill.darken > 0:
        k = 1.0 - fill.darken
        out = out.point(lambda v: int(v * k + 0.5))
    return out


#: Procedural art is painted with its long side at most this many px and upscaled beyond it.
#: A 3000x3000 cover then paints 2048x2048 (half the memory and time); the art is a soft
#: background under the subject and title, and the upscale is not visible at cover sizes.
ART_MAX_SIDE = 2048


def _paint_art(motif: str, size: tuple[int, int], palette: tuple[str, ...], seed: int, intensity: float) -> Image.Image:
    """Procedural art, memoised as ``_art`` (the last 4 small canvases' paintings, the last big
    one's): it is a pure function of its arguments and the costliest layer, and re-renders after
    an edit (new title, variant) reuse the same background. The returned image is shared by
    every render: it is only ever read (composited, cropped, copied)."""
    from routix.render.art import paint  # lazy: art is a separate, heavier module

    scale = min(1.0, ART_MAX_SIDE / max(size))
    paint_size = (max(16, round(size[0] * scale)), max(16, round(size[1] * scale)))
    art = paint(motif, paint_size, list(palette), seed, intensity)  # RGB
    return art if art.size == size else resize_rgb(art, size)


_art = CanvasMemo(_paint_art, small=4, size_arg=1)


def _procedural(fill: ProceduralFill, layer_id: str, canvas: tuple[int, int]) -> Image.Image:
    try:
        return _art(fill.motif, canvas, tuple(fill.palette), fill.seed, fill.intensity)
    except KeyError as exc:
        raise RenderError(f"layer {layer_id!r}: unknown procedural motif {fill.motif!r}") from exc


def paint_background(layer: BackgroundLayer, canvas: tuple[int, int], assets: AssetResolver) -> Image.Image:
    """The layer's fill over the whole canvas -> image of ``canvas`` (w, h) px: RGB for image
    and procedural fills (opaque; the memoised art is returned as is, not copied), RGBA for
    colour fills (their colours may be translucent).

    Image fills: ``blur`` is a Gaussian sigma as a fraction of canvas height, ``darken`` 0..1
    scales colour towards black. Gradient angles follow :mod:`routix.render.colors`.
    Raises :class:`RenderError` for a missing asset or an unknown procedural motif.
    """
    fill = layer.fill
    if isinstance(fill, ImageFill):
        return _image_fill(fill, layer.id, canvas, assets)
    if isinstance(fill, ProceduralFill):
        return _procedural(fill, layer.id, canvas)
    return paint_image(fill, canvas)
