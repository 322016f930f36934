"""The optional zip of images of a sheet upload: file names in the sheet's ``face`` / ``logo``
columns -> the user's assets.

Only the members a row names are read. The archive goes through ``routix.library.zipsafe``
(zip slip, zip bombs, encrypted members, too many files), each image through the asset ingest
(``routix.assets.service.create_asset``: JPEG/PNG/WebP only, pixel bombs, corrupt files). A
refused member or a name the zip lacks becomes the error of the rows that name it; the other
rows are not affected. Names are matched by their base name, case-insensitively.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from routix.assets.service import create_asset
from routix.errors import InvalidInput
from routix.library.zipsafe import ZipLimits, zip_members
from routix.store.models import User

#: Caps of the images zip.
LIMITS = ZipLimits(max_files=2000, max_file_bytes=20 * 1024 * 1024, max_total_bytes=500 * 1024 * 1024, max_ratio=100.0)


def base_name(name: str) -> str:
    """``photos/Ep 1.JPG`` -> ``ep 1.jpg`` (how sheet cells and zip members are matched)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()


def ingest_images(session: Session, services: Any, user: User, data: bytes | None,
                  wanted: set[str]) -> dict[str, str | tuple[str]]:
    """For each wanted base name: the new asset's id (str), or ``(error,)`` when the zip lacks
    it or refused it. ``data`` None: every wanted name is an error. Raises InvalidInput
    (``invalid_zip``) or PayloadTooLarge for an archive that cannot be read at all."""
    found: dict[str, str | tuple[str]] = {}
    if data is not None:
        for name, content, error in zip_members(data, LIMITS):
            key = base_name(name)
            if key not in wanted or key in found:
                continue
            if error is not None:
                found[key] = (f"image {key!r} was refused: {error}",)
                continue
            assert content is not None
            try:
                with session.begin_nested():
                    asset = create_asset(session, services, user, content, key, "face")
            except InvalidInput as exc:
                found[key] = (f"image {key!r} was refused: {exc.message}",)
                continue
            found[key] = str(asset.id)
    for key in wanted - set(found):
        found[key] = (f"image {key!r} is not in the zip of images" if data is not None
                      else f"image {key!r} needs a zip of images (or use an asset id)",)
    return found


__all__ = ["LIMITS", "base_name", "ingest_images"]
