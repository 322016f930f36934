"""Title text carried inside a prompt: a quoted string, or ``titled X`` / ``title: X`` /
``called X`` / ``that says X`` phrases."""

from __future__ import annotations

import re

#: Longest title (characters) taken from a prompt; longer candidates are ignored.
MAX_EXTRACTED_TITLE = 100

_QUOTED = (
    re.compile(r'"([^"\n]+)"'),
    re.compile(r"“([^”\n]+)”"),
    re.compile(r"«([^»\n]+)»"),
    re.compile(r"‘([^’\n]+)’(?!\w)"),
    re.compile(r"(?<!\w)'([^'\n]+)'(?!\w)"),
)
_INTRO = re.compile(
    r"\b(?:titled|entitled|title\s*(?::|is|=)|called|that\s+says|which\s+says|saying"
    r"|with\s+the\s+(?:text|words|caption)|(?:text|caption)\s*:)\s*",
    re.IGNORECASE,
)
# Where an unquoted title stops: clause punctuation, a sentence end, or a phrase that starts
# describing the picture instead of the title.
_STOP = re.compile(
    r",(?!\d)|;|\n|\.(?=\s|$)|\s[-–—]\s|\s+(?:with|featuring|using)\s", re.IGNORECASE
)


def extract_title(prompt: str) -> tuple[str, tuple[int, int]] | None:
    """Title text in ``prompt`` and its ``(start, end)`` character span, or ``None``.

    A quoted string wins over a phrase; the first quoted string in the prompt is taken.
    Candidates that are blank or longer than ``MAX_EXTRACTED_TITLE`` characters are skipped.
    """
    quoted = [m for pattern in _QUOTED for m in pattern.finditer(prompt)]
    for m in sorted(quoted, key=lambda m: m.start()):
        text = m.group(1).strip()
        if text and len(text) <= MAX_EXTRACTED_TITLE:
            return text, m.span()
    for m in _INTRO.finditer(prompt):
        stop = _STOP.search(prompt, m.end())
        end = stop.start() if stop else len(prompt)
        text = prompt[m.end() : end].strip()
        if text and len(text) <= MAX_EXTRACTED_TITLE:
            return text, (m.start(), end)
    return None
