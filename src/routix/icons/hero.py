"""What a design without a photo shows as its hero: an icon (or two composed), a big number, an
"A vs B" split or a grid of icons. Never a placeholder: a question mark is only an accent, and
only when the title asks a question.

Rule (first that applies):

1. **versus** - the request compares two things ("iphone vs android", "rent or buy?"): each
   side's words are matched to an icon on their own; both are drawn, labelled.
2. **number** - the title carries a counted number ("DAY 100", "90 DAYS", "$10,000", "50%",
   "TOP 10", "5 TIPS"): the number leads, the topic icon sits beside it. Bare numbers that
   name a thing ("iPhone 17", "GTA 6") do not count.
3. **grid** - the request names three or more things that match different icons ("pizza,
   burger and sushi"), or ranks many ("tier list", "ranking every ..."): up to four icons.
4. **icon** - otherwise: the best icon for the topic, plus a companion icon when a single
   word of the topic matches another icon strongly and that icon belongs to the topic and to
   the category ("bitcoin crash" -> chart going down + coin). A weak topic match (score below
   ``MIN_TOPIC_SCORE``) takes the best single-word match, else the category's icon.

The topic is the prompt without thumbnail words ("thumbnail", "youtube", colour words ...).
Icon scores come from :meth:`routix.icons.index.IconIndex.match`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from routix.brief.labels import CATEGORY_TEXTS
from routix.brief.models import Brief
from routix.icons.index import IconIndex, get_icon_index

HeroKind = Literal["icon", "number", "versus", "grid"]

#: Below this score the topic match is too weak to trust; the category's icon is used instead.
MIN_TOPIC_SCORE = 0.42
#: A word's own icon becomes the companion when it scores at least this much for the word ...
MIN_COMPANION_SCORE = 0.55
#: ... a cosine of at least this much with the whole topic ...
MIN_RELATED = 0.2
#: ... and with one of the category's descriptions (``routix.brief.labels.CATEGORY_TEXTS``), so
#: "fall" of "the fall of the roman empire" brings no autumn leaf.
MIN_GENRE = 0.3
#: A part of a list ("pizza, burger and sushi") names a grid item when its icon scores this much.
MIN_ITEM_SCORE = 0.45
#: Most icons in a grid.
MAX_GRID = 4

#: Icons standing for a category when the topic names nothing drawable, best first.
CATEGORY_ICONS: dict[str, tuple[str, ...]] = {
    "gaming": ("video-game", "joystick", "trophy"),
    "tech": ("laptop", "mobile-phone", "robot"),
    "vlog": ("camera", "movie-camera", "sparkles"),
    "tutorial": ("light-bulb", "hammer-and-wrench", "memo"),
    "reaction": ("exploding-head", "astonished-face", "face-screaming-in-fear"),
    "podcast": ("studio-microphone", "headphone", "speech-balloon"),
    "finance": ("money-bag", "chart-increasing", "coin"),
    "fitness": ("flexed-biceps", "person-lifting-weights", "person-running"),
    "travel": ("airplane", "world-map", "luggage"),
    "food": ("fork-and-knife-with-plate", "steaming-bowl", "cooking"),
    "education": ("graduation-cap", "books", "light-bulb"),
    "news": ("newspaper", "megaphone", "loudspeaker"),
    "music": ("musical-notes", "headphone", "guitar"),
    "beauty": ("lipstick", "sparkles", "nail-polish"),
    "horror": ("ghost", "skull", "derelict-house"),
    "science": ("ringed-planet", "atom-symbol", "rocket"),
    "wellness": ("person-in-lotus-position", "lotus", "crescent-moon"),
}

#: Words about the thumbnail itself, never the topic.
_META = {
    "thumbnail", "thumbnails", "youtube", "video", "videos", "cover", "episode", "image", "picture", "make",
    "create", "generate", "design", "style", "styled", "please", "art", "square", "vibe", "vibes", "look",
    "looking", "feel", "theme", "themed", "need", "want", "i", "we", "us", "my", "me", "our", "channel",
    "for", "a", "an", "the", "with", "and", "of", "on", "in", "to", "about", "some", "your", "this", "that",
    "how", "what", "why", "is", "are", "it", "its", "at", "from", "by", "be", "new", "best", "easy", "top",
    "guide", "tips", "explained", "review", "ultimate", "every", "ever", "vs", "versus", "or", "which",
    "better", "you", "should", "can", "do", "does", "will", "really", "most", "more", "just", "get", "first",
    "day", "days", "minute", "minutes", "hour", "hours", "week", "weeks", "year", "years", "time",
    "red", "blue", "green", "yellow", "orange", "purple", "pink", "black", "white", "gold", "neon",
    "dark", "bright", "bold", "minimal", "cinematic", "clean", "calm", "energetic", "dramatic", "playful",
    "mysterious", "serious", "cozy", "inspiring", "story", "stories", "documentary", "prediction",
}
_UNIT = (
    r"days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|seconds?|secs?|kg|kgs|lbs?|pounds|miles?|km|"
    r"steps?|tips?|ways?|things?|reasons?|mistakes?|rules?|habits?|foods?|exercises?|ideas?|hacks?|secrets?|"
    r"facts?|places?|books?|games?|people|levels?|times?|reps?|push-?ups?|squats?|dollars?|euros?|bucks|"
    r"subscribers?|followers?|views?|calories|k|x"
)
_NUMBER = re.compile(
    r"(?P<money>[$€£]\s?\d[\d,.]*\s?[kKmMbB]?\b)"
    r"|(?P<pct>\b\d+(?:\.\d+)?\s?%)"
    r"|(?P<lead>\b(?:day|week|month|year|level|top|episode|part|round|chapter|no\.?|number|#)\s*#?\d+\b)"
    rf"|(?P<unit>\b\d[\d,.]*\s?(?:{_UNIT})\b)",
    re.IGNORECASE,
)
_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.|compared\s+to|against)\s+", re.IGNORECASE)
_OR_QUESTION = re.compile(
    r"(?:^|[\s,:])(?P<a>[\w$'+-]+(?:\s[\w$'+-]+)?)\s+or\s+(?P<b>[\w$'+-]+(?:\s[\w$'+-]+){0,2})\s*\?", re.IGNORECASE
)
_SIDE_STOP = re.compile(r"[,;:!?()\[\]]|\s[-–—]\s|\b(?:which|who|what|is|are|comparison|review|test|battle|"
                        r"for|in|on|with|after|before|thumbnail|video|honest|the\s+truth)\b", re.IGNORECASE)
_RANKING = re.compile(r"\b(?:tier\s*list|ranking|ranked|every|all\s+the|ranking\s+every|taste\s+test|top\s+\d+)\b",
                      re.IGNORECASE)
_SPLIT = re.compile(r",|;|:|&|\+|/|\band\b|\bwith\b|\bplus\b|\bvs\.?\b", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^(?:why|is|are|can|could|should|would|will|do|does|did|was|were|has|have"
    r"|(?:what|who|where|when|which|how)\s+(?:is|are|was|were|do|does|did|can|could|will|would|should|if"
    r"|happens|happened|much|many|long|far)|what's|who's|where's)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HeroPlan:
    """A no-photo design's hero.

    ``kind``: icon | number | versus | grid. ``icons``: icon names, the main one first (versus:
    side A then side B; icon: main then optional companion; grid: 3-4 items). ``number``: the
    number phrase for the number kind ("DAY 100"); ``rest``: the title without it (the title
    line shown beside the number) or None. ``sides``: the versus labels. ``question``: the
    title asks a question (a "?" accent may be drawn). ``scores``: the icons' match scores.
    """

    kind: HeroKind
    icons: tuple[str, ...]
    number: str | None = None
    rest: str | None = None
    sides: tuple[str, str] | None = None
    question: bool = False
    scores: tuple[float, ...] = field(default=())


#: Colour words that name a thing together with the next word ("black hole"), kept in a topic.
_COLOUR_THINGS = {("black", "hole"), ("black", "holes"), ("white", "house"), ("red", "carpet"), ("gold", "medal"),
                  ("green", "screen"), ("black", "cat"), ("red", "wine"), ("white", "wine"), ("blue", "whale")}


def topic_of(text: str) -> str:
    """``text`` without thumbnail, mood and filler words (lower case), for icon matching;
    colour words stay where they name a thing ("black hole")."""
    tokens = [w.lower() for w in re.findall(r"[A-Za-z0-9$'%-]+", text)]
    kept = []
    for i, word in enumerate(tokens):
        pair = (word, tokens[i + 1]) if i + 1 < len(tokens) else None
        after = (tokens[i - 1], word) if i > 0 else None
        if pair in _COLOUR_THINGS or after in _COLOUR_THINGS or (word not in _META and not word.isdigit()):
            kept.append(word)
    return " ".join(kept)


def asks_question(title: str) -> bool:
    """True when ``title`` is a question: it ends with "?" or opens like one ("why", "is",
    "what is", "how much" ...; "how to" and "what the telescope found" are not questions)."""
    stripped = title.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped))


def find_number(title: str) -> tuple[str, str | None] | None:
    """The counted number phrase in ``title`` and the title line shown with it, or None.

    ``("DAY 100", "LEARNING PIANO")`` for "DAY 100 OF LEARNING PIANO", ``("$10,000", "IN ONE
    MONTH")`` for "HOW I MADE $10,000 IN ONE MONTH": the words after the number when there are
    two or more, else those before it, without function words at either end; None when
    nothing but filler is left."""
    m = _NUMBER.search(title)
    if not m:
        return None
    phrase = m.group(0).strip()
    before, after = title[: m.start()].strip(" -:,"), title[m.end() :].strip(" -:,")
    # the words after the number read on from it ("$10,000 / IN ONE MONTH"); with fewer than two
    # of them the words before it are the line ("I CUT MY GROCERY BILL / 50%")
    if len(after.split()) >= 2 or not before:  # "OF LEARNING PIANO" -> "LEARNING PIANO"; "IN ONE MONTH" stays
        rest = re.sub(r"^(?:(?:of|to|and|the|a|for)\s+)+", "", after, flags=re.IGNORECASE)
    else:  # "I CUT MY GROCERY BILL BY" -> "I CUT MY GROCERY BILL"
        rest = re.sub(r"(?:\s+(?:of|in|for|to|and|the|a|by|my|your|on|at))+$", "", before, flags=re.IGNORECASE)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" -:,")
    return phrase.upper(), (rest or None)


def find_versus(text: str) -> tuple[str, str] | None:
    """The two compared things in ``text`` ("iphone 17 vs galaxy s25 camera test" ->
    ("iphone 17", "galaxy s25 camera")), at most three words each, or None."""
    parts = _VERSUS.split(text, maxsplit=1)
    if len(parts) == 2:
        left = re.split(r"[,;:!?()]|\s[-–—]\s", parts[0])[-1].split()
        left = [w for w in left if w.lower() not in {"the", "a", "an", "my", "your"}][-3:]
        right = [w for w in _SIDE_STOP.split(parts[1], maxsplit=1)[0].split()
                 if w.lower() not in {"the", "a", "an", "my", "your"}][:3]
        if left and right:
            return " ".join(left), " ".join(right)
    m = _OR_QUESTION.search(text)
    if m:
        a = [w for w in m.group("a").split() if w.lower() not in _META]
        b = [w for w in m.group("b").split() if w.lower() not in _META]
        if a and b:
            return " ".join(a), " ".join(b)
    return None


def _fallback(index: IconIndex, category: str, seed: int) -> str:
    names = [n for n in CATEGORY_ICONS.get(category, ("light-bulb",)) if n in index] or [index.icons[0].name]
    return names[seed % len(names)] if len(names) > 1 and seed % 3 == 2 else names[0]


def plan_hero(brief: Brief, title: str, *, index: IconIndex | None = None, seed: int = 0) -> HeroPlan:
    """The hero of a no-photo design for ``brief`` with the final ``title`` (see module rule).

    Every text matched (topic, versus sides, parts of a list, single words) is embedded in one
    batch, so a plan costs one call of the model."""
    index = index or get_icon_index()
    question = asks_question(title)
    text = f"{brief.prompt} {title}" if title.lower() not in brief.prompt.lower() else brief.prompt
    topic = topic_of(brief.prompt) or topic_of(title) or brief.category
    hint = f"{topic} ({brief.category})"
    versus = find_versus(title) or find_versus(brief.prompt)
    chunks = list(dict.fromkeys(topic_of(c) for c in _SPLIT.split(text) if topic_of(c)))
    words = [w for w in dict.fromkeys(topic.split()) if len(w) >= 3]
    genre = CATEGORY_TEXTS.get(brief.category, ())
    texts = list(dict.fromkeys([hint, topic, *(versus or ()), *chunks, *words, *genre]))
    vectors = dict(zip(texts, index.embed(texts), strict=True))
    genre_matrix = np.stack([vectors[t] for t in genre]) if genre else None

    def best(query: str, k: int = 1, exclude: tuple[str, ...] = ()) -> list:
        return index.match(query, k, exclude=exclude, vector=vectors[query])

    if versus:
        a = best(versus[0])[0]
        b_all = best(versus[1], 2)
        b = b_all[0] if b_all[0].name != a.name or b_all[1].score < b_all[0].score - 0.05 else b_all[1]
        return HeroPlan("versus", (a.name, b.name), sides=(versus[0].upper(), versus[1].upper()),
                        question=question, scores=(a.score, b.score))

    # how close each icon is to the whole topic, by meaning alone (no keyword boost)
    related = {icon.name: float(score) for icon, score in zip(index.icons, index.vectors @ vectors[topic], strict=True)}
    word_best = [best(w)[0] for w in words]
    main = best(hint)[0]
    if main.score < MIN_TOPIC_SCORE:
        strong = [m for m in word_best if m.score >= MIN_COMPANION_SCORE]
        main = max(strong, key=lambda m: m.score) if strong else None
    main_name = main.name if main else _fallback(index, brief.category, seed)
    main_score = main.score if main else 0.0

    number = find_number(title)
    if number:
        return HeroPlan("number", (main_name,), number=number[0], rest=number[1], question=question,
                        scores=(main_score,))

    items: list[tuple[str, float]] = []
    for chunk in chunks:
        found = best(chunk, 1, exclude=tuple(n for n, _ in items))[0]
        if found.score >= MIN_ITEM_SCORE:
            items.append((found.name, found.score))
    if len(items) >= 3 or (_RANKING.search(text) and len(items) >= 1):
        names = [n for n, _ in items][:MAX_GRID]
        if len(names) < 3:  # "ranking every burger": fill with the topic's next best icons
            for m in best(hint, 8, exclude=tuple(names)):
                if len(names) >= 4:
                    break
                if m.score >= MIN_ITEM_SCORE:
                    names.append(m.name)
        if len(names) >= 3:
            scores = dict(items)
            return HeroPlan("grid", tuple(names), question=question,
                            scores=tuple(scores.get(n, related.get(n, 0.0)) for n in names))

    # a companion: one word's own icon, another concept than the main icon's, yet about the
    # topic and the genre ("train" of "train your puppy" is no locomotive)
    main_vec = index.vector(main_name)

    def fits_genre(name: str) -> bool:
        return genre_matrix is None or float((genre_matrix @ index.vector(name)).max()) >= MIN_GENRE

    companion = None
    for m in word_best:
        if (m.name != main_name and m.score >= MIN_COMPANION_SCORE and related.get(m.name, 0.0) >= MIN_RELATED
                and float(index.vector(m.name) @ main_vec) < 0.8 and fits_genre(m.name)
                and (companion is None or m.score > companion.score)):
            companion = m
    if companion is not None:
        return HeroPlan("icon", (main_name, companion.name), question=question, scores=(main_score, companion.score))
    return HeroPlan("icon", (main_name,), question=question, scores=(main_score,))
