"""What an edit changed, in words: "Title 25 % larger, moved up" (the assistant's answer)."""

from __future__ import annotations

from typing import Any

from routix.design.models import Design
from routix.edit import ops as o


def _name(design: Design | None, layer_id: str) -> str:
    if design is None:
        return layer_id
    try:
        layer = design.layer(layer_id)
    except KeyError:
        return layer_id
    slot = layer.slot or layer.kind
    return {"subject": "Subject", "title": "Title", "badge": "Badge", "logo": "Logo", "sticker": "Sticker",
            "arrow": "Arrow"}.get(slot, (layer.name or layer.id).capitalize())


def _where(corner: str | None) -> str:
    return f" {corner.replace('-', ' ')}" if corner else ""


def _percent(factor: float) -> str:
    change = round((factor - 1) * 100)
    return f"{abs(change)} % {'larger' if change > 0 else 'smaller'}"


def _direction(dx: float, dy: float) -> str:
    parts = []
    if dy:
        parts.append("up" if dy < 0 else "down")
    if dx:
        parts.append("left" if dx < 0 else "right")
    return "moved " + " and ".join(parts)


def _kit_phrase(op: Any) -> str:
    """'"Pasta Lab" applied: its colours, font and logo' (what the resolved kit has)."""
    if op.kit is None:
        return (f"\"{op.name}\"" if op.name else "your default kit") + " applied"
    has = ["colours", *(["font"] if op.kit.font else []), *(["logo"] if op.kit.logo_asset_id else [])]
    listed = has[0] if len(has) == 1 else ", ".join(has[:-1]) + " and " + has[-1]
    return f"\"{op.kit.name}\" applied: its {listed}"


def _phrase(op: Any, design: Design | None) -> tuple[str, str]:
    """(subject of the phrase, what happened to it)."""
    simple = {
        "tint_background": lambda: ("Background", "brighter" if op.amount > 0 else "darker"),
        "blur_background": lambda: ("Background", "blurred"),
        "color_scheme": lambda: ("Colours", f"now a {op.name} scheme" if op.name else "a new scheme"),
        "set_palette": lambda: ("Colours", "a new palette"),
        "new_art": lambda: ("Background", "new art"),
        "add_sticker": lambda: ("Sticker", f"{op.icon} added" + _where(op.corner)),
        "add_badge": lambda: ("Badge", f"\"{op.text}\" added"),
        "add_arrow": lambda: ("Arrow", "added"),
        "add_logo": lambda: ("Logo", "added"),
        "swap_subject": lambda: ("Subject", "swapped for your photo"),
        "apply_brand_kit": lambda: ("Brand kit", _kit_phrase(op)),
        "set_layout": lambda: ("Layout", {"mirror": "mirrored", "title_top": "title at the top",
                                          "title_bottom": "title at the bottom"}[op.layout]),
    }
    if op.op in simple:
        return simple[op.op]()
    name = _name(design, op.layer)
    per_layer = {
        "resize": lambda: _percent(op.factor),
        "shift": lambda: _direction(op.dx, op.dy),
        "move": lambda: "moved",
        "set_text": lambda: f"now \"{op.text}\"",
        "set_color": lambda: f"now {op.color}",
        "set_font": lambda: f"in {op.font.replace('-', ' ').title()}",
        "set_case": lambda: {"upper": "in capitals", "lower": "in lower case", "title": "in title case",
                             "sentence": "in sentence case"}[op.case],
        "set_outline": lambda: f"outlined {op.color}" if op.color else "without outline",
        "set_shadow": lambda: "with a shadow" if op.on else "without shadow",
        "set_glow": lambda: "glowing" if op.color else "without glow",
        "flip": lambda: "mirrored",
        "remove": lambda: "removed",
        "set_visible": lambda: "shown" if op.visible else "hidden",
        "emphasize": lambda: f"\"{' '.join(op.words)}\" accented" if op.words else "accent cleared",
    }
    return name, per_layer.get(op.op, lambda: "changed")()


def describe(patch: o.EditPatch, design: Design | None) -> str:
    """One line saying what ``patch`` changes in ``design``, phrases of one layer joined:
    ``"Title 25 % larger, moved up; Background darker"``. Without a design (an edit queued
    before its version exists) layers are named by their ids."""
    grouped: dict[str, list[str]] = {}
    for op in patch.ops:
        who, what = _phrase(op, design)
        grouped.setdefault(who, []).append(what)
    return "; ".join(f"{who} {', '.join(whats)}" for who, whats in grouped.items())[:300]
