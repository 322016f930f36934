"""Titles derived from a prompt always fit the design model: a text layer holds at most 200
characters, and a word too long to draw is cut (with an ellipsis) instead of breaking the design."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routix.brief.models import Brief
from routix.design import Box, TextLayer
from routix.generate.compose import derive_title

#: The text layer's own limit, read from the model (the deriver must never exceed it).
TEXT_LIMIT = next(m.max_length for m in TextLayer.model_fields["text"].metadata if hasattr(m, "max_length"))


def _brief(prompt: str, **kw) -> Brief:
    base = {"prompt": prompt, "category": "gaming", "mood": "energetic", "energy": 8, "style": "bold"}
    base.update(kw)
    return Brief(**base)


def _layer(text: str) -> TextLayer:
    """The title as the design model takes it (raises ValidationError when it does not fit)."""
    return TextLayer(id="title", slot="title", text=text, box=Box(x=0.05, y=0.1, w=0.5, h=0.6))


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def test_a_prompt_of_one_overlong_word_derives_a_title_the_design_accepts():
    title = derive_title(_brief("a" * 201))
    _layer(title)
    assert len(title) <= TEXT_LIMIT
    assert title.startswith("AAAA") and title.endswith("…")
    assert _longest_word(title) <= 32


def test_a_long_word_is_cut_and_the_words_around_it_stay():
    title = derive_title(_brief("minecraft " + "x" * 80 + " speedrun"))
    first, middle, last = title.split(" ")
    assert (first, last) == ("MINECRAFT", "SPEEDRUN")
    assert middle.startswith("XXX") and middle.endswith("…") and len(middle) <= 32
    _layer(title)


def test_many_long_words_stay_within_the_text_layer_limit():
    prompt = " ".join(chr(ord("a") + i) * 60 for i in range(8))
    title = derive_title(_brief(prompt))
    assert len(title) <= TEXT_LIMIT and len(title.split()) == 6
    _layer(title)


def test_an_overlong_planner_title_is_cut_at_a_word_boundary():
    # an LLM planner may hand back a title longer than a text layer holds
    long_title = " ".join(["Incredible"] * 40)
    title = derive_title(_brief("gaming thumbnail", title=long_title))
    assert len(title) <= TEXT_LIMIT and title.endswith("Incredible…")
    _layer(title)


def test_an_explicit_title_within_the_limit_is_kept_as_written():
    explicit = "Supercalifragilisticexpialidocious Llanfairpwllgwyngyllgogerychwyndrobwllllantysiliogogogoch!"
    assert derive_title(_brief("gaming thumbnail", title=explicit)) == explicit
    assert derive_title(_brief("gaming thumbnail", title="W" * TEXT_LIMIT)) == "W" * TEXT_LIMIT


def test_short_derived_titles_are_unchanged():
    assert derive_title(_brief("minecraft speedrun world record thumbnail")) == "MINECRAFT SPEEDRUN WORLD RECORD"
    assert derive_title(_brief("antidisestablishmentarianism explained")) == "ANTIDISESTABLISHMENTARIANISM EXPLAINED"


#: Prompts of any text, and prompts made of (possibly very long) title-like words.
PROMPTS = st.one_of(
    st.text(min_size=1, max_size=1000),
    st.lists(st.tuples(st.sampled_from(string.ascii_letters + string.digits + "$%&!?'."), st.integers(1, 300)),
             min_size=1, max_size=12).map(lambda words: " ".join(c * n for c, n in words)[:1000]),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(PROMPTS)
def test_any_prompt_derives_a_valid_title(prompt):
    title = derive_title(_brief(prompt))
    _layer(title)
    assert len(title) <= TEXT_LIMIT


# fit_title: the one rule both derived and explicit titles go through ----------------------------

def test_fit_title_cuts_long_words_and_caps_the_length():
    from routix.brief.title import MAX_TITLE_CHARS, MAX_TITLE_WORD, fit_title

    assert MAX_TITLE_CHARS == TEXT_LIMIT
    assert fit_title("HOW TO INVEST") == "HOW TO INVEST"
    cut = fit_title("GO " + "Z" * 100 + " NOW")
    assert cut == "GO " + "Z" * (MAX_TITLE_WORD - 1) + "… NOW"
    assert fit_title("Z" * 500, max_word=None) == "Z" * (MAX_TITLE_CHARS - 1) + "…"
    assert fit_title("one two three four", max_chars=12, max_word=None) == "one two…"
    assert fit_title("one two three", max_chars=13, max_word=None) == "one two three"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_fit_title_of_blank_text_is_empty(blank):
    from routix.brief.title import fit_title

    assert fit_title(blank) == ""


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=600), st.integers(min_value=2, max_value=250), st.one_of(st.none(), st.integers(2, 60)))
def test_fit_title_never_exceeds_its_limits(text, max_chars, max_word):
    from routix.brief.title import fit_title

    fitted = fit_title(text, max_chars=max_chars, max_word=max_word)
    assert len(fitted) <= max_chars
    if max_word is not None:
        assert _longest_word(fitted) <= max_word
    assert bool(fitted) == bool(text.strip())
    if len(text.strip()) <= max_chars and (max_word is None or _longest_word(text) <= max_word):
        assert fitted == text.strip()
