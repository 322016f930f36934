"""What a short chat reply means, and the assistant's wording.

Follow-ups are recognised only in short messages (at most ``MAX_FOLLOW_UP_WORDS`` words), so a
new request that happens to contain "no" or "again" ("no text, just the logo again and again")
is still read as a new request. Matching is on whole words, case-insensitive.
"""

from __future__ import annotations

import re

#: Longest message (words) read as a follow-up ("again", "skip", "lightning") instead of a request.
MAX_FOLLOW_UP_WORDS = 6
#: Longest conversation title made from a request, characters.
MAX_TITLE_CHARS = 60
#: Title of a conversation nobody named yet (the models' default).
DEFAULT_TITLE = "New chat"

_AGAIN = re.compile(
    r"\b(again|one more|another( one| take| version)?|regenerate|redo|retry|re-?roll|once more|new take)\b", re.I
)
_VARIANTS = re.compile(r"\bmore (variants?|variations?|options|versions|alternatives|choices)\b|\bvariations\b", re.I)
_SKIP = re.compile(
    r"^\W*(skip|no|nope|nah|no thanks?|no,? thanks?|without|none|not now|continue|go|go ahead|just generate|"
    r"generate|proceed|start|skip it|no upload|without (a |my )?(face|photo|logo|upload))\W*$",
    re.I,
)
_SMALL_TALK = re.compile(
    r"^\W*((hi|hello|hey|yo|thanks|thank you|thx|ty|ok|okay|cool|great|nice|awesome|perfect|love it|wow|lol|"
    r"good|amazing)\W*)+$",
    re.I,
)
_FILLER = re.compile(
    r"^\s*(please\s+|pls\s+|hey\s+|hi\s+|ok(ay)?\s+|can you\s+|could you\s+|would you\s+|i want( you)?( to)?\s+|"
    r"i need\s+|i'd like( you)?( to)?\s+|let's\s+|make\s+|create\s+|generate\s+|design\s+|build\s+|give\s+|"
    r"me\s+|us\s+|a\s+|an\s+|the\s+|some\s+|new\s+)+",
    re.I,
)


def words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text)


def is_short(text: str) -> bool:
    return 0 < len(words(text)) <= MAX_FOLLOW_UP_WORDS


def asks_more_variants(text: str) -> bool:
    """"more variants", "more options", "variations" (short messages only)."""
    return is_short(text) and bool(_VARIANTS.search(text))


def asks_again(text: str) -> bool:
    """"again", "one more", "regenerate", "another one", "retry" (short messages only)."""
    return is_short(text) and bool(_AGAIN.search(text)) and not asks_more_variants(text)


def says_skip(text: str) -> bool:
    """The whole message declines the upload: "skip", "no", "no thanks", "go ahead"."""
    return bool(_SKIP.match(text.strip()))


_TITLE_CHOICE = re.compile(r"^\s*title\s*[:=]\s*(?P<title>\S.*?)\s*$", re.IGNORECASE | re.DOTALL)


def title_choice(text: str) -> str | None:
    """The title a message picks ("Title: Boss Fight" -> "Boss Fight"), else None."""
    found = _TITLE_CHOICE.match(text)
    if found is None:
        return None
    return found.group("title").strip("\"'\u201c\u201d ") or None


def is_small_talk(text: str) -> bool:
    """The whole message is a greeting or thanks ("thanks!", "ok cool"): no request in it."""
    return bool(_SMALL_TALK.match(text.strip()))


def names_algorithm(text: str, names: dict[str, str]) -> str | None:
    """The algorithm a short message names, from ``names`` = {name: display_name}; else None.

    "lightning", "Routix Pro", "use v1 please" -> that algorithm's name. A bare name counts only
    when the rest of the message is filler ("pro gamer thumbnail" is a request, not a choice).
    """
    if not is_short(text):
        return None
    spoken = [w.lower() for w in words(text)]
    content = [w for w in spoken if w not in _CHOICE_FILLER]
    for name, display in names.items():
        if f" {display.lower()} " in f" {' '.join(spoken)} " or content == [name.lower()]:
            return name
    return None


