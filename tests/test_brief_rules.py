"""Offline planner rules without the model: title extraction, colour hints, energy, format."""

from __future__ import annotations

import pytest

from routix.brief.colors import COLOR_NAMES, color_hints
from routix.brief.rules import CATEGORY_RULES, ELEMENT_RULES, energy, wants_square
from routix.brief.title import MAX_EXTRACTED_TITLE, extract_title


@pytest.mark.parametrize(
    ("prompt", "title"),
    [
        ('podcast cover "The Money Talk", calm blue', "The Money Talk"),
        ("let's play 'Minecraft Hardcore' today", "Minecraft Hardcore"),
        ("creators’ guide “Top 10 Tips” in gold", "Top 10 Tips"),
        ("gaming thumbnail titled I Survived 100 Days in Hardcore, red and black", "I Survived 100 Days in Hardcore"),
        ("title: How I Made $10,000 in a Month. Make it bold", "How I Made $10,000 in a Month"),
        ("Title is Budget Meals; warm colours", "Budget Meals"),
        ("a tech video called iPhone 17 Review with neon lights", "iPhone 17 Review"),
        ("thumbnail that says I QUIT! with a shocked face", "I QUIT!"),
        ("text: WAIT FOR IT", "WAIT FOR IT"),
        ('called Old Title but the quote "New Title" wins', "New Title"),
    ],
)
def test_title_extraction(prompt: str, title: str) -> None:
    found = extract_title(prompt)
    assert found is not None
    text, (start, end) = found
    assert text == title
    assert title in prompt[start:end]


@pytest.mark.parametrize(
    "prompt",
    ["gaming thumbnail with explosions", "it's my friend's birthday vlog", '"   " is empty', "called   "],
)
def test_no_title(prompt: str) -> None:
    assert extract_title(prompt) is None


def test_overlong_quoted_title_is_ignored() -> None:
    assert extract_title('"' + "x" * (MAX_EXTRACTED_TITLE + 1) + '"') is None


def test_color_names_and_hex_in_order_of_mention() -> None:
    assert color_hints("#ff0 and teal, then #1A2b3C and gold") == ["#FFFF00", "#008080", "#1A2B3C", "#FFD700"]


def test_multiword_colours_win_over_their_last_word() -> None:
    assert color_hints("neon green and hot pink on navy blue") == [
        COLOR_NAMES["neon green"], COLOR_NAMES["hot pink"], COLOR_NAMES["navy blue"],
    ]


def test_colour_modifiers_shift_lightness() -> None:
    (dark,), (light,), (base,) = color_hints("dark red"), color_hints("light red"), color_hints("red")

    def luma(hex_color: str) -> float:
        r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert luma(dark) < luma(base) < luma(light)


def test_colours_deduplicated_and_words_inside_words_ignored() -> None:
    assert color_hints("red, Red and RED") == [COLOR_NAMES["red"]]
    assert color_hints("redo the bluetooth setup, #12 and #abcd are not colours") == []
    assert color_hints("how black holes bend time") == []


def test_color_vocabulary_is_large_and_valid() -> None:
    assert len(COLOR_NAMES) >= 25
    for name, hex_color in COLOR_NAMES.items():
        assert color_hints(name) == [hex_color]


def test_energy_ordering() -> None:
    calm = energy("calm", "podcast cover, calm, soft and minimal")
    plain = energy("energetic", "gaming thumbnail")
    loud = energy("energetic", "INSANE gaming thumbnail with explosions and fire!!")
    assert 1 <= calm < plain < loud <= 10


def test_energy_ignores_acronyms_and_counts_shouting_outside_the_title() -> None:
    assert energy("serious", "GPU and CPU review") == energy("serious", "gpu and cpu review")
    assert energy("serious", "review", loud_text="") < energy("serious", "review", loud_text="WOW THIS!")


def test_square_format_requests() -> None:
    assert wants_square("podcast cover, calm, blue")
    assert wants_square("album art for my new single")
    assert wants_square("square 1:1 artwork for spotify")
    assert not wants_square("podcast episode youtube thumbnail")
    assert not wants_square("gaming thumbnail with explosions")


def test_keyword_hits_are_whole_words_in_mention_order() -> None:
    hits = ELEMENT_RULES.hits("fire, then explosions and money")
    assert sorted(hits, key=lambda k: hits[k].first) == ["fire", "explosions", "money"]
    assert "gaming" not in CATEGORY_RULES.hits("endgame aimless")
    assert CATEGORY_RULES.hits("make $100 a day")["finance"].words == ("$100",)


def test_square_format_either_word_order() -> None:
    assert wants_square("podcast episode 12 cover with two hosts")
    assert wants_square("cover for episode 12 of my podcast")
    assert not wants_square("cover for episode 12, youtube 16:9")
