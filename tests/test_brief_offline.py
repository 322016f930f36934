"""OfflinePlanner: the Planner port, field vocabularies, titles, colours, energy, bad input."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from routix.brief import (
    CATEGORIES,
    MOODS,
    STYLES,
    Brief,
    OfflinePlanner,
    Planner,
    get_planner,
)
from routix.brief.labels import CATEGORY_TEXTS, MOOD_TEXTS, STYLE_TEXTS, VISUAL_ELEMENTS
from routix.brief.offline import MAX_PROMPT_CHARS, MAX_TITLE_CHARS
from routix.embed import get_embedder
from routix.errors import InvalidInput


@pytest.fixture(scope="module")
def planner() -> OfflinePlanner:
    return get_planner()


def test_label_descriptions_cover_every_label() -> None:
    assert set(CATEGORY_TEXTS) == set(CATEGORIES)
    assert set(MOOD_TEXTS) == set(MOODS)
    assert set(STYLE_TEXTS) == set(STYLES)
    for texts in (*CATEGORY_TEXTS.values(), *MOOD_TEXTS.values(), *STYLE_TEXTS.values()):
        assert 2 <= len(texts) <= 4


def test_is_a_planner_and_fields_are_in_vocabulary(planner: OfflinePlanner) -> None:
    port: Planner = planner
    brief = port.analyze("  neon cyberpunk gaming thumbnail with lightning, fire and a trophy  ")
    assert isinstance(brief, Brief)
    assert brief.planner == planner.name == "offline"
    assert brief.prompt == "neon cyberpunk gaming thumbnail with lightning, fire and a trophy"
    assert brief.category in CATEGORIES and brief.mood in MOODS and brief.style in STYLES
    assert brief.visual_elements[:4] == ["neon", "lightning", "fire", "trophy"]  # order of mention
    assert set(brief.visual_elements) <= set(VISUAL_ELEMENTS)
    assert brief.style == "neon"
    assert set(brief.scores) == set(CATEGORIES)
    assert all(-1.0 <= v <= 1.0 for v in brief.scores.values())
    assert max(brief.scores, key=brief.scores.__getitem__) == "gaming"


def test_scores_are_the_category_cosines(planner: OfflinePlanner) -> None:
    prompt = "how I paid off my student loans"
    vec = get_embedder().encode([prompt])[0]
    finance = get_embedder().encode(list(CATEGORY_TEXTS["finance"])) @ vec
    assert planner.analyze(prompt).scores["finance"] == pytest.approx(float(finance.max()), abs=1e-3)


def test_deterministic(planner: OfflinePlanner) -> None:
    prompt = "cozy autumn baking vlog, warm orange tones"
    assert planner.analyze(prompt) == planner.analyze(prompt)


@pytest.mark.parametrize(
    ("prompt", "field", "expected"),
    [
        ("stocks, crypto and money talk", "category", "finance"),
        ("chill minimal study music", "mood", "calm"),
        ("a creepy haunted house at night", "mood", "mysterious"),
        ("clean minimalist tutorial cover", "style", "minimal"),
        ("retro 80s arcade vibes", "style", "retro"),
        ("luxury gold watch unboxing", "style", "luxury"),
    ],
)
def test_keyword_evidence(planner: OfflinePlanner, prompt: str, field: str, expected: str) -> None:
    assert getattr(planner.analyze(prompt), field) == expected


def test_energy_calm_below_explosive(planner: OfflinePlanner) -> None:
    calm = planner.analyze("a calm, minimal thumbnail for my meditation podcast")
    loud = planner.analyze("INSANE minecraft explosions and fire, epic boss fight!!")
    assert calm.energy <= 4 < 7 <= loud.energy
    assert {"explosions", "fire"} <= set(loud.visual_elements)


def test_title_from_prompt_and_colours_outside_it(planner: OfflinePlanner) -> None:
    brief = planner.analyze('gaming thumbnail titled "RED DEAD TIPS!!", blue and #00ff88 background')
    assert brief.title == "RED DEAD TIPS!!"
    assert brief.color_hints == ["#1E6BFF", "#00FF88"]
    shouted = planner.analyze("gaming thumbnail, blue and #00ff88 background, RED DEAD TIPS!!")
    assert brief.energy < shouted.energy  # capitals and "!" count only outside the title


def test_explicit_title_wins(planner: OfflinePlanner) -> None:
    assert planner.analyze('vlog called "My Week"', title="  Real Title ").title == "Real Title"
    assert planner.analyze('vlog called "My Week"', title="   ").title == "My Week"
    assert planner.analyze("vlog about my week").title is None


def test_podcast_format(planner: OfflinePlanner) -> None:
    assert planner.analyze("album art for my new single, purple").format == "podcast"
    assert planner.analyze("youtube thumbnail for podcast episode 12").format == "youtube"


@pytest.mark.parametrize("prompt", ["", "   ", "\n\t  \n", "x" * (MAX_PROMPT_CHARS + 1)])
def test_bad_prompts(planner: OfflinePlanner, prompt: str) -> None:
    with pytest.raises(InvalidInput) as info:
        planner.analyze(prompt)
    assert info.value.code == "invalid_input"
    assert "prompt" in info.value.message


def test_bad_title_and_type(planner: OfflinePlanner) -> None:
    with pytest.raises(InvalidInput, match="title"):
        planner.analyze("gaming", title="t" * (MAX_TITLE_CHARS + 1))
    with pytest.raises(InvalidInput):
        planner.analyze(None)  # type: ignore[arg-type]


def test_longest_prompt_is_accepted(planner: OfflinePlanner) -> None:
    prompt = ("fortnite gameplay " * 200)[:MAX_PROMPT_CHARS]
    assert planner.analyze(prompt).category == "gaming"


class _CountingEmbedder:
    """Wraps the real embedder and counts texts encoded."""

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.dim = self.inner.dim
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts)


def test_labels_are_embedded_once_and_injected_embedder_is_used() -> None:
    counting = _CountingEmbedder()
    planner = OfflinePlanner(counting)
    planner.analyze("first prompt about cooking")
    after_first = counting.texts
    planner.analyze("second prompt about cooking")
    planner.analyze("third prompt about cooking")
    assert after_first > 50  # label descriptions + neutral prompts (once) + the prompt
    assert counting.texts == after_first + 2  # then one text per analysis


def test_get_planner_is_shared() -> None:
    assert get_planner() is get_planner()
