"""Load an uploaded or local image safely into a clean 8-bit RGB/RGBA Pillow image.

Every rejection raises :class:`routix.errors.InvalidImage` with one human sentence that
names the problem, so the CLI can print it and the API can answer 422.

Choices:

* CMYK (print) images and images with more than 8 bits per channel (``I;16``, ``I``, ``F``)
  are rejected with a hint to export an 8-bit sRGB JPEG/PNG: the product spec lists them as
  bad input, and a silent conversion can shift colours the creator chose.
* YCbCr, LAB, palette, ``1``, ``L`` and ``LA`` images are converted to 8-bit RGB(A). Images
  with an embedded ICC profile (e.g. Display P3 phone photos) are converted to sRGB through
  that profile (LittleCMS via ``PIL.ImageCms``); a broken profile falls back to Pillow's
  plain conversion. A mode that cannot be converted raises InvalidImage.
* Animated or multi-frame images (GIF, APNG, WebP, multi-page TIFF) are rejected: picking a
  frame silently would surprise the user.
* Pixel bombs are rejected from the header size before any pixel is decoded.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from routix.errors import InvalidImage

DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_BYTES = 50 * 2**20

#: Formats Routix reads; anything else (EPS, PSD, ICO ...) is refused even if Pillow knows it.
#: (JPEG includes MPO: camera JPEGs with extra preview/depth pictures; the main one is used.)
READABLE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")

_SRGB = ImageCms.createProfile("sRGB")
#: Pillow modes with more than 8 bits per channel.
WIDE_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


def load_image(
    source: str | Path | bytes,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Image.Image:
    """Read ``source`` (a file path or the file's bytes) into an upright 8-bit image.

    Returns a fully decoded ``PIL.Image.Image`` in mode ``RGB``, or ``RGBA`` only when the
    source has real transparency (some alpha below 255). EXIF orientation is applied
    (``ImageOps.exif_transpose``) and all metadata (EXIF, ICC, XMP) is dropped; colours are
    sRGB.

    ``max_pixels`` bounds width x height (px, checked from the header before decoding);
    ``max_bytes`` bounds the encoded size in bytes.

    Raises InvalidImage (one sentence) for: a missing or unreadable file, too many bytes, a
    file that is not an image (text, PDF, HEIC ...), a pixel bomb, an animated/multi-frame
    image, a truncated or corrupt file, and a pixel format that cannot be converted.
    """
    name, data = _read_source(source, max_bytes)
    im = _open(name, data, max_pixels)
    try:
        im.load()
    except Image.DecompressionBombError as exc:
        raise InvalidImage(f"{_capital(name)} is too large to decode safely ({exc}).") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise InvalidImage(f"{_capital(name)} is truncated or corrupt and cannot be decoded ({exc}).") from exc
    im = ImageOps.exif_transpose(im)
    out = _to_8bit(im, name)
    out.info = {}
    return out


def _read_source(source: str | Path | bytes, max_bytes: int) -> tuple[str, bytes]:
    """Return (a name for messages, the encoded bytes), enforcing ``max_bytes``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = "the uploaded image"
    else:
        path = Path(source)
        name = f"'{path}'"
        if not path.exists():
            raise InvalidImage(f"Image file {name} does not exist.")
        if not path.is_file():
            raise InvalidImage(f"{_capital(name)} is not a file.")
        size = path.stat().st_size
        if size > max_bytes:
            raise InvalidImage(f"{_capital(name)} is {_mb(size)}; the limit is {_mb(max_bytes)}.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidImage(f"{_capital(name)} cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > max_bytes:
        raise InvalidImage(f"{_capital(name)} is {_mb(len(data))}; the limit is {_mb(max_bytes)}.")
    if not data:
        raise InvalidImage(f"{_capital(name)} is empty (0 bytes).")
    return name, data


def _open(name: str, data: bytes, max_pixels: int) -> Image.Image:
    """Open lazily (header only) and check format, pixel count and frame count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=READABLE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:.0f} MP" if found else "too many pixels"
        raise InvalidImage(
            f"{_capital(name)} has too many pixels to decode safely ({size}; the limit is {max_pixels / 1e6:.0f} MP)."
        ) from exc
    except UnidentifiedImageError as exc:
        raise InvalidImage(f"{_capital(name)} is {_not_an_image(data)}.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidImage(f"{_capital(name)} is corrupt and cannot be read ({exc}).") from exc
    width, height = im.size
    if width * height > max_pixels:
        raise InvalidImage(
            f"{_capital(name)} is {width}x{height} px ({width * height / 1e6:.0f} MP); "
            f"the limit is {max_pixels / 1e6:.0f} MP."
        )
    if width < 1 or height < 1:
        raise InvalidImage(f"{_capital(name)} has no pixels ({width}x{height}).")
    try:
        frames = getattr(im, "n_frames", 1)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidImage(f"{_capital(name)} is truncated or corrupt ({exc}).") from exc
    if frames > 1 and im.format != "MPO":
        raise InvalidImage(
            f"{_capital(name)} is animated or has {frames} frames/pages; upload a single still image."
        )
    return im


def _not_an_image(data: bytes) -> str:
    """Name what the bytes look like, for the 'not an image' message."""
    head = data[:64]
    if head.startswith(b"%PDF"):
        return "a PDF document, not an image"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return "a HEIC/HEIF photo, which Routix cannot read; export it as JPEG or PNG"
    if head[4:12] == b"ftypavif":
        return "an AVIF image, which Routix cannot read; export it as JPEG or PNG"
    if b"<svg" in data[:1024].lower():
        return "an SVG drawing, which Routix cannot read; export it as PNG"
    try:
        data[:4096].decode("utf-8")
        return "a text file, not an image"
    except UnicodeDecodeError:
        return f"not an image Routix can read (expected {', '.join(READABLE_FORMATS)})"


def _to_8bit(im: Image.Image, name: str) -> Image.Image:
    """Convert any decoded mode to sRGB ``RGB``, or ``RGBA`` when alpha is really used."""
    icc = im.info.get("icc_profile")
    mode = im.mode
    if mode == "CMYK":
        raise InvalidImage(f"{_capital(name)} is a CMYK (print) image; export it as an RGB JPEG or PNG and try again.")
    if mode in WIDE_MODES:
        raise InvalidImage(
            f"{_capital(name)} has more than 8 bits per channel ({mode}); export it as an 8-bit JPEG or PNG."
        )
    try:
        if mode == "P":
            im = im.convert("RGBA" if "transparency" in im.info else "RGB")
        elif mode in ("LA", "La", "PA", "RGBa"):
            im = im.convert("RGBA")
        if im.mode not in ("RGB", "RGBA"):
            im = _convert_colour(im, icc) if icc and im.mode == "L" else im.convert("RGB")
        elif icc:
            im = _convert_colour(im, icc)
    except (OSError, ValueError) as exc:
        raise InvalidImage(f"{_capital(name)} uses pixel format {mode}, which cannot be converted to RGB.") from exc
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")
    return im if im.mode in ("RGB", "RGBA") else im.convert("RGB")


def _convert_colour(im: Image.Image, icc: bytes) -> Image.Image:
    """Convert through the embedded ICC profile to sRGB; keep alpha; plain convert if the profile is bad."""
    alpha = im.getchannel("A") if im.mode == "RGBA" else None
    base = im.convert("RGB") if alpha is not None else im
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        rgb = ImageCms.profileToProfile(base, src, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        rgb = base.convert("RGB")
    if rgb is None:  # profileToProfile returns None only with inPlace=True
        rgb = base.convert("RGB")
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _capital(name: str) -> str:
    return name[0].upper() + name[1:]


def downscaled_rgb(image: Image.Image, max_side: int) -> tuple[np.ndarray, float]:
    """RGB uint8 array (H, W, 3) of ``image`` with its long side at most ``max_side`` px, and
    the factor (>= 1) that maps its px back to ``image`` px. Used to feed the vision models."""
    small = image
    if max(image.size) > max_side:
        factor = max(image.size) / max_side
        size = (max(1, round(image.width / factor)), max(1, round(image.height / factor)))
        small = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    rgb = np.asarray(small if small.mode == "RGB" else small.convert("RGB"))
    return rgb, image.width / small.width
