"""Apply an :class:`~routix.edit.ops.EditPatch` to a design.

:func:`apply_edit` returns a new validated design; the input is never changed. Images come in
through two ports: ``assets`` (the design's asset store: new stickers, cut-outs and logos are
``put`` there and referred to by the reference it returns) and ``images`` (the uploaded images
an operation names by asset id, already prepared by the caller: a subject's cut-out, a logo).

Errors: InvalidInput naming the operation (``"op 1 (flip): layer 'title' is a text layer ..."``)
for an unknown layer, a kind mismatch, an asset id the caller did not provide, or a result
that fails validation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PIL import Image
from pydantic import ValidationError

from routix.design.models import (
    BackgroundLayer,
    Box,
    Design,
    Glow,
    ImageLayer,
    Layer,
    Shadow,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.design.patch import DesignPatch, apply_patch
from routix.edit import ops as o
from routix.edit.background import TINT_ID, OpError, blur, new_art, scheme, tint
from routix.edit.brand import KitNotResolved, apply_kit
from routix.errors import InvalidInput

#: Size of added stickers, badges, arrows and logos: fraction of the canvas height.
ADDED_SIZE = 0.24
#: Distance of added layers from the canvas edge (fraction of each side).
MARGIN = 0.04
#: Distance from the canvas edge a resized text keeps (fraction of each side) when it kept it before.
SAFE_MARGIN = 0.04

_BASE_OPS = (o.SetText, o.SetColor, o.Move, o.SetVisible, o.SetPalette, o.SetFont, o.Emphasize)


class EditAssets(Protocol):
    """Port: the design's asset store (``routix.generate.MemoryAssets`` fits)."""

    def put(self, image: Image.Image, *, hint: str) -> str: ...

    def get(self, ref: str) -> Image.Image: ...


def apply_edit(design: Design, patch: o.EditPatch, *, assets: EditAssets,
               images: Mapping[uuid.UUID, Image.Image] | None = None,
               icon_image: Callable[[str], Image.Image] | None = None, contrast: bool = True) -> Design:
    """``design`` with ``patch``'s operations applied in order (see the module docstring).

    ``icon_image`` turns an ``add_sticker`` icon name or description into an RGBA image
    (default: the best match of the shipped icon set). ``new_art`` gives a procedural background
    a new seed; other art is repainted by the caller's algorithm. ``contrast`` False skips the
    render and contrast fix after ``apply_brand_kit`` (a dry run with stand-in images).
    """
    images = images or {}
    for index, op in enumerate(patch.ops):
        if isinstance(op, _BASE_OPS):
            design = _base(design, op, index)
            continue
        try:
            design = _one(design, op, assets=assets, images=images, icon_image=icon_image or _icon, contrast=contrast)
        except OpError as exc:
            raise InvalidInput(f"op {index} ({op.op}): {exc}") from None
    try:
        return Design.model_validate(design.model_dump(by_alias=True))
    except ValidationError as exc:
        lines = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InvalidInput(f"the edited design is invalid: {lines}") from None


def _base(design: Design, op: Any, index: int) -> Design:
    try:
        return apply_patch(design, DesignPatch(ops=[op]))
    except InvalidInput as exc:
        raise InvalidInput(str(exc).replace("op 0 ", f"op {index} ", 1)) from None


