"""Title text: the title carried inside a prompt, and the limits every title is fitted to.

``extract_title`` finds a quoted string, or ``titled X`` / ``title: X`` / ``called X`` /
``that says X`` phrases. ``fit_title`` makes any title (derived from a prompt, extracted, or
given by a planner) one the design model accepts: at most ``MAX_TITLE_CHARS`` characters (the
text layer's own limit) and, for titles built from prompt words, no word longer than
``MAX_TITLE_WORD`` (longer words are cut with an ellipsis)::

    fit_title("GO " + "X" * 40)  ->  "GO " + "X" * 31 + "…"          (MAX_TITLE_WORD = 32)
    fit_title("WORD " * 60, max_word=None)  ->  "WORD WORD … WORD…"    (200 characters at most)
"""

from __future__ import annotations

import re

from routix.design.models import TextLayer


def _text_layer_limit() -> int:
    """``TextLayer.text``'s ``max_length``, read from the model so the two cannot drift apart."""
    for item in TextLayer.model_fields["text"].metadata:
        limit = getattr(item, "max_length", None)
        if limit is not None:
            return int(limit)
    raise RuntimeError("TextLayer.text has no max_length")


#: Longest title, characters: what one text layer of a design holds.
MAX_TITLE_CHARS = _text_layer_limit()
#: Longest word kept whole in a title built from prompt words; a longer one cannot be drawn at
#: a legible size in a title box, so it is cut to ``MAX_TITLE_WORD - 1`` characters plus "…".
MAX_TITLE_WORD = 32
#: Longest title (characters) taken from a prompt; longer candidates are ignored.
MAX_EXTRACTED_TITLE = 100
ELLIPSIS = "…"

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


def fit_title(text: str, *, max_chars: int = MAX_TITLE_CHARS, max_word: int | None = MAX_TITLE_WORD) -> str:
    """``text`` stripped and fitted to a text layer; unchanged when it already fits.

    Every whitespace-separated word longer than ``max_word`` characters is cut to
    ``max_word - 1`` characters plus "…" (``max_word=None`` keeps words whole: a title the
    creator typed). Then, if the text is still longer than ``max_chars``, it is cut at the last
    word boundary that leaves room for a closing "…" (inside the word when it is the only one).
    Blank text gives ``""``. ``max_chars`` and ``max_word`` are at least 2.
    """
    if max_chars < 2 or (max_word is not None and max_word < 2):
        raise ValueError("max_chars and max_word must be at least 2")
    text = _cut_words(text.strip(), max_word)
    if len(text) <= max_chars:
        return text
    head = text[: max_chars - 1]
    if not text[max_chars - 1].isspace():  # the cut falls inside a word: drop that word if another is left
        whole = re.match(r"(.*\S)\s+\S*$", head, re.S)
        if whole:
            head = whole.group(1)
    # the closing "…" lengthens the last kept word: cut it again if that took it over max_word
    return _cut_words(head.rstrip() + ELLIPSIS, max_word)


def _cut_words(text: str, max_word: int | None) -> str:
    if max_word is None:
        return text
    return re.sub(rf"\S{{{max_word + 1},}}", lambda m: m.group()[: max_word - 1] + ELLIPSIS, text)
