"""Painting an image layer: mask, flip, contain/cover fit with anchors, rotation, sticker
outline, drop shadow and glow."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageOps

from routix.design import ImageLayer, aspect_of, box_for
from routix.render.assets import AssetResolver, load_asset
from routix.render.effects import (
    dilate,
    glow_layer,
    pad_image,
    pad_needed,
    scale_alpha_to,
    shadow_layer,
    solid_with_alpha,
    stack,
)
from routix.render.raster import resize_rgba, rotate_about
from routix.render.sprite import Sprite


def _fit(image: Image.Image, layer: ImageLayer, box: tuple[int, int, int, int]) -> tuple[Image.Image, int, int]:
    """Scale into the box (contain: all visible; cover: fills it, overflow cropped to the box),
    placed by anchor_x / anchor_y -> (RGBA image, left, top) in canvas px."""
    l, t, r, b = box
    bw, bh = max(1, r - l), max(1, b - t)
    iw, ih = image.size
    if iw == 0 or ih == 0:  # an empty cut-out draws nothing
        return Image.new("RGBA", (1, 1), (0, 0, 0, 0)), l, t
    scale = min(bw / iw, bh / ih) if layer.fit == "contain" else max(bw / iw, bh / ih)
    nw, nh = max(1, round(iw * scale)), max(1, round(ih * scale))
    left = l + round((bw - nw) * layer.anchor_x)
    top = t + round((bh - nh) * layer.anchor_y)
    if layer.fit == "cover":
        # crop to the box before resampling: only the visible part is resized
        cx0, cy0 = (l - left) / scale, (t - top) / scale
        src = image.crop((int(cx0), int(cy0), min(iw, int(cx0 + bw / scale + 1)),
                          min(ih, int(cy0 + bh / scale + 1))))
        fx, fy = cx0 - int(cx0), cy0 - int(cy0)
        scaled = resize_rgba(src, (round(src.width * scale), round(src.height * scale)))
        ox, oy = round(fx * scale), round(fy * scale)
        return scaled.crop((ox, oy, ox + bw, oy + bh)), l, t
    return resize_rgba(image, (nw, nh)), left, top


def paint_image_layer(layer: ImageLayer, canvas: tuple[int, int], assets: AssetResolver) -> Sprite:
    """Render ``layer`` on a canvas of ``canvas`` (w, h) px -> sprite.

    Outline width, shadow offsets/blur and glow radius are fractions of the canvas height. The
    outline follows the alpha edge (see :func:`routix.render.effects.dilate`); rotation
    (counter-clockwise, about the placed image's centre) is applied before the effects so
    shadows keep falling the same way. Raises :class:`RenderError` for a missing asset.
    """
    ch = canvas[1]
    image = load_asset(assets, layer.asset, layer.id).convert("RGBA")
    if layer.mask:
        mask = load_asset(assets, layer.mask, layer.id).convert("L")
        if mask.size != image.size:
            mask = mask.resize(image.size, Image.Resampling.BILINEAR)
        image.putalpha(ImageChops.multiply(image.getchannel("A"), mask))
    if layer.flip:
        image = ImageOps.mirror(image)
    box = box_for(layer, aspect_of(*canvas)).to_px(*canvas)
    image, left, top = _fit(image, layer, box)
    if layer.rotation:
        pivot = (left + image.width / 2, top + image.height / 2)
        image, left, top = rotate_about(image, left, top, layer.rotation, pivot)

    outline = layer.outline.width * ch if layer.outline and layer.outline.width > 0 else 0.0
    pad = pad_needed(radius=outline)
    if layer.shadow:
        s = layer.shadow
        pad = max(pad, pad_needed(radius=outline, blur=s.blur * ch, dx=s.dx * ch, dy=s.dy * ch))
    if layer.glow:
        r = layer.glow.radius * ch
        pad = max(pad, pad_needed(radius=outline + r / 3, blur=r / 2))
    has_effects = bool(outline or layer.shadow or layer.glow)
    if not has_effects:
        return Sprite(image, left, top, core=image.getchannel("A"))

    image = pad_image(image, pad)
    alpha = image.getchannel("A")
    silhouette = dilate(alpha, outline) if outline else alpha
    if outline:
        # outline colour under the image: colour = image over outline, alpha = their union
        body = solid_with_alpha(silhouette, layer.outline.color)  # type: ignore[union-attr]
        body.paste(image, (0, 0), alpha)
        body.putalpha(ImageChops.lighter(alpha, scale_alpha_to(silhouette, layer.outline.color)))  # type: ignore[union-attr]
    else:
        body = image
    under = []
    if layer.shadow:
        s = layer.shadow
        under.append(shadow_layer(silhouette, s.color, s.opacity, s.dx * ch, s.dy * ch, s.blur * ch))
    if layer.glow:
        g = layer.glow
        under.append(glow_layer(silhouette, g.color, g.radius * ch, g.strength))
    out = stack(under + [body])
    return Sprite(out, left - pad, top - pad, core=silhouette)
