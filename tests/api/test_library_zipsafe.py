"""Zip uploads without trust: zip slip names, zip bombs (declared and actual sizes, ratio, count)."""

from __future__ import annotations

import struct
import zipfile

import pytest

from api.library_support import make_zip, thumbnail_like
from routix.errors import InvalidInput, PayloadTooLarge
from routix.library.zipsafe import ZipLimits, unsafe_name, zip_members


@pytest.mark.parametrize("name", ["../evil.jpg", "a/../../evil.jpg", "/etc/passwd", "\\windows\\x.jpg",
                                  "C:/x.jpg", "c:evil.jpg", "a\\..\\b.jpg", "bad\x00name.jpg"])
def test_unsafe_names_are_named(name):
    assert unsafe_name(name)


@pytest.mark.parametrize("name", ["a.jpg", "folder/b.png", "x..y.jpg", "deep/er/c.webp"])
def test_plain_relative_names_are_fine(name):
    assert unsafe_name(name) is None


def test_zip_slip_entries_are_rejected_and_the_good_ones_kept():
    good = thumbnail_like(1)
    data = make_zip([("ok/one.jpg", good), ("../escape.jpg", good), ("/abs.jpg", good), ("C:/drive.jpg", good),
                     ("__MACOSX/ok/._one.jpg", b"junk"), ("ok/", b"")])
    out = list(zip_members(data))
    assert [(n, b is not None) for n, b, _ in out] == [
        ("ok/one.jpg", True), ("../escape.jpg", False), ("/abs.jpg", False), ("C:/drive.jpg", False)]
    assert out[0][1] == good
    assert "'..'" in out[1][2] and "absolute" in out[2][2] and "drive" in out[3][2]


def test_high_compression_ratio_is_refused_per_entry():
    bomb = b"\0" * (2 * 1024 * 1024)  # 2 MB of zeros deflate ~1000:1
    data = make_zip([("bomb.jpg", bomb), ("fine.jpg", thumbnail_like(2))])
    out = {n: (b, e) for n, b, e in zip_members(data)}
    assert out["bomb.jpg"][0] is None and "ratio" in out["bomb.jpg"][1]
    assert out["fine.jpg"][0] is not None


def test_too_many_files_or_declared_total_refuse_the_archive():
    entries = [(f"f{i}.jpg", b"x") for i in range(5)]
    with pytest.raises(PayloadTooLarge) as info:
        list(zip_members(make_zip(entries), ZipLimits(max_files=4)))
    assert info.value.code == "too_many_files"
    with pytest.raises(PayloadTooLarge) as info:
        list(zip_members(make_zip(entries, zipfile.ZIP_STORED), ZipLimits(max_total_bytes=4)))
    assert info.value.code == "archive_too_large"


def test_per_file_cap_uses_the_declared_size_and_the_bytes_actually_read():
    big = thumbnail_like(3, size=(1200, 800))
    out = list(zip_members(make_zip([("big.jpg", big)], zipfile.ZIP_STORED), ZipLimits(max_file_bytes=1000)))
    assert out[0][1] is None and "limit per file" in out[0][2]
    # a header that lies: declares 10 bytes, holds more -> the capped read never returns more than declared
    lying = _lie_about_size(make_zip([("liar.jpg", big)], zipfile.ZIP_STORED), 10)
    name, body, error = next(zip_members(lying, ZipLimits(max_file_bytes=1000)))
    assert body is None or len(body) <= 1000


def test_actual_total_is_capped_across_entries():
    parts = [(f"p{i}.jpg", thumbnail_like(10 + i)) for i in range(3)]
    limit = len(parts[0][1]) + len(parts[1][1]) + 10
    data = make_zip(parts, zipfile.ZIP_STORED)
    out = list(zip_members(data, ZipLimits(max_total_bytes=sum(len(b) for _, b in parts) + 1)))
    assert all(body is not None for _, body, _ in out)
    with pytest.raises(PayloadTooLarge):  # declared sum already over the total
        list(zip_members(data, ZipLimits(max_total_bytes=limit)))


def test_not_a_zip_is_invalid_input():
    with pytest.raises(InvalidInput) as info:
        list(zip_members(b"PK\x03\x04 definitely not a zip"))
    assert info.value.code == "invalid_zip"


def _lie_about_size(data: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size fields of the first entry (local header + central directory)."""
    raw = bytearray(data)
    raw[22:26] = struct.pack("<I", declared)  # local file header: uncompressed size
    central = raw.find(b"PK\x01\x02")
    raw[central + 24:central + 28] = struct.pack("<I", declared)
    return bytes(raw)
