"""What each layer is to an animation: background, subject, title, other text, or graphic.

Roles come from the design itself: background layers; image layers in the ``subject`` slot
(or large unslotted images: a product, a second person); the ``title`` slot (else the largest
text layer); other text; everything else (shapes, logos, badges) is a graphic.

The *picture* is the background plus everything up to the topmost subject (a ring or a word
placed behind the person belongs to the scene); the rest is the *overlay*. Camera moves
(zoom, pan) move the picture and keep the overlay still, so the title stays put and crisp.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from routix.design import BackgroundLayer, Design, ImageLayer, Layer, TextLayer

Role = Literal["background", "subject", "title", "text", "graphic"]

#: An unslotted image layer whose box covers at least this much of the canvas is a subject.
_SUBJECT_AREA = 0.08


@dataclass(frozen=True)
class LayerRole:
    """A visible layer with its role, depth (0 far .. 1 near), stacking index and whether it
    belongs to the picture (at or below the topmost subject)."""

    layer: Layer
    role: Role
    depth: float
    index: int
    picture: bool


def _role(layer: Layer, title_id: str | None) -> Role:
    if isinstance(layer, BackgroundLayer):
        return "background"
    if isinstance(layer, ImageLayer):
        if layer.slot == "subject":
            return "subject"
        if layer.slot is None and layer.box.w * layer.box.h >= _SUBJECT_AREA:
            return "subject"
        return "graphic"
    if isinstance(layer, TextLayer):
        return "title" if layer.id == title_id else "text"
    return "graphic"


def _title_id(layers: list[Layer]) -> str | None:
    texts = [layer for layer in layers if isinstance(layer, TextLayer)]
    slotted = [t for t in texts if t.slot == "title"]
    if slotted:
        return slotted[0].id
    if not texts:
        return None
    return max(texts, key=lambda t: t.box.w * t.box.h).id


#: Depths by role, for designs that leave every layer at the same depth (the model's default).
ROLE_DEPTH: dict[Role, float] = {"background": 0.0, "subject": 0.75, "graphic": 0.85, "text": 0.9, "title": 1.0}


def layer_roles(design: Design) -> list[LayerRole]:
    """Every visible layer of ``design``, bottom first, with its role.

    Depth is the layer's own; when every visible layer has the same depth (a design that never
    set it) each takes its role's depth from :data:`ROLE_DEPTH` instead, with graphics behind the
    subject at 0.4 (background slowest, then what is behind the person, the person, the rest)."""
    layers = [layer for layer in design.layers if layer.visible]
    title = _title_id(layers)
    roles = [_role(layer, title) for layer in layers]
    subjects = [i for i, r in enumerate(roles) if r == "subject"]
    backgrounds = [i for i, r in enumerate(roles) if r == "background"]
    top = subjects[-1] if subjects else (backgrounds[-1] if backgrounds else -1)
    uniform = len({layer.depth for layer in layers}) <= 1
    out = []
    for i, (layer, role) in enumerate(zip(layers, roles, strict=True)):
        depth = layer.depth
        if uniform:
            depth = 0.4 if role == "graphic" and i < top else ROLE_DEPTH[role]
        out.append(LayerRole(layer, role, depth, i, i <= top))
    return out


__all__ = ["ROLE_DEPTH", "LayerRole", "Role", "layer_roles"]
