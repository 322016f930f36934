"""Helpers for the asset tests: hand-made multipart bodies, EXIF-tagged photos, storage checks."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from PIL import ExifTags, Image
from sqlalchemy import func, select

from routix.store.models import Asset

URL = "/api/v1/assets"


def multipart(parts: list[tuple[str, str | None, bytes]], boundary: str = "rtxBoundary7MA4YWxk") -> tuple[bytes, str]:
    """A raw multipart/form-data body from ``(field name, file name or None, bytes)`` parts,
    with names written verbatim (so tests can send NULs, newlines and paths)."""
    out = io.BytesIO()
    for name, filename, data in parts:
        out.write(f"--{boundary}\r\n".encode())
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out.write(f"Content-Disposition: {disposition}\r\n".encode())
        if filename is not None:
            out.write(b"Content-Type: image/jpeg\r\n")
        out.write(b"\r\n" + data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post_raw(client, account, parts, **kw):
    body, content_type = multipart(parts, **kw)
    return client.post(URL, content=body, headers={**account.headers, "Content-Type": content_type})


def upload(client, account, data: bytes, filename: str = "photo.jpg", asset_type: str | None = "face"):
    fields = {"asset_type": asset_type} if asset_type is not None else {}
    return client.post(URL, files={"file": (filename, data, "image/jpeg")}, data=fields, headers=account.headers)


def exif_photo(size: tuple[int, int] = (60, 40), orientation: int = 6) -> bytes:
    """A JPEG whose stored pixels are red (left half) and blue (right half), tagged with an EXIF
    Orientation, a camera make, GPS coordinates, and an XMP-like comment."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (48.0, 51.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (2.0, 17.0, 40.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif, comment=b"secret comment")
    return out.getvalue()


def png_with_alpha(size: tuple[int, int] = (32, 24)) -> bytes:
    image = Image.new("RGBA", size, (10, 200, 10, 255))
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=None)
    return out.getvalue()


def encoded(size: tuple[int, int], fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 200)).save(out, fmt)
    return out.getvalue()


def stored_rows(services, user_id: str | None = None) -> int:
    with services.db.session() as session:
        query = select(func.count()).select_from(Asset)
        if user_id:
            query = query.where(Asset.user_id == uuid.UUID(user_id))
        return session.scalar(query)


def stored_files(services) -> list[Path]:
    root = Path(services.blobs.root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_nothing_stored(services) -> None:
    assert stored_rows(services) == 0, "a refused upload left a row"
    assert stored_files(services) == [], "a refused upload left a blob"
