"""The file name shown for an upload: a sanitised basename, never used as a storage path.

Rules of :func:`display_name`: Unicode NFC; only the last path part survives (``/`` and ``\\``
both separate, a ``C:`` drive is dropped); control, format (e.g. right-to-left override) and
line/paragraph separator characters are removed; surrounding spaces and leading dots are
stripped; the extension is set to the one of the real (sniffed) type; at most 255 characters;
``upload.<ext>`` when nothing is left.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 255
_DRIVE = re.compile(r"^[A-Za-z]:")
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
#: Extensions that already name the sniffed type correctly.
_SAME_TYPE = {"jpg": {"jpg", "jpeg", "jpe", "jfif"}, "png": {"png"}, "webp": {"webp"}}
#: Extensions replaced by the real one when they do not match it.
_IMAGE_EXTENSIONS = {"jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif",
                     "avif", "jxl"}


def display_name(raw: str | None, ext: str) -> str:
    """A safe display name for an upload whose real type has extension ``ext`` (``jpg``,
    ``png`` or ``webp``). ``"../../etc/passwd.jpg"`` -> ``"passwd.jpg"``,
    ``"C:\\x\\y.png"`` -> ``"y.png"``, ``"shot.png"`` holding a JPEG -> ``"shot.jpg"``."""
    name = unicodedata.normalize("NFC", raw or "")
    name = "".join(c for c in name if unicodedata.category(c) not in _REMOVED_CATEGORIES)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _DRIVE.sub("", name).strip().lstrip(".").strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot or suffix.lower() not in _IMAGE_EXTENSIONS:
        stem = name  # no image extension: keep the whole name and append the real one
    suffix = suffix if dot and suffix.lower() in _SAME_TYPE.get(ext, {ext}) else ext
    stem = stem.rstrip(". ")
    if not stem:
        return f"upload.{ext}"
    return f"{stem[: MAX_NAME_LENGTH - len(suffix) - 1]}.{suffix}"
