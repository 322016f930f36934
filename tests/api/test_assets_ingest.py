"""routix.assets.ingest and .names: type sniffing, limits, orientation, metadata stripping."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from api.assets_support import encoded, exif_photo, png_with_alpha
from routix.assets.ingest import clean_image
from routix.assets.names import display_name
from routix.errors import InvalidImage, PayloadTooLarge, UnsupportedMediaType

LIMITS = {"max_bytes": 5 * 2**20, "max_pixels": 4_000_000}


def test_exif_orientation_applied_and_every_metadata_block_removed() -> None:
    raw = exif_photo((60, 40), orientation=6)
    assert b"SpyCam" in raw and b"secret comment" in raw
    clean = clean_image(raw, **LIMITS)
    assert (clean.width, clean.height) == (40, 60), "orientation 6 turns a 60x40 capture upright (40x60)"
    image = Image.open(io.BytesIO(clean.data))
    assert image.format == "JPEG" and image.size == (40, 60)
    top, bottom = image.getpixel((20, 5)), image.getpixel((20, 55))
    assert top[0] > 150 and top[2] < 100, "the captured left (red) half is now on top"
    assert bottom[2] > 150 and bottom[0] < 100
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    for marker in (b"Exif", b"SpyCam", b"secret comment", b"GPS"):
        assert marker not in clean.data
    assert clean.sha256 == hashlib.sha256(clean.data).hexdigest()
    assert clean.storage_key == f"uploads/{clean.sha256}.jpg" and clean.mime_type == "image/jpeg"


def test_real_photo_is_deterministic(photo_path) -> None:
    first = clean_image(photo_path.read_bytes(), **LIMITS)
    second = clean_image(photo_path.read_bytes(), **LIMITS)
    assert first.sha256 == second.sha256 and (first.width, first.height) == (512, 600)


def test_png_keeps_alpha_and_webp_stays_webp() -> None:
    clean = clean_image(png_with_alpha(), **LIMITS)
    image = Image.open(io.BytesIO(clean.data))
    assert clean.ext == "png" and image.mode == "RGBA"
    assert image.getpixel((2, 2))[3] == 0 and image.getpixel((30, 2))[3] == 255
    webp = clean_image(encoded((50, 30), "WEBP"), **LIMITS)
    assert (webp.format, webp.ext, webp.mime_type) == ("WEBP", "webp", "image/webp")
    assert Image.open(io.BytesIO(webp.data)).format == "WEBP"


@pytest.mark.parametrize("kind, error, code", [
    ("not_an_image", UnsupportedMediaType, "unsupported_image_type"),
    ("animated_gif", UnsupportedMediaType, "unsupported_image_type"),
    ("pixel_bomb", PayloadTooLarge, "too_many_pixels"),
    ("truncated", InvalidImage, "invalid_image"),
    ("cmyk", InvalidImage, "invalid_image"),
    ("16bit", InvalidImage, "invalid_image"),
])
def test_bad_images_are_refused(bad_images, kind: str, error: type, code: str) -> None:
    with pytest.raises(error) as info:
        clean_image(bad_images[kind].read_bytes(), **LIMITS)
    assert info.value.code == code
    assert info.value.message.endswith(".")


def test_type_is_decided_by_bytes_and_named_in_the_message() -> None:
    with pytest.raises(UnsupportedMediaType, match="a text file"):
        clean_image(b"hello, I am not a JPEG\n", **LIMITS)
    with pytest.raises(UnsupportedMediaType, match="PDF"):
        clean_image(b"%PDF-1.7\n...", **LIMITS)
    with pytest.raises(UnsupportedMediaType, match="BMP"):
        clean_image(encoded((8, 8), "BMP"), **LIMITS)


def test_limits() -> None:
    with pytest.raises(PayloadTooLarge) as info:
        clean_image(encoded((100, 100)), max_bytes=100, max_pixels=10**6)
    assert info.value.status == 413
    with pytest.raises(PayloadTooLarge, match=r"2100x1000 px \(2\.1 MP\); the limit is 2 MP") as info:
        clean_image(encoded((2100, 1000)), max_bytes=2**20, max_pixels=2_000_000)
    assert info.value.code == "too_many_pixels"
    with pytest.raises(InvalidImage, match="empty"):
        clean_image(b"", **LIMITS)


@pytest.mark.parametrize("raw, ext, expected", [
    ("../../etc/passwd.jpg", "jpg", "passwd.jpg"),
    ("C:\\x\\y.png", "png", "y.png"),
    ("C:evil.png", "png", "evil.png"),
    ("a\x00b\r\nc.jpg", "jpg", "abc.jpg"),
    ("photo\u202egnp.jpg", "jpg", "photognp.jpg"),
    ("shot.png", "jpg", "shot.jpg"),
    ("holiday.JPEG", "jpg", "holiday.JPEG"),
    ("notes", "webp", "notes.webp"),
    ("my.holiday", "png", "my.holiday.png"),
    (".htaccess", "jpg", "htaccess.jpg"),
    ("", "jpg", "upload.jpg"),
    (None, "png", "upload.png"),
    ("../..", "jpg", "upload.jpg"),
    ("dir/", "jpg", "upload.jpg"),
    ("  spaced name .jpg ", "jpg", "spaced name.jpg"),
])
def test_display_name(raw, ext: str, expected: str) -> None:
    assert display_name(raw, ext) == expected


def test_display_name_is_capped_at_255_and_keeps_extension() -> None:
    name = display_name("é" * 400 + ".jpg", "jpg")
    assert len(name) == 255 and name.endswith(".jpg")
