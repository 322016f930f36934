"""Procedural background art: contract of ``routix.render.art.paint`` for every motif."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from routix.brief.models import CATEGORIES
from routix.errors import InvalidInput
from routix.render.art import MOTIFS, paint
from routix.render.art.colors import parse_hex

NAMES = sorted(MOTIFS)
SMALL = (320, 180)


def _arr(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.float32)


def test_at_least_ten_motifs_with_valid_metadata() -> None:
    assert len(MOTIFS) >= 10
    for name, info in MOTIFS.items():
        assert info.name == name
        assert info.description.strip().endswith(".") and info.description.count(". ") == 0
        assert info.keywords and all(k == k.lower() for k in info.keywords)
        assert 1 <= len(info.default_palette) <= 8
        for c in info.default_palette:
            parse_hex(c)
        assert 1 <= info.energy <= 10
        assert info.categories and set(info.categories) <= set(CATEGORIES)


def test_every_category_has_a_motif() -> None:
    covered = {c for info in MOTIFS.values() for c in info.categories}
    assert covered == set(CATEGORIES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [(320, 180), (200, 200), (150, 270)])
def test_size_and_mode(name: str, size: tuple[int, int]) -> None:
    img = paint(name, size, MOTIFS[name].default_palette, seed=3)
    assert img.mode == "RGB"
    assert img.size == size


@pytest.mark.parametrize("name", NAMES)
def test_deterministic(name: str) -> None:
    pal = MOTIFS[name].default_palette
    a = paint(name, SMALL, pal, seed=11, intensity=0.6)
    b = paint(name, SMALL, pal, seed=11, intensity=0.6)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("name", NAMES)
def test_seed_changes_the_picture(name: str) -> None:
    pal = MOTIFS[name].default_palette
    a, b = _arr(paint(name, SMALL, pal, seed=1)), _arr(paint(name, SMALL, pal, seed=2))
    assert np.abs(a - b).mean() > 4.0


@pytest.mark.parametrize("name", NAMES)
def test_not_flat_and_not_blown_out(name: str) -> None:
    a = _arr(paint(name, SMALL, MOTIFS[name].default_palette, seed=5))
    assert a.std() > 10.0  # has structure
    assert (a.min(axis=2) >= 250).mean() < 0.2  # mostly not clipped to white
    assert a.mean() > 15.0  # not a black frame


@pytest.mark.parametrize("name", NAMES)
def test_same_composition_at_any_resolution(name: str) -> None:
    """A bigger canvas of the same aspect shows the same picture: downscaled, it is much
    closer to the small render than a render with another seed is."""
    pal = MOTIFS[name].default_palette
    small = _arr(paint(name, SMALL, pal, seed=4))
    big = _arr(paint(name, (960, 540), pal, seed=4).resize(SMALL, Image.LANCZOS))
    other = _arr(paint(name, SMALL, pal, seed=9))
    same_diff = np.abs(small - big).mean()
    assert same_diff < 0.6 * np.abs(small - other).mean()
    assert same_diff < 12.0


@pytest.mark.parametrize("name", NAMES)
def test_first_palette_colour_dominates(name: str) -> None:
    """Swapping the first two palette colours moves the mean colour toward the new first."""
    red, blue = "#E8202A", "#2050F0"
    warm = _arr(paint(name, SMALL, [red, blue, "#101018"], seed=7)).reshape(-1, 3).mean(axis=0)
    cool = _arr(paint(name, SMALL, [blue, red, "#101018"], seed=7)).reshape(-1, 3).mean(axis=0)
    assert warm[0] - warm[2] > cool[0] - cool[2] + 5.0


@pytest.mark.parametrize("name", NAMES)
def test_single_colour_palette_follows_its_hue(name: str) -> None:
    green = _arr(paint(name, SMALL, ["#20D040"], seed=2)).reshape(-1, 3).mean(axis=0)
    magenta = _arr(paint(name, SMALL, ["#D020C0"], seed=2)).reshape(-1, 3).mean(axis=0)
    assert green[1] - (green[0] + green[2]) / 2 > magenta[1] - (magenta[0] + magenta[2]) / 2 + 5.0


@pytest.mark.parametrize("name", ["fire_burst", "bokeh", "confetti"])
def test_intensity_makes_it_busier_or_brighter(name: str) -> None:
    pal = MOTIFS[name].default_palette
    calm = _arr(paint(name, SMALL, pal, seed=1, intensity=0.0))
    busy = _arr(paint(name, SMALL, pal, seed=1, intensity=1.0))
    assert busy.mean() + busy.std() > calm.mean() + calm.std()


def test_unknown_motif_lists_valid_names() -> None:
    with pytest.raises(InvalidInput) as err:
        paint("lava_lamp", SMALL, ["#FF0000"], seed=0)
    for name in NAMES:
        assert name in err.value.message


@pytest.mark.parametrize("palette", [["#GG0000"], ["red"], ["#FFF"], [], ["#FF0000"] * 9, [123], "#FF0000"])
def test_invalid_palette(palette) -> None:
    with pytest.raises(InvalidInput):
        paint("bokeh", SMALL, palette, seed=0)


def test_alpha_hex_is_accepted_and_ignored() -> None:
    a = paint("soft_mesh", SMALL, ["#7B61FF80", "#FF7EB3"], seed=1)
    b = paint("soft_mesh", SMALL, ["#7B61FF", "#FF7EB3"], seed=1)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"size": (0, 100)},
        {"size": (100_000, 100)},
        {"size": "big"},
        {"seed": -1},
        {"seed": 1.5},
        {"intensity": 1.5},
        {"intensity": float("nan")},
    ],
)
def test_invalid_arguments(kwargs) -> None:
    args = {"motif": "sunset", "size": SMALL, "palette": ["#FF7A3D"], "seed": 0, "intensity": 0.5} | kwargs
    with pytest.raises(InvalidInput):
        paint(**args)
