"""The motif-choice rule of the local algorithm (``routix.render.art.choose_motif``)."""

from __future__ import annotations

import pytest

from routix.errors import InvalidInput
from routix.render.art import MOTIFS, choose_motif
from routix.render.art.choose import choose_from, singular
from routix.render.art.info import MotifInfo


@pytest.mark.parametrize(
    ("elements", "category", "energy", "expected"),
    [
        (["explosions"], "gaming", 9, "fire_burst"),
        (["Huge EXPLOSION", "smoke"], "tech", 3, "fire_burst"),
        (["neon lights", "grid"], "finance", 5, "neon_grid"),
        (["money", "chart"], "vlog", 5, "stock_chart"),
        (["circuit board"], "gaming", 9, "circuit"),
        ([], "finance", 6, "stock_chart"),
        ([], "podcast", 2, "soft_mesh"),
        ([], "travel", 4, "sunset"),
        ([], "fitness", 8, "speed_lines"),
        (["confetti"], "vlog", 5, "confetti"),
    ],
)
def test_rules(elements: list[str], category: str, energy: int, expected: str) -> None:
    assert choose_motif(elements, category, energy, seed=0) == expected


def test_keywords_beat_category_and_energy() -> None:
    assert choose_motif(["fire"], "podcast", 1, seed=0) == "fire_burst"


def test_category_default_follows_energy() -> None:
    calm = choose_motif([], "gaming", 1, seed=0)
    wild = choose_motif([], "gaming", 10, seed=0)
    assert MOTIFS[calm].energy < MOTIFS[wild].energy


def test_more_matching_elements_win() -> None:
    assert choose_motif(["neon", "explosion", "fire"], "music", 5, seed=0) == "fire_burst"


def test_unknown_category_falls_back_to_all_motifs() -> None:
    assert choose_motif([], "knitting", 10, seed=0) in MOTIFS


def test_seed_breaks_ties_deterministically() -> None:
    motifs = {
        n: MotifInfo(name=n, description="x.", keywords=["k"], default_palette=["#000000"], energy=5,
                     categories=["vlog"])
        for n in ("a", "b", "c")
    }
    picks = [choose_from(motifs, [], "vlog", 5, seed) for seed in range(30)]
    assert set(picks) == {"a", "b", "c"}
    assert picks == [choose_from(motifs, [], "vlog", 5, seed) for seed in range(30)]


def test_always_returns_a_paintable_motif() -> None:
    for category in ("gaming", "food", "beauty", "news", "education"):
        for energy in (1, 5, 10):
            assert choose_motif(["something unrelated"], category, energy, seed=energy) in MOTIFS


@pytest.mark.parametrize(("word", "expected"), [("explosions", "explosion"), ("candies", "candy"),
                                                 ("glass", "glass"), ("bus", "bus"), ("lights", "light")])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_bad_arguments() -> None:
    with pytest.raises(InvalidInput):
        choose_motif([], "vlog", "loud", seed=0)
    with pytest.raises(InvalidInput):
        choose_motif([], "vlog", 5, seed=-3)
