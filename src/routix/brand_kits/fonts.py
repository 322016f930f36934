"""Uploaded fonts: validated in a sandboxed child process, stored content-addressed.

An accepted font is stored at ``brand-fonts/<sha256>`` and drawn under the font id
``brand-<sha256>`` (what a design's title layer names), so any process can find the bytes of a
font a design names (:func:`register_design_fonts`).

:func:`check_font` accepts a TTF, OTF, WOFF or WOFF2 file of at most :data:`MAX_FONT_BYTES`
and refuses (InvalidInput 422 ``invalid_font``; PayloadTooLarge 413 when too big) anything
else: a font collection, a file whose tables do not all parse (fontTools), one without
outlines, one that does not map every basic Latin letter and digit (A-Z, a-z, 0-9) to a
glyph, or one the renderer (FreeType, through Pillow) cannot draw "Ag" with.

The parsing runs in a child Python process (``python -m routix.brand_kits.fonts``) with a
memory cap (:data:`CHILD_MEMORY_BYTES`), a CPU-time cap and a wall-clock timeout, so a
hostile file that crashes or hangs a parser takes down only the child. The child sets its own
caps before it reads the file: a ``preexec_fn`` would run Python between fork and exec in a
multi-threaded server, where a lock held by another thread at fork time (the import lock, say)
can hang the child, and the request with it.
"""

from __future__ import annotations

import hashlib
import io
import json
import string
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from routix.design.models import Design
from routix.errors import InvalidInput, PayloadTooLarge
from routix.render.fonts import is_known_font, register_font

#: Largest font file accepted, bytes.
MAX_FONT_BYTES = 4 * 1024 * 1024
#: The child's address-space cap, bytes, and its CPU and wall-clock limits, seconds.
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
CHILD_CPU_SECONDS = 15
CHILD_TIMEOUT_SECONDS = 30
#: Characters every accepted font maps to a glyph.
BASIC_LATIN = string.ascii_letters + string.digits
#: Leading bytes -> (format, file extension, media type).
FORMATS = {
    b"\x00\x01\x00\x00": ("ttf", "ttf", "font/ttf"),
    b"true": ("ttf", "ttf", "font/ttf"),
    b"OTTO": ("otf", "otf", "font/otf"),
    b"wOFF": ("woff", "woff", "font/woff"),
    b"wOF2": ("woff2", "woff2", "font/woff2"),
}


@dataclass(frozen=True)
class CheckedFont:
    """An accepted font: its bytes, ``sha256`` (hex), ``ext``, ``media_type``, ``family``
    name and the blob ``storage_key`` ``brand-fonts/<sha256>``."""

    data: bytes
    sha256: str
    ext: str
    media_type: str
    family: str

    @property
    def storage_key(self) -> str:
        return font_key_for(self.sha256)


FONT_ID_PREFIX = "brand-"


def font_id_for(sha256: str) -> str:
    """The render font id of an uploaded font with content hash ``sha256``."""
    return f"{FONT_ID_PREFIX}{sha256}"


def font_key_for(sha256: str) -> str:
    """The blob key of an uploaded font with content hash ``sha256``."""
    return f"brand-fonts/{sha256}"


def blob_font_source(blobs: Any) -> Callable[[str], bytes | None]:
    """A font source for ``routix.render.fonts.add_font_source``: the bytes of an uploaded font
    ``brand-<sha256>`` from ``blobs``, None for any other id or a font not in the store."""

    def source(font_id: str) -> bytes | None:
        digest = font_id.removeprefix(FONT_ID_PREFIX)
        if font_id == digest or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            return None
        key = font_key_for(digest)
        return blobs.get(key) if blobs.exists(key) else None

    return source


def register_design_fonts(blobs: Any, design: Design) -> None:
    """Register with the renderer every uploaded font ``design``'s text layers name, read from
    ``blobs``; a font missing from the store is left out (rendering it then fails with
    InvalidInput ``unknown font``)."""
    source = blob_font_source(blobs)
    for layer in design.layers:
        font = getattr(layer, "font", None)
        if isinstance(font, str) and not is_known_font(font):
            data = source(font)
            if data:
                register_font(font, data)


def check_font(data: bytes) -> CheckedFont:
    """Validate ``data`` (see the module docstring) in a sandboxed child; the accepted font."""
    if len(data) > MAX_FONT_BYTES:
        raise PayloadTooLarge(f"a font may be at most {MAX_FONT_BYTES // (1024 * 1024)} MB")
    kind = FORMATS.get(data[:4])
    if kind is None:
        raise InvalidInput("not a TTF, OTF, WOFF or WOFF2 font file", code="invalid_font")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "routix.brand_kits.fonts"], input=data, capture_output=True,
            timeout=CHILD_TIMEOUT_SECONDS, check=False,
        )
    except subprocess.TimeoutExpired:
        raise InvalidInput("the font took too long to read", code="invalid_font") from None
    try:
        verdict = json.loads(done.stdout.decode() or "{}")
    except ValueError:
        verdict = {}
    if done.returncode != 0 or not verdict.get("ok"):
        raise InvalidInput(str(verdict.get("error") or "the file could not be read as a font"), code="invalid_font")
    return CheckedFont(data=data, sha256=hashlib.sha256(data).hexdigest(), ext=kind[1], media_type=kind[2],
                       family=str(verdict.get("family") or "")[:100])


def _limit_self() -> None:  # pragma: no cover - runs in the child, before it reads the file
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))


def inspect(data: bytes) -> dict[str, object]:
    """The child's work: ``{"ok": True, "family": name}`` or ``{"ok": False, "error": why}``."""
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]
    from PIL import ImageFont

    try:
        font = TTFont(io.BytesIO(data), lazy=False, recalcBBoxes=False)
        for tag in list(font.keys()):  # every table decompiled: a broken one fails here
            font[tag]
    except ImportError:
        return {"ok": False, "error": "WOFF2 support (brotli) is not installed on this server"}
    except (TTLibError, Exception) as exc:  # noqa: BLE001 - a hostile file may raise anything
        return {"ok": False, "error": f"the file is not a valid font ({type(exc).__name__})"}
    if not any(tag in font for tag in ("glyf", "CFF ", "CFF2")):
        return {"ok": False, "error": "the font has no glyph outlines"}
    cmap = font.getBestCmap() or {}
    glyphs = set(font.getGlyphOrder())
    missing = [c for c in BASIC_LATIN if cmap.get(ord(c)) not in glyphs]
    if missing:
        return {"ok": False, "error": f"no glyphs for basic Latin ({''.join(missing[:10])} ...)"}
    try:
        drawn = ImageFont.truetype(io.BytesIO(data), 48).getbbox("Ag")
    except OSError as exc:
        return {"ok": False, "error": f"the renderer cannot load it ({exc})"}
    if drawn[2] <= drawn[0] or drawn[3] <= drawn[1]:
        return {"ok": False, "error": "the font draws nothing for basic Latin"}
    name = font["name"].getDebugName(1) if "name" in font else None
    return {"ok": True, "family": name or ""}


if __name__ == "__main__":  # the sandboxed child: font bytes on stdin, a JSON verdict on stdout
    _limit_self()
    sys.stdout.write(json.dumps(inspect(sys.stdin.buffer.read(MAX_FONT_BYTES + 1))))