def _one(design: Design, op: Any, *, assets: EditAssets, images: Mapping[uuid.UUID, Image.Image],
         icon_image: Callable[[str], Image.Image], contrast: bool = True) -> Design:
    if isinstance(op, o.TintBackground):
        return tint(design, op.amount)
    if isinstance(op, o.BlurBackground):
        return blur(design, op.amount, assets)
    if isinstance(op, o.ColorScheme):
        return scheme(design, op.colors)
    if isinstance(op, o.NewArt):
        return new_art(design, op.seed)
    if isinstance(op, o.AddSticker):
        ref = assets.put(icon_image(op.icon), hint="sticker")
        return _add(design, ImageLayer(id=_new_id(design, "sticker"), name=f"Sticker: {op.icon}"[:120], slot="sticker",
                                       asset=ref, box=_corner_box(_free(design, op.corner), 1.0), depth=0.9,
                                       shadow=Shadow(opacity=0.45)))
    if isinstance(op, o.AddBadge):
        return _add(design, _badge(design, op))
    if isinstance(op, o.AddArrow):
        return _add(design, _arrow(design, op))
    if isinstance(op, o.AddLogo):
        ref = assets.put(_image(images, op.asset_id), hint="logo")
        return _add(design, ImageLayer(id=_new_id(design, "logo"), name="Logo", slot="logo", asset=ref,
                                       box=_corner_box(_free(design, op.corner), 1.0, scale=0.7), anchor_y=0.5,
                                       depth=0.8))
    if isinstance(op, o.SwapSubject):
        return _swap_subject(design, assets.put(_image(images, op.asset_id), hint="subject"))
    if isinstance(op, o.SetLayout):
        return _layout(design, op.layout)
    if isinstance(op, o.ApplyBrandKit):
        try:
            return apply_kit(design, op, get=assets.get, put_logo=lambda i: assets.put(_image(images, i), hint="logo"),
                             add_logo=lambda d, add: _one(d, add, assets=assets, images=images, icon_image=icon_image),
                             contrast=contrast)
        except KitNotResolved as exc:
            raise OpError(str(exc)) from None
    layer = _find(design, op.layer)
    return _replace(design, layer, _layer_op(layer, op))


def _layer_op(layer: Layer, op: Any) -> Layer | None:
    """The layer after one per-layer operation (None: removed)."""
    if isinstance(op, o.Remove):
        if isinstance(layer, BackgroundLayer):
            raise OpError("the background cannot be removed")
        return None
    if isinstance(layer, BackgroundLayer):
        raise OpError(f"{op.op} does not apply to the background")
    if isinstance(op, o.Resize):
        return _resize(layer, op.factor)
    if isinstance(op, o.Shift):
        return _shift(layer, op.dx, op.dy)
    if isinstance(op, o.Flip):
        if not isinstance(layer, ImageLayer):
            raise OpError(f"layer {layer.id!r} is a {layer.kind} layer; only images can be mirrored")
        return layer.model_copy(update={"flip": not layer.flip})
    if isinstance(op, o.SetCase):
        return _case(_text(layer), op.case)
    if isinstance(op, o.SetOutline):
        if isinstance(layer, TextLayer):
            return layer.model_copy(update={"stroke": Stroke(color=op.color, width=0.08) if op.color else None})
        if isinstance(layer, ImageLayer):
            return layer.model_copy(update={"outline": Stroke(color=op.color, width=0.012) if op.color else None})
        raise OpError(f"layer {layer.id!r} is a {layer.kind} layer; outlines go on text and images")
    if isinstance(op, o.SetShadow):
        if not isinstance(layer, TextLayer | ImageLayer):
            raise OpError(f"layer {layer.id!r} is a {layer.kind} layer; shadows go on text and images")
        shadow = Shadow(opacity=0.7, dx=0.008, dy=0.012, blur=0.012) if op.on else None
        return layer.model_copy(update={"shadow": shadow})
    if isinstance(op, o.SetGlow):
        if not isinstance(layer, TextLayer | ImageLayer):
            raise OpError(f"layer {layer.id!r} is a {layer.kind} layer; glows go on text and images")
        return layer.model_copy(update={"glow": Glow(color=op.color, radius=0.025) if op.color else None})
    raise OpError("unsupported operation")


# layers -------------------------------------------------------------------------------------

def _find(design: Design, layer_id: str) -> Layer:
    try:
        return design.layer(layer_id)
    except KeyError:
        raise OpError(f"no layer {layer_id!r}; the layers are {', '.join(x.id for x in design.layers)}") from None


def _text(layer: Layer) -> TextLayer:
    if not isinstance(layer, TextLayer):
        raise OpError(f"layer {layer.id!r} is a {layer.kind} layer, not a text layer")
    return layer


