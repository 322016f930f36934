"""The parser's rules for how text looks: font, case, outline/shadow/glow, colour and accented
words. Each rule reads one clause (``clause, target, design, attachments, quoted, named``, see
:mod:`routix.edit.parse`) and returns operations, None when the clause is not its kind, or
raises :class:`~routix.edit.targets.Ask` with a question."""

from __future__ import annotations

import re
from typing import Any

from routix.brief.colors import color_hints
from routix.design.models import Design, TextLayer
from routix.edit import ops as o
from routix.edit.targets import Ask, find_layer, layer_id_for

FONTS_BY_STYLE = (
    (r"\b(comic|cartoon|fun|playful|bubbly|goofy)\b", "bangers"),
    (r"\b(thin|narrow|condensed|tall|skinny)\b", "bebas"),
    (r"\b(clean|modern|sans|geometric|round(ed)?|friendly|simple)\b", "montserrat"),
    (r"\b(heavy|impact|thick|chunky|blocky|punchy)\b", "anton"),
    (r"\b(news|serious|classic|professional)\b", "oswald"),
)
FONT_NAMES = ("montserrat-black", "montserrat-semibold", "montserrat", "anton", "bebas", "oswald", "bangers")


def font_rule(clause, target, design, attachments, quoted, named):
    """A font change of the title (or the badge): a named font, a style word, else another font."""
    if not re.search(r"\b(font|typeface|lettering|type ?face)\b", clause) and not any(
            re.search(rf"\b{name}\b", clause) for name in FONT_NAMES):
        return None
    layer = layer_id_for(design, "badge" if target == "badge" else "title", "restyle")
    for name in FONT_NAMES:
        if re.search(rf"\b{name}\b", clause):
            return [o.SetFont(layer=layer, font=name)]  # type: ignore[arg-type]
    for pattern, font in FONTS_BY_STYLE:
        if re.search(pattern, clause):
            return [o.SetFont(layer=layer, font=font)]  # type: ignore[arg-type]
    current = design.layer(layer)
    choices = [f for f in ("anton", "bebas", "bangers", "montserrat-black", "oswald")
               if f != getattr(current, "font", "")]
    return [o.SetFont(layer=layer, font=choices[0])]  # type: ignore[arg-type]


def case_rule(clause, target, design, attachments, quoted, named):
    """A case change of the title (or the badge): upper, lower, title or sentence case."""
    case: o.Case | None = None
    if re.search(r"\b(not all caps|no caps|normal case|sentence case|less shouty|not uppercase|no capitals)\b", clause):
        case = "sentence"
    elif re.search(r"\b(all caps|uppercase|upper case|capital letters|capitals|caps|shout)\b", clause):
        case = "upper"
    elif re.search(r"\b(lowercase|lower case|small letters)\b", clause):
        case = "lower"
    elif re.search(r"\b(title case|capitali[sz]e (?:each|every) word)\b", clause):
        case = "title"
    if case is None:
        return None
    return [o.SetCase(layer=layer_id_for(design, "badge" if target == "badge" else "title", "recase"), case=case)]


def effect_rule(clause, target, design, attachments, quoted, named):
    """An outline, shadow or glow on or off (with its colour when one is named)."""
    kind = next((k for k, p in (("outline", r"\b(outline|stroke|border|outlined)\b"), ("shadow", r"\bshadows?\b"),
                                ("glow", r"\b(glow|glowing|neon)\b")) if re.search(p, clause)), None)
    if kind is None:
        return None
    off = bool(re.search(r"\b(no|remove|without|drop|lose|get rid|delete|less|take off|kill)\b",
                         clause.replace("drop shadow", "shadow")))
    who = target if target in ("title", "subject", "badge", "logo", "sticker") else "title"
    layer = layer_id_for(design, who, f"give a {kind}")
    at = re.search(r"\b(outline|stroke|border|outlined|shadows?|glow|glowing|neon)\b", clause)
    before = clause[:at.start() if at else len(clause)].split()
    near = color_hints(" ".join(before[-3:]))  # "a black outline": the effect's colour
    earlier = color_hints(" ".join(before[:-3]))  # "title in yellow with a black outline"
    extra: list[Any] = []
    if earlier and who in ("title", "badge") and not off:
        extra = [o.SetColor(layer=layer, color=earlier[0])]
    if kind == "shadow":
        return [*extra, o.SetShadow(layer=layer, on=not off)]
    if kind == "outline":
        color = None if off else (near[-1] if near else _contrast_of(design, layer))
        return [*extra, o.SetOutline(layer=layer, color=color)]
    color = None if off else (near[-1] if near else (design.palette[-1] if design.palette else "#FFFFFF"))
    return [*extra, o.SetGlow(layer=layer, color=color[:7] if color else None)]


def _contrast_of(design: Design, layer_id: str) -> str:
    layer = design.layer(layer_id)
    fill = getattr(layer, "fill", None)
    color = getattr(fill, "color", "#FFFFFF") or "#FFFFFF"
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (r * 299 + g * 587 + b * 114) / 1000 > 128 else "#FFFFFF"


def color_rule(clause, target, design, attachments, quoted, named):
    """A colour for the title, badge or arrow; a question for the photo or a missing colour."""
    colors = color_hints(clause)
    if not colors:
        if re.search(r"\b(colou?r|recolou?r)\b", clause) and target in ("title", "badge", "arrow"):
            raise Ask(f"Which colour for the {target}? For example \"make the {target} yellow\".")
        return None
    if target in ("title", "badge", "arrow"):
        return [o.SetColor(layer=layer_id_for(design, target, "recolour"), color=colors[0])]
    if target == "subject":
        raise Ask("I can't recolour the photo itself; I can outline it in a colour (\"yellow outline on me\").")
    return None


def emphasize_rule(clause, target, design, attachments, quoted, named):
    """Accent one word of the title ("highlight the word laptop")."""
    match = re.search(r"\b(?:highlight|emphasi[sz]e|accent|pop)\b(?: the word)? ['\"]?(\w[\w$%#@&+']*)", clause)
    if not match:
        return None
    title = find_layer(design, "title")
    if not isinstance(title, TextLayer):
        raise Ask("This thumbnail has no title to highlight words in.")
    word = match.group(1)
    words = [w for w in title.text.split() if re.sub(r"\W", "", w).lower() == word.lower()]
    if not words:
        raise Ask(f"The title ({title.text!r}) has no word {word!r}; which word should stand out?")
    accent = (color_hints(clause) or [_accent(design)])[0]
    return [o.Emphasize(layer=title.id, words=[words[0]], color=accent)]


def _accent(design: Design) -> str:
    for color in reversed(design.palette):
        if color[1:7].upper() not in ("FFFFFF", "000000"):
            return color[:7]
    return "#FFD400"
