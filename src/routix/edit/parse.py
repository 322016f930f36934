"""Plain-language edit instructions -> :class:`~routix.edit.ops.EditPatch`, offline.

Keyword rules read each clause of an instruction ("make the title bigger and move it up" is two
clauses; a clause without a target keeps the previous clause's). A clause no rule understands
goes to :mod:`routix.edit.intents`, which compares it with example phrasings through the
sentence-embedding model. Whatever is ambiguous ("make it bigger": the title or the subject?),
impossible (no arrow to remove, a photo swap without a photo) or not understood gets a
clarifying :attr:`Parsed.question`, never an empty patch.

``undo`` is not an operation: :attr:`Parsed.undo` asks for a version equal to the grandparent.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from routix.brief.colors import color_hints
from routix.design.models import Design, ImageLayer
from routix.edit import ops as o
from routix.edit.kits import KIT_MARK, find_kits
from routix.edit.schemes import scheme_for
from routix.edit.targets import Ask, find_layer, layer_id_for, targets_in
from routix.edit.text_rules import case_rule, color_rule, effect_rule, emphasize_rule, font_rule

#: Step sizes: how much "bigger" is, how far "move up" goes.
SIZE_STEPS = {"small": 1.1, "normal": 1.25, "large": 1.5}
MOVE_STEPS = {"small": 0.05, "normal": 0.12, "large": 0.25}


@dataclass
class Parsed:
    """What an instruction asks for: a patch, an undo, or a question back to the user."""

    patch: o.EditPatch | None = None
    question: str | None = None
    undo: bool = False
    ops: list[Any] = field(default_factory=list)


_SPLIT = re.compile(r"\s*(?:[,;.!]|\bthen\b|\band\b|\balso\b|\bplus\b|\bbut\b)\s*")
_FILLER = re.compile(r"^(?:please|pls|thanks|thank you|ok(?:ay)?|now|can you|could you|just|also|too|a bit)?$")


def parse_instruction(text: str, design: Design, *, attachments: Sequence[uuid.UUID] = (),
                      fallback: Callable[[str], str | None] | None = None) -> Parsed:
    """Read ``text`` against ``design`` (see the module docstring). ``attachments`` are asset
    ids sent with the instruction (photos to swap in, a logo). ``fallback`` names the intent of a
    clause the rules do not understand (default: :func:`routix.edit.intents.nearest_intent`)."""
    lowered = " " + re.sub(r"\s+", " ", text.strip().lower()) + " "
    if re.search(r"\b(undo|go back|revert|previous version|take that back|back to (?:the )?(?:last|previous))\b",
                 lowered):
        return Parsed(undo=True)
    quoted = _quoted(text)
    masked = lowered.replace(quoted.lower(), "\x00") if quoted else lowered
    lowered, kits = find_kits(masked, quoted)  # a kit's name may hold "and": read before the clauses
    if kits and quoted and "\x00" not in lowered:
        quoted = None  # the quote was the kit's name
    ops: list[Any] = []
    target: str | None = None
    try:
        for clause in _clauses(lowered, quoted):
            if KIT_MARK in clause:  # the clause is the kit phrase (and words like "please")
                ops.extend(kits.pop(0) for _ in range(min(clause.count(KIT_MARK), len(kits))))
                continue
            named = targets_in(clause)
            target = named[0] if named else target
            found = _rules(clause, target, design, attachments, quoted, named)
            if found is None:
                found = _by_intent(clause, target, design, fallback)
            ops.extend(found)
        if not ops:
            raise Ask(_HELP)
        patch = o.EditPatch(ops=ops[:12])
    except Ask as question:
        return Parsed(question=str(question))
    return Parsed(patch=patch, ops=ops)


_HELP = ("What should I change? For example: \"make the title bigger\", \"title in yellow\", \"move me to the "
         "left\", \"darker background\", \"use a blue colour scheme\", \"add a fire sticker\" or \"undo\".")


def _quoted(text: str) -> str | None:
    """The quoted part of ``text``: in double quotes (which may hold an apostrophe), else single."""
    match = re.search(r"[\"“]([^\"”]{1,200})[\"”]", text) or re.search(r"(?<!\w)['‘]([^'’]{1,200})['’](?!\w)", text)
    return match.group(1).strip() if match else None


def _clauses(lowered: str, quoted: str | None) -> list[str]:
    if quoted is not None:  # a quoted title may contain "and": keep it whole
        lowered = lowered.replace(quoted.lower(), "\x00")
    parts = [p.strip() for p in _SPLIT.split(lowered)]
    parts = [p.replace("\x00", quoted.lower() if quoted else "") for p in parts]
    return [p for p in parts if p and not _FILLER.match(p)]


def _step(clause: str) -> str:
    if re.search(r"\b(a (?:little )?bit|slightly|a little|a touch|tiny bit|somewhat|little)\b", clause):
        return "small"
    if re.search(r"\b(much|way|a lot|lots|huge|massive|really|very|far|all the way|significantly|double|twice)\b",
                 clause):
        return "large"
    return "normal"


def _percent(clause: str) -> float | None:
    match = re.search(r"(\d{1,3})\s?(?:%|percent)", clause)
    return int(match.group(1)) / 100 if match else None


def _rules(clause: str, target: str | None, design: Design, attachments: Sequence[uuid.UUID],
           quoted: str | None, named: list[str]) -> list[Any] | None:
    for rule in _RULES:
        found = rule(clause, target, design, attachments, quoted, named)
        if found is not None:
            return found
    return None


# the rules, most specific first ---------------------------------------------------------------

def _text_rule(clause, target, design, attachments, quoted, named):
    if re.search(r"^(?:please )?(?:add|put|insert|place)\b", clause):
        return None  # "add a badge that says NEW" adds a layer
    match = re.search(r"\b(?:title|headline|text|heading|caption|badge|label)\b.*?"
                      r"\b(?:to|say|says|read|reads|:|=|into|with)\s+(.+)$", clause)
    if quoted and re.search(r"\b(title|headline|text|heading|caption|call it|rename|say|reads?|change)\b", clause):
        new = quoted
    elif match and not re.search(r"\b(left|right|top|bottom|center|centre|middle|up|down|font|colou?r|case|caps|"
                                 r"bigger|smaller|larger)\b", match.group(1)) and not color_hints(match.group(1)):
        new = match.group(1).strip(" \"'")
    elif m := re.search(r"\b(?:rename(?: it)?|call it|retitle(?: it)?)\s+(?:to\s+)?(.+)$", clause):
        new = m.group(1).strip(" \"'")
    else:
        return None
    if target == "badge" or (named and named[0] == "badge"):
        return [o.SetText(layer=layer_id_for(design, "badge", "change"), text=_original_case(new, quoted))]
    return [o.SetText(layer=layer_id_for(design, "title", "change"), text=_original_case(new, quoted))]


def _original_case(new: str, quoted: str | None) -> str:
    return quoted if quoted and quoted.lower() == new.lower() else new.upper()


def _new_art(clause, target, design, attachments, quoted, named):
    if re.search(r"\b(new|different|another|fresh|other)\b.*\b(art|artwork|background|backdrop|bg|scene)\b", clause) \
            or re.search(r"\b(repaint|regenerate|redo|re-?roll|reroll)\b.*\b(art|background|backdrop|bg)\b", clause):
        if re.search(r"\bcolou?rs?\b|\bscheme\b|\bpalette\b", clause) or color_hints(clause):
            return None  # "a different colour background" is a scheme
        return [o.NewArt()]
    return None


def _scheme(clause, target, design, attachments, quoted, named):
    colors = color_hints(clause)
    scheme_words = re.search(r"\b(colou?r ?scheme|palette|theme|colou?rs|tones?|vibe|look|colou?r ?grade)\b", clause)
    if target in ("title", "badge", "arrow") and not scheme_words:
        return None  # "make the title bigger and yellow": the title's colour
    if target == "subject" and named and not scheme_words:
        return None
    if target in ("title", "badge", "arrow") and named:
        return None
    if not colors:
        if scheme_words and re.search(r"\b(change|different|another|new|switch|swap)\b", clause):
            raise Ask("Which colours? For example \"use a blue colour scheme\" or \"make it red and black\".")
        return None
    if target == "background" or scheme_words or re.search(r"^(?:make |turn )?(?:it|everything|the thumbnail|all) ",
                                                            clause) or not named:
        if len(colors) == 1:
            return [o.ColorScheme(colors=scheme_for(colors[0]), name=_color_word(clause))]
        return [o.ColorScheme(colors=colors[:8], name=_color_word(clause))]
    return None


def _color_word(clause: str) -> str:
    from routix.brief.colors import COLOR_NAMES

    for name in sorted(COLOR_NAMES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", clause):
            return name
    return ""


def _layout(clause, target, design, attachments, quoted, named):
    if re.search(r"\b(swap|switch|flip|mirror|reverse|change|different|other)\b.*\b(sides?|layout|arrangement|"
                 r"composition)\b", clause) or re.search(r"\bother side\b", clause):
        return [o.SetLayout(layout="mirror")]
    if target == "title" and re.search(r"\b(to|at|on) the (very )?top\b|\bto the top\b", clause):
        return [o.SetLayout(layout="title_top")]
    if target == "title" and re.search(r"\b(to|at|on) the (very )?bottom\b", clause):
        return [o.SetLayout(layout="title_bottom")]
    return None


def _remove(clause, target, design, attachments, quoted, named):
    if not re.search(r"\b(remove|delete|get rid of|hide|drop|lose|take (?:out|off|away)|without|no more|erase|"
                     r"don'?t (?:want|need))\b", clause) and not re.search(r"^no \w+", clause):
        return None
    if re.search(r"\b(outline|stroke|border|shadow|glow)\b", clause):
        return None  # an effect, not a layer
    if target is None or target == "background":
        raise Ask("Remove what: the title, the subject, the badge, the arrow, the logo or a sticker?"
                  if target is None else "The background cannot be removed; I can make it darker, blurred or new.")
    return [o.Remove(layer=layer_id_for(design, target, "remove"))]


def _add(clause, target, design, attachments, quoted, named):
    if not re.search(r"\b(add|put|insert|include|place|stick|slap|throw in|give it|with an?)\b", clause):
        return None
    if target == "logo" or "logo" in named:
        if not attachments:
            raise Ask("Which logo? Upload it and send it with the message.")
        return [o.AddLogo(asset_id=attachments[0], corner=_corner(clause))]
    if target == "arrow" or "arrow" in named:
        color = (color_hints(clause) or ["#FF2D2D"])[0]
        return [o.AddArrow(corner=_corner(clause), color=color)]
    if target == "badge" or "badge" in named:
        text = quoted or _badge_text(clause)
        return [o.AddBadge(text=text.upper()[:24], corner=_corner(clause),
                           color=(color_hints(clause) or ["#E62117"])[0])]
    if target == "sticker" or "sticker" in named:
        what = re.sub(r"\b(add|put|insert|include|place|stick|slap|throw in|give it|an?|the|some|sticker|emoji|icon|"
                      r"top|bottom|left|right|corner|in|on|at|of|to|it|me|please|with)\b", " ", clause)
        what = re.sub(r"\s+", " ", what).strip()
        if not what:
            raise Ask("Which sticker? For example \"add a fire emoji\" or \"add a money bag sticker\".")
        return [o.AddSticker(icon=what[:80], corner=_corner(clause))]
    return None


def _badge_text(clause: str) -> str:
    match = re.search(r"\b(?:saying|says|that says|reading|with(?: the)? (?:text|word))\s+(.+)$", clause)
    if match:
        text = re.sub(r"\s+(?:in|at|on|to) the (?:top|bottom|upper|lower|left|right)\b.*$", "", match.group(1))
        return text.strip(" \"'")[:24]
    match = re.search(r"\ban? (\w+) (?:badge|label|tag)\b", clause)
    return match.group(1) if match and match.group(1) not in ("new", "small", "big", "red") else "NEW"


def _corner(clause: str) -> o.Corner | None:
    """The corner a clause names ("top right", "on the left", "bottom"), or None."""
    top = re.search(r"\b(top|upper|above)\b", clause)
    bottom = re.search(r"\b(bottom|lower|below)\b", clause)
    left, right = re.search(r"\bleft\b", clause), re.search(r"\bright\b", clause)
    if not (top or bottom or left or right):
        return None
    vertical = "bottom" if bottom and not top else "top"
    side = "left" if left and not right else "right"
    return f"{vertical}-{side}"  # type: ignore[return-value]


def _swap(clause, target, design, attachments, quoted, named):
    if not (re.search(r"\b(swap|replace|change|switch|use|exchange)\b", clause)
            and re.search(r"\b(photo|picture|image|person|subject|face|me|him|her|pic|cutout|guy)\b", clause)):
        return None
    if re.search(r"\b(colou?r|scheme|bigger|smaller|left|right|mirror|flip)\b", clause):
        return None
    if not attachments:
        raise Ask("Which photo should replace the subject? Upload it and send it with the message.")
    return [o.SwapSubject(asset_id=attachments[0])]


def _mirror(clause, target, design, attachments, quoted, named):
    if not re.search(r"\b(flip|mirror|mirrored|reverse|face the other way|turn around)\b", clause):
        return None
    if target not in (None, "subject", "logo", "sticker"):
        return None
    return [o.Flip(layer=layer_id_for(design, target or "subject", "mirror"))]


def _background_light(clause, target, design, attachments, quoted, named):
    if target not in (None, "background"):
        return None
    if re.search(r"\b(blur|blurry|blurred|soften|out of focus|bokeh|depth of field|defocus)\w*", clause):
        return [o.BlurBackground(amount={"small": 0.3, "normal": 0.5, "large": 0.9}[_step(clause)])]
    amount = {"small": 0.3, "normal": 0.6, "large": 0.9}[_step(clause)]
    if re.search(r"\b(brighter|lighter|lighten|brighten|more light|less dark|not so dark|too dark)\b", clause):
        return [o.TintBackground(amount=amount)]
    if re.search(r"\b(darker|darken|dim|dimmer|moodier|less bright|not so bright|too bright|too busy)\b", clause):
        return [o.TintBackground(amount=-amount)]
    return None


def _size(clause, target, design, attachments, quoted, named):
    bigger = re.search(r"\b(bigger|larger|huge|enlarge|increase|grow|scale up|more prominent|blow up|bolder|"
                       r"more visible|too small|stand out|bump up|pump up|zoom in|big|large|huger)\b", clause)
    smaller = re.search(r"\b(smaller|tinier|shrink|reduce|decrease|scale down|less big|too big|too large|"
                        r"less prominent|zoom out|small|tiny|narrower)\b", clause)
    if not bigger and not smaller:
        return None
    if bigger and smaller:  # "too small" / "make it less small"
        bigger = bigger if re.search(r"too small", clause) else None
    if target in (None, "background"):
        raise Ask(("Bigger" if bigger else "Smaller") + " - the title or the subject?" if target is None else
                  "The background always fills the thumbnail; I can resize the title or the subject.")
    percent = _percent(clause)
    if bigger:
        factor = 1 + percent if percent else (2.0 if re.search(r"\b(double|twice)\b", clause) else
                                              SIZE_STEPS[_step(clause)])
    else:
        factor = 1 - percent if percent and percent < 0.7 else (0.5 if re.search(r"\bhalf\b", clause) else
                                                                1 / SIZE_STEPS[_step(clause)])
    return [o.Resize(layer=layer_id_for(design, target, "resize"), factor=round(max(0.3, min(3.0, factor)), 3))]


def _move(clause, target, design, attachments, quoted, named):
    directions = re.findall(r"\b(left|right|up|down|higher|lower|top|bottom|center|centre|middle)\b", clause)
    if not directions or not re.search(r"\b(move|put|place|shift|push|nudge|slide|drag|bring|to the|go|more|"
                                       r"position|higher|lower|up|down)\b", clause):
        return None
    if target in (None, "background"):
        raise Ask("Move what - the title or the subject?")
    layer_id = layer_id_for(design, target, "move")
    step = MOVE_STEPS[_step(clause)]
    if re.search(r"\b(all the way|to the (?:far )?(?:left|right) (?:side|edge)|to the (?:left|right)\b)", clause):
        step = max(step, 0.2)
    dx = dy = 0.0
    for word in directions:
        if word == "left":
            dx -= step
        elif word == "right":
            dx += step
        elif word in ("up", "higher", "top"):
            dy -= step
        elif word in ("down", "lower", "bottom"):
            dy += step
    if any(w in directions for w in ("center", "centre", "middle")):
        box = design.layer(layer_id).box
        dx = round(0.5 - box.cx, 3)
    if dx == 0 and dy == 0:
        return None
    return [o.Shift(layer=layer_id, dx=round(dx, 3), dy=round(dy, 3))]


_RULES: list[Callable[..., list[Any] | None]] = [
    _text_rule, _new_art, _layout, _swap, _add, _remove, effect_rule, font_rule, case_rule, emphasize_rule, _mirror,
    _background_light, _size, _move, _scheme, color_rule,
]


def _by_intent(clause: str, target: str | None, design: Design,
               fallback: Callable[[str], str | None] | None) -> list[Any]:
    from routix.edit.intents import nearest_intent, ops_for_intent

    intent = (fallback or nearest_intent)(clause)
    if intent is None:
        raise Ask(f"I'm not sure what to change for \"{clause.strip()}\". " + _HELP)
    return ops_for_intent(intent, design)


def subject_layer(design: Design) -> ImageLayer | None:
    """The design's subject cut-out layer, or None."""
    layer = find_layer(design, "subject")
    return layer if isinstance(layer, ImageLayer) else None