def _replace(design: Design, old: Layer, new: Layer | None) -> Design:
    layers = [(new if layer.id == old.id else layer) for layer in design.layers]
    return design.model_copy(update={"layers": [layer for layer in layers if layer is not None]})


def _add(design: Design, layer: Layer) -> Design:
    return design.model_copy(update={"layers": [*design.layers, layer]})


def _new_id(design: Design, stem: str) -> str:
    taken = {layer.id for layer in design.layers}
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def _image(images: Mapping[uuid.UUID, Image.Image], asset_id: uuid.UUID) -> Image.Image:
    try:
        return images[asset_id]
    except KeyError:
        raise OpError(f"asset {asset_id} was not provided") from None


def _icon(name: str) -> Image.Image:
    from routix.icons import get_icon_index

    index = get_icon_index()
    if name in index:
        return index.image(name)
    return index.image(index.match(name, k=1)[0].name)


# boxes --------------------------------------------------------------------------------------

def _scale_box(box: Box, factor: float, *, inside: bool) -> Box:
    """``box`` scaled about its centre; a box standing on the bottom edge (a cut-out subject)
    keeps standing on it."""
    w, h = min(box.w * factor, 2.0), min(box.h * factor, 2.0)
    if inside:  # text stays inside the safe margin it kept before
        margin = max(0.0, min(SAFE_MARGIN, box.x, box.y, 1 - box.x - box.w, 1 - box.y - box.h))
        w, h = min(w, 1.0 - 2 * margin), min(h, 1.0 - 2 * margin)
        x = min(max(box.cx - w / 2, margin), 1 - margin - w)
        y = min(max(box.cy - h / 2, margin), 1 - margin - h)
        return Box(x=x, y=y, w=w, h=h)
    x, y = box.cx - w / 2, box.cy - h / 2
    if box.y + box.h >= 0.98:
        y = box.y + box.h - h
    return _clamp(x, y, w, h, inside=inside)


def _clamp(x: float, y: float, w: float, h: float, *, inside: bool) -> Box:
    lo, hi = (0.0, 1.0) if inside else (-0.5, 1.5)
    x = min(max(x, lo), hi - w) if inside else min(max(x, lo), hi)
    y = min(max(y, lo), hi - h) if inside else min(max(y, lo), hi)
    return Box(x=x, y=y, w=w, h=h)


def _resize(layer: Layer, factor: float) -> Layer:
    inside = isinstance(layer, TextLayer)
    update: dict[str, Any] = {"box": _scale_box(layer.box, factor, inside=inside)}
    if layer.box_square is not None:
        update["box_square"] = _scale_box(layer.box_square, factor, inside=inside)
    if isinstance(layer, TextLayer):
        update["max_size"] = round(min(1.0, layer.max_size * factor), 4)
        update["min_size"] = round(min(update["max_size"], layer.min_size * factor), 4)
    return layer.model_copy(update=update)


#: Share of an image layer's box width that stays on the canvas when it is moved sideways.
KEEP_VISIBLE = 0.75


def _shift(layer: Layer, dx: float, dy: float) -> Layer:
    inside = isinstance(layer, TextLayer)

    def moved(box: Box) -> Box:
        x = box.x + dx
        if not inside:  # a cut-out may be cropped by the edge, not pushed off the canvas
            x = min(max(x, min(box.x, -(1 - KEEP_VISIBLE) * box.w)), max(box.x, 1 - KEEP_VISIBLE * box.w))
        return _clamp(x, box.y + dy, box.w, box.h, inside=inside)

    update: dict[str, Any] = {"box": moved(layer.box)}
    if layer.box_square is not None:
        update["box_square"] = moved(layer.box_square)
    return layer.model_copy(update=update)


