"""Title suggestions and refinements, offline.

:func:`suggest_titles` turns a prompt and its brief into short titles in the patterns that work
in the feed (a claim, a question, a number, a challenge), each checked by :func:`fits_feed`: laid
out in the template's title box at 1280x720, its letters must be at least
:data:`MIN_FEED_LETTER_PX` tall once the thumbnail is shrunk to 168x94 (YouTube's smallest
size; cap height taken as :data:`CAP_HEIGHT` of the font size). A title that does not fit is
shortened (fewer topic words) before it is dropped.

:func:`refine_title` rewrites a title: ``shorter`` (filler words out, number words as digits),
``punchier`` (shorter, a strong opening, an exclamation), or a case rule (``upper``,
``title``, ``sentence``). The meaning words stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from routix.brief.models import Brief
from routix.design.models import Box, TextLayer

#: Feed size the titles are checked at (px) and the smallest letter height there.
FEED_SIZE = (168, 94)
MIN_FEED_LETTER_PX = 7.0
#: Cap height of the display fonts as a fraction of the font size.
CAP_HEIGHT = 0.72
#: Words a title keeps at most.
MAX_WORDS = 6

RefineMode = Literal["shorter", "punchier", "upper", "title", "sentence"]

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEFAULT_TITLE_LAYER = TextLayer(id="title", slot="title", text="x", box=Box(x=0.05, y=0.1, w=0.5, h=0.62),
                                max_lines=3, max_size=0.22)

_STOP = _words("""a an the of for to in on at by with and or my our your this that these those new video thumbnail
youtube channel episode about how what why when make making made do doing i me we you it its is are was be been
really very just some any vlog tutorial review reaction podcast guide tips day days today week""")
_CATEGORY_PATTERNS: dict[str, tuple[str, ...]] = {
    "tech": ("{T} Changed Everything", "Don't Buy {T}?", "{T}: Worth It?", "The Truth About {T}"),
    "gaming": ("I Survived {T}", "{T} Is Broken", "100 Days Of {T}", "{T} Challenge!"),
    "finance": ("{T}: Do This Now", "I Tried {T}", "{T} Secrets", "Stop Wasting Money"),
    "fitness": ("{T} In 30 Days", "I Tried {T}", "{T}: Do This!", "{T} Mistakes"),
    "food": ("The Best {T}", "{T} In 10 Minutes", "I Made {T}", "{T} Secrets"),
    "tutorial": ("{T} In 5 Minutes", "Learn {T} Fast", "{T} Made Easy", "Stop Doing {T} Wrong"),
    "education": ("{T} Explained", "Why {T}?", "{T} In 5 Minutes", "The Truth About {T}"),
    "travel": ("{T} On A Budget", "I Went To {T}", "{T}: Hidden Gems", "Don't Visit {T}?"),
    "horror": ("Don't Go To {T}", "The {T} Mystery", "{T} At 3 AM", "What Happened At {T}?"),
}
_GENERIC = ("{T}?!", "I Tried {T}", "The Truth About {T}", "Is {T} Worth It?", "{T}: Watch This")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "twenty": "20", "thirty": "30", "fifty": "50",
                 "hundred": "100", "thousand": "1000"}
_FILLER = re.compile(r"\b(?:really|very|just|actually|basically|literally|totally|so|that|"
                     r"in order|of all time|ever)\b\s*", re.I)
_VERBS = _words("bake make cook build play learn try trying review reviewing test testing unbox unboxing go going "
                   "visit visiting trip explain explaining show showing")
_SMALL_WORDS = _words("a an the of for to in on at by and or vs")


@dataclass(frozen=True)
class Suggestion:
    """A title and its letter height at 168x94 (px)."""

    text: str
    feed_letter_px: float


def feed_letter_px(text: str, layer: TextLayer | None = None) -> float:
    """Letter height (px) of ``text`` at 168x94 when fitted into ``layer``'s box at 1280x720."""
    from routix.render.text import layout_text

    layer = (layer or DEFAULT_TITLE_LAYER).model_copy(update={"text": text})
    layout = layout_text(layer, (1280, 720))
    if layout.overflow:
        return 0.0
    return round(layout.font_size * CAP_HEIGHT * FEED_SIZE[1] / 720, 2)


