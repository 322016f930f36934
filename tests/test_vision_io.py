"""load_image: clean images in, one clear InvalidImage line for every bad input."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from routix.errors import InvalidImage
from routix.vision import load_image

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "routix" / "samples" / "grace_hopper.jpg"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bilevel_png(path: Path, width: int, height: int) -> None:
    """A valid all-black 1-bit PNG of any size, written row by row (never held in memory)."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunks = _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)


def _grace() -> Image.Image:
    return Image.open(SAMPLE).convert("RGB")


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(np.asarray(a, np.int16) - np.asarray(b, np.int16)).mean())


# ----------------------------------------------------------------------------- good input


def test_jpeg_path_and_bytes_give_the_same_rgb_image():
    from_path = load_image(SAMPLE)
    from_bytes = load_image(SAMPLE.read_bytes())
    assert from_path.mode == "RGB" and from_path.size == (512, 600)
    assert np.array_equal(np.asarray(from_path), np.asarray(from_bytes))


def test_exif_orientation_is_applied_and_exif_dropped(tmp_path):
    upright = _grace()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6 = rotate 90 CW to display
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "rotated.jpg"
    stored.save(path, quality=95, exif=exif)
    loaded = load_image(path)
    assert loaded.size == upright.size
    assert _mean_diff(loaded, upright) < 6
    assert not loaded.info and not loaded.getexif()


def test_cmyk_jpeg_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "cmyk.jpg"
    _grace().convert("CMYK").save(path, quality=95)
    assert Image.open(path).mode == "CMYK"
    with pytest.raises(InvalidImage, match="CMYK .*export it as an RGB"):
        load_image(path)


@pytest.mark.parametrize("dtype", [np.uint16, np.int32, np.float32])
def test_more_than_8_bits_per_channel_is_refused(tmp_path, dtype):
    ramp = np.tile(np.linspace(0, 65535, 256).astype(dtype), (32, 1))
    path = tmp_path / "deep.tif"
    Image.fromarray(ramp).save(path)
    assert Image.open(path).mode in ("I;16", "I", "F")
    with pytest.raises(InvalidImage, match="more than 8 bits per channel"):
        load_image(path)


def test_palette_with_transparency_becomes_rgba(tmp_path):
    im = Image.new("P", (40, 30), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (10, 10, 30, 20))
    path = tmp_path / "logo.png"
    im.save(path, transparency=0)
    loaded = load_image(path)
    assert loaded.mode == "RGBA"
    assert loaded.getpixel((0, 0))[3] == 0
    assert loaded.getpixel((15, 15)) == (0, 0, 255, 255)


def test_grey_alpha_becomes_rgba_and_opaque_alpha_is_dropped(tmp_path):
    la = Image.new("LA", (20, 20), (200, 0))
    la.paste((50, 255), (5, 5, 15, 15))
    la_path = tmp_path / "la.png"
    la.save(la_path)
    loaded = load_image(la_path)
    assert loaded.mode == "RGBA" and loaded.getpixel((10, 10)) == (50, 50, 50, 255)

    opaque_path = tmp_path / "opaque.png"
    _grace().convert("RGBA").save(opaque_path)
    assert load_image(opaque_path).mode == "RGB"


# ----------------------------------------------------------------------------- bad input


def _rejects(source, match: str, **kwargs) -> str:
    with pytest.raises(InvalidImage, match=match) as info:
        load_image(source, **kwargs)
    message = str(info.value)
    assert "\n" not in message and info.value.code == "invalid_image"
    return message


def test_missing_file(tmp_path):
    _rejects(tmp_path / "nope.jpg", "does not exist")


def test_directory_is_not_a_file(tmp_path):
    _rejects(tmp_path, "not a file")


def test_text_file(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("hello, this is not a picture\n")
    _rejects(path, "text file, not an image")


def test_pdf(tmp_path):
    path = tmp_path / "doc.png"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    _rejects(path, "PDF document")


def test_empty_bytes():
    _rejects(b"", "empty")


def test_truncated_jpeg(tmp_path):
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    _rejects(path, "truncated or corrupt")


def test_corrupt_png(tmp_path):
    buf = io.BytesIO()
    _grace().save(buf, "PNG")
    data = bytearray(buf.getvalue())
    start = data.index(b"IDAT") + 4
    data[start + 100 : start + 400] = bytes(300)  # garbage inside the compressed stream
    _rejects(bytes(data), "corrupt")


def test_pixel_bomb_is_rejected_from_the_header(tmp_path):
    path = tmp_path / "bomb.png"
    _bilevel_png(path, 20_000, 20_000)  # 400 MP, 50 MB raw, ~50 KB on disk
    assert path.stat().st_size < 2**20
    _rejects(path, "too many pixels")


def test_image_over_max_pixels(tmp_path):
    path = tmp_path / "big.png"
    _bilevel_png(path, 7_000, 7_000)  # 49 MP: under Pillow's own limit, over ours
    message = _rejects(path, "7000x7000")
    assert "limit is 40 MP" in message


def test_too_many_bytes(tmp_path):
    _rejects(SAMPLE, "limit is", max_bytes=10_000)
    _rejects(SAMPLE.read_bytes(), "limit is", max_bytes=10_000)


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_animated_images_are_rejected(tmp_path, fmt):
    frames = [Image.new("RGB", (32, 32), c) for c in ("red", "blue", "green")]
    path = tmp_path / f"anim.{fmt.lower()}"
    frames[0].save(path, format=fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    message = _rejects(path, "animated")
    assert "3 frames" in message


def test_unreadable_format_is_named(tmp_path):
    path = tmp_path / "photo.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64))
    _rejects(path, "HEIC")
