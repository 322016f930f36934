"""The skeleton conventions a template's design follows, as checks that return messages.

Structure (enforced when a :class:`~routix.templates.models.Template` is built):

* the first layer is the only background layer, id ``"background"``; its fill matches
  ``dna.background`` (a procedural fill paints ``dna.motifs[0]`` with ``dna.palette``);
* a slot layer's id equals its slot name, at most one layer per slot; ``subject`` and
  ``logo`` are image layers with asset ``"slot:<name>"``, ``title``/``subtitle``/``badge``
  are text layers with text ``"{<name>}"``;
* the subject slot exists iff ``dna.has_face``, the title iff ``dna.has_text``, the logo
  iff ``dna.has_logo``;
* every non-background layer gives an explicit ``box_square`` (1:1 is designed, not derived)
  and a 9:16 box (:class:`~routix.templates.models.Template` fills missing ones by the 9:16
  layout rule of :mod:`routix.design.tall`).

Layout (:func:`layout_issues`, checked by the tests for the starter library): text slots,
the logo and the subject's face region (not the hero icons, which may break the frame) stay
inside a 4 % safe margin and out of YouTube's timestamp corner (x >= 0.80 and y >= 0.84 of the
canvas) at 16:9 and 1:1; at 9:16 they stay inside the margin and out of the player's interface
zones (the bottom ``UI_BOTTOM``.. and the right ``UI_RIGHT``.. of the canvas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routix.design.boxes import UI_BOTTOM, UI_RIGHT, box_for
from routix.design.models import (
    Aspect,
    BackgroundLayer,
    Box,
    Design,
    ImageFill,
    ImageLayer,
    LinearGradient,
    ProceduralFill,
    RadialGradient,
    Solid,
    TextLayer,
)

if TYPE_CHECKING:
    from routix.templates.models import TemplateDNA

#: Safe margin on every side, fraction of the canvas side.
SAFE_MARGIN = 0.04
#: YouTube draws the video length over this corner: (x0, y0) of the covered region, 0..1.
TIMESTAMP_CORNER = (0.80, 0.84)
#: Estimated face region inside a subject box (x0, y0, x1, y1 as fractions of the box):
#: a head-and-shoulders cutout fitted bottom-anchored puts the face in the upper middle.
FACE_REGION = (0.25, 0.05, 0.75, 0.45)

_FILLS = {
    "procedural": (ProceduralFill,),
    "gradient": (LinearGradient, RadialGradient),
    "solid": (Solid,),
    "photo": (ImageFill,),
}
_IMAGE_SLOTS = ("subject", "logo", "hero", "hero_b")
#: Image slots that may bleed off the canvas (heroes break the frame); not layout-checked.
_FREE_SLOTS = ("hero", "hero_b")


def structure_errors(design: Design, dna: TemplateDNA, slots: tuple[str, ...]) -> list[str]:
    """Every violation of the structural conventions above, as messages (empty = valid)."""
    errors: list[str] = []
    layers = design.layers
    backgrounds = [layer for layer in layers if isinstance(layer, BackgroundLayer)]
    first = layers[0]
    if len(backgrounds) != 1 or not isinstance(first, BackgroundLayer) or first.id != "background":
        errors.append("the first layer must be the only background layer, id 'background'")
    elif not isinstance(first.fill, _FILLS[dna.background]):
        errors.append(f"background fill {first.fill.type!r} does not match dna.background {dna.background!r}")
    elif isinstance(first.fill, ProceduralFill) and (
        first.fill.motif != dna.motifs[0] or first.fill.palette != dna.palette
    ):
        errors.append("procedural background must paint dna.motifs[0] with dna.palette")

    seen: dict[str, int] = {}
    for layer in layers[1:]:
        if layer.box_square is None:
            errors.append(f"layer {layer.id!r} has no box_square")
        if layer.box_tall is None:
            errors.append(f"layer {layer.id!r} has no 9:16 box")
        if layer.slot is None:
            continue
        if layer.slot not in slots:
            errors.append(f"layer {layer.id!r} has unknown slot {layer.slot!r}")
            continue
        seen[layer.slot] = seen.get(layer.slot, 0) + 1
        if layer.id != layer.slot:
            errors.append(f"slot layer {layer.id!r} must have id {layer.slot!r}")
        if layer.slot in _IMAGE_SLOTS:
            if not isinstance(layer, ImageLayer) or layer.asset != f"slot:{layer.slot}":
                errors.append(f"slot {layer.slot!r} must be an image layer with asset 'slot:{layer.slot}'")
        elif not isinstance(layer, TextLayer) or layer.text != "{" + layer.slot + "}":
            errors.append(f"slot {layer.slot!r} must be a text layer with text '{{{layer.slot}}}'")

    errors += [f"slot {slot!r} appears {n} times" for slot, n in seen.items() if n > 1]
    for slot, wanted in (("subject", dna.has_face), ("title", dna.has_text), ("logo", dna.has_logo)):
        if (slot in seen) != wanted:
            errors.append(f"slot {slot!r} present={slot in seen} but dna says {wanted}")
    if design.palette != dna.palette:
        errors.append("design.palette must equal dna.palette")
    return errors


def face_box(subject: Box) -> Box:
    """The estimated face region of a subject box (see ``FACE_REGION``), normalised 0..1."""
    x0, y0, x1, y1 = FACE_REGION
    return Box(
        x=subject.x + x0 * subject.w,
        y=subject.y + y0 * subject.h,
        w=(x1 - x0) * subject.w,
        h=(y1 - y0) * subject.h,
    )


def _inside_safe(box: Box) -> bool:
    lo, hi = SAFE_MARGIN, 1 - SAFE_MARGIN
    eps = 1e-9
    return box.x >= lo - eps and box.y >= lo - eps and box.x + box.w <= hi + eps and box.y + box.h <= hi + eps


def _in_timestamp_corner(box: Box) -> bool:
    cx, cy = TIMESTAMP_CORNER
    return box.x + box.w > cx and box.y + box.h > cy


def layout_issues(design: Design, aspect: Aspect | str) -> list[str]:
    """Layout rule violations of the important layers on a canvas of ``aspect``.

    Important layers are the text slots, the logo and the subject's estimated face region
    (:func:`face_box`). Returns messages; empty when the layout is safe.
    """
    issues: list[str] = []
    for layer in design.layers:
        if layer.slot is None or layer.slot in _FREE_SLOTS or isinstance(layer, BackgroundLayer):
            continue
        box = box_for(layer, aspect)
        region = face_box(box) if layer.slot == "subject" else box
        what = "face of subject" if layer.slot == "subject" else f"layer {layer.id!r}"
        if not _inside_safe(region):
            issues.append(f"{aspect}: {what} leaves the {SAFE_MARGIN:.0%} safe margin")
        if Aspect(aspect) is Aspect.TALL:
            if region.x + region.w > UI_RIGHT or region.y + region.h > UI_BOTTOM:
                issues.append(f"{aspect}: {what} enters the player's interface zones")
        elif _in_timestamp_corner(region):
            issues.append(f"{aspect}: {what} enters the timestamp corner")
    return issues