def _free(design: Design, corner: str | None) -> str:
    """``corner``, or the corner whose sticker-sized box overlaps the design's layers least
    (ties: top-right, top-left, bottom-right, bottom-left)."""
    if corner is not None:
        return corner

    def covered(name: str) -> float:
        probe = _corner_box(name, 1.0)
        total = 0.0
        for layer in design.layers:
            if isinstance(layer, BackgroundLayer) or not layer.visible or layer.box.w * layer.box.h > 0.9:
                continue
            box = layer.box
            w = min(probe.x + probe.w, box.x + box.w) - max(probe.x, box.x)
            h = min(probe.y + probe.h, box.y + box.h) - max(probe.y, box.y)
            total += max(0.0, w) * max(0.0, h) * (2.0 if isinstance(layer, TextLayer | ImageLayer) else 1.0)
        return total

    return min(("top-right", "top-left", "bottom-right", "bottom-left"), key=covered)


def _corner_box(corner: str, aspect_w: float, *, scale: float = 1.0) -> Box:
    """A box of ADDED_SIZE (x ``scale``) canvas heights in ``corner`` of a 16:9 canvas."""
    h = ADDED_SIZE * scale
    w = h * 9 / 16 * aspect_w
    x = MARGIN if corner.endswith("left") else 1 - MARGIN - w
    y = MARGIN * 16 / 9 if corner.startswith("top") else 1 - MARGIN * 16 / 9 - h
    return Box(x=x, y=y, w=w, h=h)


# text ---------------------------------------------------------------------------------------

def _case(layer: TextLayer, case: str) -> TextLayer:
    text = layer.text
    if case == "upper":
        return layer.model_copy(update={"uppercase": True})
    if case == "lower":
        text = text.lower()
    elif case == "title":
        text = " ".join(word[:1].upper() + word[1:].lower() for word in text.split())
    else:  # sentence
        text = text[:1].upper() + text[1:].lower()
    return layer.model_copy(update={"uppercase": False, "text": text})


def _badge(design: Design, op: o.AddBadge) -> TextLayer:
    from routix.design.models import Highlight

    box = _corner_box(_free(design, op.corner), 2.6, scale=0.55)
    return TextLayer(id=_new_id(design, "badge"), name=f"Badge: {op.text}", slot="badge", text=op.text,
                     font="anton", fill=Solid(color="#FFFFFF"), highlight=Highlight(color=op.color, padding=0.25),
                     max_lines=1, align="center", box=box, max_size=0.09, depth=0.9)


def _arrow(design: Design, op: o.AddArrow) -> ShapeLayer:
    """An arrow in ``op.corner`` pointing towards the canvas centre (rotation: 0 = right)."""
    corner = _free(design, op.corner)
    box = _corner_box(corner, 1.6)
    rotation = {"top-left": -35.0, "top-right": -145.0, "bottom-left": 35.0, "bottom-right": 145.0}[corner]
    return ShapeLayer(id=_new_id(design, "arrow"), name="Arrow", slot="arrow", shape="arrow", fill=op.color,
                      stroke=Stroke(color="#FFFFFF", width=0.006), rotation=rotation, box=box, depth=0.85)


# subject and layout -------------------------------------------------------------------------

def _swap_subject(design: Design, ref: str) -> Design:
    subjects = [layer for layer in design.layers if isinstance(layer, ImageLayer) and layer.slot == "subject"]
    if not subjects:
        return _add(design, ImageLayer(id=_new_id(design, "subject"), name="Subject", slot="subject", asset=ref,
                                       box=Box(x=0.52, y=0.08, w=0.46, h=0.92), depth=0.7))
    first = subjects[0]
    return _replace(design, first, first.model_copy(update={"asset": ref, "mask": None, "flip": False}))


def _layout(design: Design, layout: str) -> Design:
    if layout == "mirror":
        from routix.generate.variants import keep_versus_order, mirror

        return keep_versus_order(mirror(design))
    titles = [layer for layer in design.layers if isinstance(layer, TextLayer) and layer.slot == "title"]
    if not titles:
        raise OpError("the design has no title to move")
    title = titles[0]
    y = 0.06 if layout == "title_top" else 1 - 0.06 - title.box.h
    return _replace(design, title, title.model_copy(update={"box": title.box.model_copy(update={"y": y}),
                                                            "box_square": None,
                                                            "valign": "top" if layout == "title_top" else "bottom"}))


__all__ = ["ADDED_SIZE", "MARGIN", "TINT_ID", "EditAssets", "apply_edit"]
