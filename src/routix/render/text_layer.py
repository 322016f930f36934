"""Painting a text layer: fill (solid or gradient) with accent words, stroke, shadow, glow,
highlight box and rotation, on top of the layout from :mod:`routix.render.text`.

Glyphs are rasterised once per line by FreeType (anti-aliased); the stroke is that mask grown
by the stroke width with round joins (:func:`routix.render.effects.dilate`), which matches
FreeType's round stroker at a fraction of its cost on large, thickly stroked titles.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from routix.design import TextLayer
from routix.render.colors import paint_colors, paint_image, parse_color
from routix.render.effects import (
    dilate,
    glow_layer,
    pad_needed,
    shadow_layer,
    solid_with_alpha,
    stack,
)
from routix.render.fonts import get_font
from routix.render.masks import rounded_rect_mask
from routix.render.sprite import Sprite, rotate_sprite
from routix.render.text import TextLayout, accent_spans, layout_text


def _margin(layer: TextLayer, size: int, canvas_h: int) -> tuple[int, int]:
    """(highlight padding px, effect margin px) around the ink box."""
    hl = round(layer.highlight.padding * size) if layer.highlight else 0
    pad = 2
    if layer.shadow:
        s = layer.shadow
        pad = max(pad, pad_needed(blur=s.blur * canvas_h, dx=s.dx * canvas_h, dy=s.dy * canvas_h))
    if layer.glow:
        r = layer.glow.radius * canvas_h
        pad = max(pad, pad_needed(radius=r / 3, blur=r / 2))
    return hl, pad


def _glyph_masks(layer: TextLayer, layout: TextLayout, size: tuple[int, int],
                 origin: tuple[int, int]) -> tuple[Image.Image, Image.Image | None]:
    """(glyph mask, accent-word rectangles mask or None) for a sprite of ``size`` at ``origin``.

    Each accent rectangle spans its word's advance on its line, full line height.
    """
    font = get_font(layout.font_id, layout.font_size)
    glyphs = Image.new("L", size, 0)
    draw = ImageDraw.Draw(glyphs)
    accent_rects: list[tuple[float, float, float, float]] = []
    ox, oy = origin
    for line, (x, y), box in zip(layout.lines, layout.origins, layout.line_boxes, strict=True):
        draw.text((x - ox, y - oy), line, font=font, fill=255, anchor="ls")
        if layer.accent_words and layer.accent_color:
            for start, end in accent_spans(layer, line):
                x0 = x - ox + font.getlength(line[:start])
                x1 = x - ox + font.getlength(line[:end])
                # words are space-separated: the advance span holds the word's glyphs
                accent_rects.append((x0, box[1] - oy, x1, box[3] - oy))
    if not accent_rects:
        return glyphs, None
    rects = Image.new("L", size, 0)
    rdraw = ImageDraw.Draw(rects)
    for x0, y0, x1, y1 in accent_rects:
        rdraw.rectangle((round(x0), y0, round(x1), y1), fill=255)
    return glyphs, rects


def _body(layer: TextLayer, layout: TextLayout, size: tuple[int, int], origin: tuple[int, int],
          glyphs: Image.Image, outer: Image.Image, accent: Image.Image | None) -> Image.Image:
    """Stroke colour under the fill (and accent colour), alpha = glyphs grown by the stroke."""
    il, it, ir, ib = layout.ink_bbox
    ox, oy = origin
    fill_paint = paint_image(layer.fill, (ir - il, ib - it))
    fill = Image.new("RGBA", size, (0, 0, 0, 0))
    fill.paste(fill_paint, (il - ox, it - oy))
    if layout.stroke:
        stroke_rgba = parse_color(layer.stroke.color)  # type: ignore[union-attr]
        body = Image.new("RGBA", size, stroke_rgba[:3] + (255,))
        body.paste(fill, (0, 0), glyphs)
    else:
        stroke_rgba = (0, 0, 0, 255)
        body = fill
    if accent is not None:
        # with a stroke, only the glyphs turn accent-coloured; without, the whole word box does
        # (alpha comes from the glyphs), so anti-aliased edges carry no fill colour
        mask = ImageChops.multiply(glyphs, accent) if layout.stroke else accent
        body.paste(parse_color(layer.accent_color), (0, 0, *size), mask)  # type: ignore[arg-type]
    fill_opaque = all(parse_color(c)[3] == 255 for c in paint_colors(layer.fill))
    if stroke_rgba[3] == 255 and fill_opaque:
        body.putalpha(outer)
        return body
    # translucent colours: coverage = outer x lerp(stroke alpha, fill alpha, glyphs)
    m = np.asarray(glyphs, dtype=np.float32) / 255
    fa = np.asarray(fill.getchannel("A"), dtype=np.float32)
    sa = stroke_rgba[3] if layout.stroke else fa
    cover = np.asarray(outer, dtype=np.float32) / 255 * (sa * (1 - m) + fa * m)
    body.putalpha(Image.fromarray(np.clip(cover + 0.5, 0, 255).astype(np.uint8), "L"))
    return body


def paint_text(layer: TextLayer, canvas: tuple[int, int]) -> tuple[Sprite, TextLayout]:
    """Render ``layer`` on a canvas of ``canvas`` (w, h) px -> (sprite, layout).

    Stroke width is ``stroke.width`` x font size; shadow offsets/blur and glow radius are
    fractions of the canvas height; highlight padding and radius are fractions of the font
    size. Layers bottom to top: glow, highlight box, shadow, stroke, fill, accent words.
    Rotation turns the finished block about its box centre. Raises
    :class:`routix.errors.InvalidInput` for an unknown font.
    """
    layout = layout_text(layer, canvas)
    ch = canvas[1]
    hl, pad = _margin(layer, layout.font_size, ch)
    il, it, ir, ib = layout.ink_bbox
    origin = (il - hl - pad, it - hl - pad)
    size = (ir - il + 2 * (hl + pad), ib - it + 2 * (hl + pad))

    glyphs, accent = _glyph_masks(layer, layout, size, origin)
    outer = dilate(glyphs, layout.stroke) if layout.stroke else glyphs
    parts = []
    if layer.glow:
        g = layer.glow
        parts.append(glow_layer(outer, g.color, g.radius * ch, g.strength))
    if layer.highlight:
        h = layer.highlight
        x, y = il - origin[0], it - origin[1]
        rect = (x - hl, y - hl, x + ir - il + hl, y + ib - it + hl)
        mask = rounded_rect_mask(size, rect, h.radius * layout.font_size)
        parts.append(solid_with_alpha(mask, h.color))
    if layer.shadow:
        s = layer.shadow
        parts.append(shadow_layer(outer, s.color, s.opacity, s.dx * ch, s.dy * ch, s.blur * ch))
    parts.append(_body(layer, layout, size, origin, glyphs, outer, accent))

    core_box = (il - origin[0], it - origin[1], ir - origin[0], ib - origin[1])
    sprite = Sprite(stack(parts), origin[0], origin[1], core=outer, core_box=core_box)
    if layer.rotation:
        l, t, r, b = layout.box
        sprite = rotate_sprite(sprite, layer.rotation, ((l + r) / 2, (t + b) / 2))
    return sprite, layout
