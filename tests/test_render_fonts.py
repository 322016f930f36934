import pytest
from PIL import ImageFont

from routix.errors import InvalidInput
from routix.render.fonts import FONT_DIR, FONTS, get_font


@pytest.mark.parametrize("font_id", sorted(FONTS))
def test_every_bundled_font_loads_and_draws(font_id):
    font = get_font(font_id, 64)
    assert isinstance(font, ImageFont.FreeTypeFont)
    assert font.size == 64
    left, top, right, bottom = font.getbbox("HELLO", anchor="ls")
    assert right - left > 64 and top < -30  # wider than one em, caps rise above the baseline


def test_registry_files_and_licences_exist():
    for name in FONTS.values():
        assert (FONT_DIR / name).is_file()
    licences = list((FONT_DIR / "licenses").glob("*-OFL.txt"))
    assert len(licences) >= 5
    readme = (FONT_DIR / "README.md").read_text()
    for font_id in FONTS:
        assert f"`{font_id}`" in readme


def test_get_font_is_cached():
    assert get_font("anton", 100) is get_font("anton", 100)
    assert get_font("anton", 100) is not get_font("anton", 101)


def test_unknown_font_is_invalid_input():
    with pytest.raises(InvalidInput, match="unknown font 'comic-sans'"):
        get_font("comic-sans", 40)


def test_size_below_one_px_is_invalid_input():
    with pytest.raises(InvalidInput):
        get_font("anton", 0)