def fits_feed(text: str, layer: TextLayer | None = None) -> bool:
    """Whether ``text`` reads at 168x94 in ``layer``'s box (see the module docstring)."""
    return feed_letter_px(text, layer) >= MIN_FEED_LETTER_PX


def topic_words(prompt: str, brief: Brief | None = None) -> list[str]:
    """What a prompt is about: the content words (no filler, category, format or leading verb
    words) of the phrase after its first "of/about/for/to/on", else of the whole prompt."""
    banned = set(_STOP) | ({brief.category, brief.style, brief.mood} if brief else set())

    def content(text: str) -> list[str]:
        words = [w for w in re.findall(r"[A-Za-z0-9$%'+-]+", text) if w.lower() not in banned and len(w) > 1]
        while words and words[0].lower() in _VERBS:
            words = words[1:]
        return words

    parts = re.split(r"\b(?:of|about|for|to|on|at|in|with)\b", prompt, flags=re.I)
    for part in parts[1:]:
        found = content(part)
        if found:
            return found
    return content(prompt)


def suggest_titles(prompt: str, brief: Brief, *, layer: TextLayer | None = None, count: int = 5) -> list[Suggestion]:
    """Up to ``count`` (at least 3 when the prompt has a topic word) distinct titles that fit
    the feed (see the module docstring), best pattern first."""
    topic = topic_words(prompt, brief)
    if not topic:
        topic = [brief.category]
    patterns = [*_CATEGORY_PATTERNS.get(brief.category, ()), *_GENERIC]
    if brief.title:
        patterns.insert(0, "{B}")
    out: list[Suggestion] = []
    for pattern in patterns:
        for n in (3, 2, 1):
            text = _title_case(pattern.replace("{B}", brief.title or "").replace("{T}", " ".join(topic[:n])))
            if len(text.split()) > MAX_WORDS:
                continue
            height = feed_letter_px(text, layer)
            if height >= MIN_FEED_LETTER_PX:
                if text.lower() not in {s.text.lower() for s in out}:
                    out.append(Suggestion(text, height))
                break
        if len(out) >= count:
            break
    return out


def refine_title(title: str, mode: RefineMode) -> str:
    """``title`` rewritten by ``mode`` (see the module docstring); never empty."""
    title = " ".join(title.split())
    if mode == "upper":
        return title.upper()
    if mode == "title":
        return _title_case(title)
    if mode == "sentence":
        return title[:1].upper() + title[1:].lower()
    short = _shorter(title)
    if mode == "shorter":
        return short
    words = short.rstrip("!?.").split()
    if len(words) > 3 and words[0].lower() == "how" and words[1].lower() == "to":
        words = words[2:]  # "how to make the best pasta" -> "Make the Best Pasta!"
    text = _title_case(" ".join(words))
    return (text + ("?!" if short.endswith("?") else "!")) if text else title


def _shorter(title: str) -> str:
    words = [_NUMBER_WORDS.get(w.lower(), w) for w in title.split()]
    text = _FILLER.sub("", " ".join(words)).strip()
    text = re.sub(r"\s+", " ", text)
    kept = text.split()
    while len(kept) > MAX_WORDS:  # drop the last prepositional phrase ("for a whole month")
        cut = max((i for i, w in enumerate(kept)
                   if i and w.lower() in _SMALL_WORDS and kept[i - 1].lower() not in _SMALL_WORDS), default=None)
        if cut is None:
            kept = kept[:MAX_WORDS]
            break
        kept = kept[:cut]
    while len(kept) > 1 and kept[-1].lower() in _SMALL_WORDS:
        kept = kept[:-1]
    return " ".join(kept) or title


def _title_case(text: str) -> str:
    words = text.split()
    out = []
    for i, word in enumerate(words):
        if word.isupper() and len(word) > 1 or any(c.isdigit() for c in word):
            out.append(word)
        elif i and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
