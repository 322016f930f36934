"""Looks of designs without a photo: every category has fitting motifs, moods shift light and colour."""

from __future__ import annotations

import colorsys

import pytest

from routix.brief.models import CATEGORIES, MOODS
from routix.icons import TONES
from routix.render.art import MOTIFS
from routix.render.art.looks import CATEGORY_LOOKS, look_for


def _hls(color: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)))


def test_every_category_has_a_look_and_two_fitting_motifs() -> None:
    assert set(CATEGORY_LOOKS) == set(CATEGORIES)
    for category in CATEGORIES:
        fitting = [name for name, info in MOTIFS.items() if category in info.categories]
        assert len(fitting) >= 2, (category, fitting)
        look = CATEGORY_LOOKS[category]
        assert len(look.motifs) >= 2 and set(look.motifs) <= set(MOTIFS), category
        assert look.tone in TONES and 3 <= len(look.palette) <= 8


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("mood", MOODS)
def test_look_for_every_category_and_mood(category: str, mood: str) -> None:
    look = look_for(category, mood, "a video", seed=3)
    assert look == look_for(category, mood, "a video", seed=3)
    assert look.motifs[0] in CATEGORY_LOOKS[category].motifs and look.tone in TONES
    assert 0.3 <= look.saturation <= 1.4 and 0.6 <= look.brightness <= 1.2


def test_horror_is_dark_and_cold_whatever_the_mood() -> None:
    for mood in ("energetic", "playful", "mysterious"):
        look = look_for("horror", mood, "scary story", seed=1)
        assert look.tone == "dark" and look.motifs[0] in ("fog", "night_sky")
        h, light, sat = _hls(look.palette[0])
        assert 0.5 < h < 0.7, "a cold (blue) accent"
        assert all(_hls(c)[1] < 0.3 for c in look.palette[1:3]), "dark base colours"


def test_calm_is_low_in_saturation_and_food_stays_warm() -> None:
    calm = look_for("music", "calm", "lofi beats to relax", seed=1)
    loud = look_for("music", "energetic", "new single", seed=1)
    assert calm.saturation < loud.saturation and calm.tone == "calm"
    assert max(_hls(c)[2] for c in calm.palette) < max(_hls(c)[2] for c in loud.palette)
    assert look_for("food", "calm", "easy pasta", seed=1).tone == "warm"
    assert look_for("wellness", "energetic", "morning yoga", seed=1).tone == "calm"


def test_finance_turns_red_for_a_fall_and_named_motifs_win() -> None:
    rise = look_for("finance", "serious", "bitcoin price prediction", seed=1)
    fall = look_for("finance", "serious", "bitcoin crash explained", seed=1)
    assert rise.palette[0] == fall.palette[1] and fall.palette[0] == rise.palette[1]
    h = _hls(fall.palette[0])[0]
    assert min(h, 1 - h) < 0.05, "red first"
    space = look_for("education", "serious", "the solar system and every planet in space", seed=0)
    assert space.motifs[0] == "starfield"
    assert look_for("wellness", "calm", "guided meditation for sleep", seed=0).motifs[0] == "night_sky"