_CHOICE_FILLER = frozenset((
    "use", "the", "please", "pls", "go", "with", "i", "want", "choose", "pick", "let's", "lets", "ok", "okay",
    "take", "version", "routix", "one", "try",
))


def short_title(prompt: str) -> str:
    """A conversation title from a request: filler words dropped, first letter capitalised,
    at most ``MAX_TITLE_CHARS`` characters cut at a word boundary.

    "Please create a gaming thumbnail with explosions!" -> "Gaming thumbnail with explosions".
    """
    text = " ".join(prompt.split())
    stripped = _FILLER.sub("", text).strip(" .!?,;:-") or text.strip(" .!?,;:-") or DEFAULT_TITLE
    if len(stripped) > MAX_TITLE_CHARS:
        cut = stripped[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
        stripped = (cut or stripped[: MAX_TITLE_CHARS - 1]) + "…"
    return stripped[0].upper() + stripped[1:]


_TITLE_CLAUSE = re.compile(r"""[,;:]?\s*\b(?:with\s+(?:the\s+)?)?title[d]?\s*[:=]?\s*(["“'])(.*?)(["”'])""", re.I)


def chat_title(prompt: str, title: str | None = None, category: str | None = None) -> str:
    """A conversation title from a request: its thumbnail ``title`` when it has one ("Minecraft
    hardcore: day 100"), else the request without its ``title "..."`` clause (see
    :func:`short_title`); a bare category request reads "Gaming thumbnail"."""
    if title and title.strip():
        return short_title(title)
    text = _TITLE_CLAUSE.sub("", prompt)
    stripped = short_title(text)
    if stripped == DEFAULT_TITLE and category:
        return f"{category.capitalize()} thumbnail"
    return stripped


def intent_text(category: str, mood: str, style: str, elements: list[str]) -> str:
    featuring = f", featuring {', '.join(elements[:3])}" if elements else ""
    article = "an" if category[:1].lower() in "aeiou" else "a"
    return f"Got it! Let me create {article} {category} thumbnail: {mood} mood, {style} style{featuring}."


CHOOSE_ALGORITHM = "Which Routix version should I use?"
OFFER_TITLES = (" Your message has no title: here are a few that read at feed size. Pick one, or send your own "
                "as \"Title: ...\"; otherwise I'll make one from your words.")
TITLE_SET = "Title set: \u201c{title}\u201d."
TITLE_TOO_LONG = "That title has {n} characters; a thumbnail title can have at most {limit}. Try a shorter one."
ASK_UPLOAD = "Would you like to add your face or logo? Upload one, or say \"skip\"."
GENERATING = "Perfect! Generating now..."
REGENERATING = "On it: another take coming up..."
MORE_VARIANTS = "Sure, making {n} variants this time..."
RESULT = "Here's your thumbnail! Say \"again\" for another take or \"more variants\" for options."
STILL_WORKING = "I'm still working on your thumbnail ({progress}%, {stage}). I'll post it here as soon as it's ready."
NOTHING_TO_REDO = "There's nothing to redo yet. Tell me what the thumbnail should show."
SMALL_TALK = "Happy to help! Describe a thumbnail, or say \"again\" for another take of the last one."
DESCRIBE_FIRST = "Tell me what the thumbnail is about first, and I'll take it from there."
UPLOAD_NOTED = "Got your {kind}. Which Routix version should I use? Pick one above."
UPLOAD_KEPT = "Got your {kind}, I'll use it. Now tell me what the thumbnail should show."


def failure_text(message: str, retry_possible: bool) -> str:
    hint = " Say \"again\" to retry." if retry_possible else " Try rephrasing the request or another version."
    return f"Sorry, that generation failed: {message.rstrip('.')}.{hint}"
