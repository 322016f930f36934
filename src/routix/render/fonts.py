"""Bundled display fonts (SIL OFL 1.1, see ``fonts/README.md``), registered fonts and a
cached loader.

Font ids are the values a :class:`routix.design.TextLayer` names in its ``font`` field: a
bundled id (:data:`FONTS`) or the id of a font registered in this process with
:func:`register_font` or found by a source added with :func:`add_font_source` (a brand kit's
uploaded font, ``brand-<sha256>``, found in the blob store).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from routix.errors import InvalidInput

FONT_DIR = Path(__file__).parent / "fonts"

#: font id -> file name inside :data:`FONT_DIR`.
FONTS: dict[str, str] = {
    "anton": "Anton-Regular.woff2",
    "bebas": "BebasNeue-Regular.woff2",
    "oswald": "Oswald-Bold.woff2",
    "montserrat": "Montserrat-ExtraBold.woff2",
    "montserrat-black": "Montserrat-Black.woff2",
    "montserrat-semibold": "Montserrat-SemiBold.woff2",
    "bangers": "Bangers-Regular.woff2",
}


#: font id -> bytes of a font registered in this process (a brand kit's uploaded font).
_REGISTERED: dict[str, bytes] = {}
#: ``source(font_id) -> bytes | None``: where a font that is neither bundled nor registered is
#: looked up (the service adds its blob store's uploaded fonts); newest first, at most 8.
FontSource = Callable[[str], "bytes | None"]
_SOURCES: list[FontSource] = []


def add_font_source(source: FontSource) -> None:
    """Let :func:`get_font` ask ``source`` for the bytes of a font id it does not know (None:
    not there; an exception counts as not there). The latest source is asked first."""
    _SOURCES.insert(0, source)
    del _SOURCES[8:]


def _from_sources(font_id: str) -> bytes | None:
    for source in list(_SOURCES):
        try:
            data = source(font_id)
        except Exception:  # noqa: BLE001 - a store that cannot answer is a store without the font
            continue
        if data:
            register_font(font_id, data)
            return data
    return None


def register_font(font_id: str, data: bytes) -> None:
    """Make ``data`` (a TTF/OTF/WOFF/WOFF2 file already validated by its owner) available as
    ``font_id``. ValueError for a bundled id; registering the same id again replaces it."""
    if font_id in FONTS:
        raise ValueError(f"{font_id!r} is a bundled font")
    if _REGISTERED.get(font_id) != data:
        _REGISTERED[font_id] = data
        get_font.cache_clear()


def is_known_font(font_id: str) -> bool:
    """True for a bundled or registered font id."""
    return font_id in FONTS or font_id in _REGISTERED


def font_path(font_id: str) -> Path:
    """Path of the bundled file for ``font_id``; raises :class:`InvalidInput` for an unknown id."""
    try:
        return FONT_DIR / FONTS[font_id]
    except KeyError:
        known = ", ".join(sorted(FONTS))
        raise InvalidInput(f"unknown font {font_id!r}; known fonts: {known}") from None


@lru_cache(maxsize=256)
def get_font(font_id: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The font ``font_id`` at ``size_px`` (em size in px, >= 1), cached.

    Raises :class:`InvalidInput` for an unknown id or a size below 1 px.
    """
    if size_px < 1:
        raise InvalidInput(f"font size must be >= 1 px, got {size_px}")
    registered = _REGISTERED.get(font_id)
    if registered is None and font_id not in FONTS:
        registered = _from_sources(font_id)
    if registered is not None:
        return ImageFont.truetype(io.BytesIO(registered), size_px)
    return ImageFont.truetype(str(font_path(font_id)), size_px)
