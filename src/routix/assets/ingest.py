"""Turn uploaded bytes into a clean, content-addressed image (no database, no storage).

The decision is made from the bytes alone: the file name and the client's Content-Type are
ignored. Steps of :func:`clean_image`:

1. size: more than ``max_bytes`` -> PayloadTooLarge (413); empty -> InvalidImage (422);
2. sniff: Pillow opens the header with only the JPEG, PNG and WebP decoders; anything else
   (text, PDF, GIF, HEIC, SVG ...) -> UnsupportedMediaType (415) naming what it looks like;
3. pixels from the header: more than ``max_pixels`` -> PayloadTooLarge, code ``too_many_pixels``
   (413), before any pixel is decoded;
4. decode with :func:`routix.vision.load_image` (refuses truncated, CMYK, 16-bit and animated
   images with InvalidImage, 422; converts to sRGB RGB/RGBA; applies EXIF orientation);
5. re-encode, which drops ALL metadata (EXIF incl. GPS, XMP, ICC, comments): JPEG -> JPEG
   quality 95, PNG -> PNG (alpha kept), WebP -> WebP quality 95 (alpha kept);
6. content address: SHA-256 of the cleaned bytes; storage key ``uploads/<sha256>.<ext>``.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from routix.errors import InvalidImage, PayloadTooLarge, UnsupportedMediaType
from routix.vision import load_image

#: Accepted formats: Pillow format name -> (extension, MIME type, save arguments).
FORMATS: dict[str, tuple[str, str, dict]] = {
    "JPEG": ("jpg", "image/jpeg", {"format": "JPEG", "quality": 95, "subsampling": 0}),
    "PNG": ("png", "image/png", {"format": "PNG", "compress_level": 6}),
    "WEBP": ("webp", "image/webp", {"format": "WEBP", "quality": 95, "method": 4, "exact": True}),
}
_ALIASES = {"MPO": "JPEG"}  # camera JPEGs with extra pictures: the main one is kept
_LOOKS_LIKE = (
    (b"GIF8", "a GIF image"), (b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"), (b"8BPS", "a Photoshop document"), (b"\x00\x00\x01\x00", "an icon file"),
    (b"PK\x03\x04", "a ZIP archive"),
)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded upload: ``data`` (bytes), its ``sha256`` (hex), ``format`` (JPEG|PNG|WEBP),
    ``ext``, ``mime_type`` and size in px."""

    data: bytes
    sha256: str
    format: str
    ext: str
    mime_type: str
    width: int
    height: int

    @property
    def storage_key(self) -> str:
        return f"uploads/{self.sha256}.{self.ext}"


def describe(data: bytes) -> str:
    """What bytes that are not JPEG/PNG/WebP look like, for the 415 message."""
    head = data[:64]
    for magic, name in _LOOKS_LIKE:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "a HEIC/AVIF/MP4 file"
    if b"<svg" in data[:1024].lower():
        return "an SVG drawing"
    try:
        data[:4096].decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "not an image"


def sniff(data: bytes, max_pixels: int) -> tuple[str, int, int]:
    """``(format, width, height)`` read from the header of ``data``.

    Raises UnsupportedMediaType (415) unless it is JPEG, PNG or WebP; PayloadTooLarge (413,
    code ``too_many_pixels``) when width x height exceeds ``max_pixels``; InvalidImage (422)
    when the header is corrupt.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=("JPEG", "PNG", "WEBP")) as im:
                found = im.format or "unknown"
                fmt, (width, height) = _ALIASES.get(found, found), im.size
    except Image.DecompressionBombError as exc:
        raise PayloadTooLarge(
            f"The image has far too many pixels ({exc}); the limit is {max_pixels / 1e6:.0f} MP.",
            code="too_many_pixels",
        ) from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedMediaType(
            f"The uploaded file is {describe(data)}; upload a JPEG, PNG or WebP image.", code="unsupported_image_type"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidImage(f"The uploaded image is corrupt and cannot be read ({exc}).") from exc
    if fmt not in FORMATS:
        raise UnsupportedMediaType(f"{fmt} images are not accepted; upload a JPEG, PNG or WebP image.",
                                   code="unsupported_image_type")
    if width * height > max_pixels:
        raise PayloadTooLarge(
            f"The image is {width}x{height} px ({width * height / 1e6:.1f} MP); the limit is "
            f"{max_pixels / 1e6:.0f} MP.", code="too_many_pixels",
        )
    return fmt, width, height


def clean_image(data: bytes, *, max_bytes: int, max_pixels: int) -> CleanImage:
    """Validate, orient and re-encode an upload (see the module docstring for every rule)."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB.")
    if not data:
        raise InvalidImage("The uploaded file is empty (0 bytes).")
    fmt, _, _ = sniff(data, max_pixels)
    image = load_image(data, max_pixels=max_pixels, max_bytes=max_bytes)
    ext, mime_type, save_args = FORMATS[fmt]
    buffer = io.BytesIO()
    image.save(buffer, **save_args)
    cleaned = buffer.getvalue()
    return CleanImage(cleaned, hashlib.sha256(cleaned).hexdigest(), fmt, ext, mime_type, image.width, image.height)
