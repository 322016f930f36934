"""Brand kits named in a plain-language edit: "use my brand kit", "apply my kit", "in my brand
colours" (the caller's default kit), "use the Pasta Lab kit", "apply the kit called Pasta Lab"
(a kit by name, matched case-insensitively by the service among the caller's kits).

:func:`find_kits` runs on the whole instruction before it is cut into clauses (a kit's name
may hold "and"): each phrase becomes an ``apply_brand_kit`` operation and is replaced by
:data:`KIT_MARK`, so the clause holding it reads as that operation and nothing else.
"""

from __future__ import annotations

import re

from routix.edit import ops as o

#: Stands for a brand-kit phrase in the instruction while it is cut into clauses.
KIT_MARK = "\x01"

_VERB = r"(?:(?:please\s+)?(?:use|apply|add|put on|switch to|go with|try|make it|redo it|do it|change it)\s+)?"
_DEFAULT = re.compile(
    _VERB + r"(?:(?:in|with|using|to|on|match(?:ing)?)\s+)?"
    r"(?:(?:my|our)\s+(?:own\s+|default\s+)?(?:brand(?:ing)?(?!\s+new\b)(?:\s+(?:kit|colou?rs?|colou?r\s+scheme|palette|"
    r"style|look|font))?|kit)|the\s+default\s+(?:brand\s+)?kit|(?:the\s+|a\s+)?brand(?:ing)?\s+kit)\b"
)
_NAMED = re.compile(
    r"\b(?:use|apply|with|using|switch to|go with|try|in|to)\s+(?:the\s+|my\s+|our\s+)?[\"“'‘]?"
    r"(?P<name>[^\s\"“”'‘’,;.!\x01][^\"“”'‘’,;.!\x01]{0,79}?)[\"”'’]?\s+(?:brand(?:ing)?\s+)?kit\b"
)
_CALLED = re.compile(
    r"\b(?:(?:use|apply)\s+)?(?:the\s+|my\s+)?(?:brand\s+)?kit\s+(?:called|named)\s+[\"“'‘]?"
    r"(?P<name>[^\"“”'‘’,;.!\x01]{1,80}?)[\"”'’]?\s*(?=$|[,;.!])"
)
#: Words that are not a kit's name in "use the X kit".
_NOT_NAMES = {"brand", "branding", "own", "default", "own brand", "default brand", "a", "this", "that", "same",
              "my", "our", "the", "my brand", "our brand", "my own", "my default"}


def find_kits(lowered: str, quoted: str | None = None) -> tuple[str, list[o.ApplyBrandKit]]:
    """``lowered`` (the instruction in lower case, its quoted part replaced by ``"\\x00"``) with
    every brand-kit phrase replaced by :data:`KIT_MARK`, and the ``apply_brand_kit`` operations
    (at most one per phrase, in the order found). A quoted kit name ("use the "Pasta Lab" kit")
    is ``quoted``."""
    found: list[o.ApplyBrandKit] = []

    def mark(match: re.Match[str], name: str | None) -> str:
        if name is not None and quoted is not None:
            name = name.replace("\x00", quoted).strip()
        found.append(o.ApplyBrandKit(name=name[:100] if name else None))
        return f" {KIT_MARK} "

    def named(match: re.Match[str]) -> str:
        name = match.group("name").strip()
        return match.group(0) if name in _NOT_NAMES else mark(match, name)

    text = _CALLED.sub(lambda m: mark(m, m.group("name").strip()), lowered)
    text = _NAMED.sub(named, text)  # before the default: "the Pasta Lab brand kit" is named
    text = _DEFAULT.sub(lambda m: mark(m, None), text)
    return (text, found) if found else (lowered, [])
