"""Read the images out of an uploaded ``.zip`` without trusting it (zip slip, zip bombs).

:func:`zip_members` opens the archive from bytes and yields ``(name, data | None, error | None)``
for every file entry, in archive order. Directory entries and macOS junk (``__MACOSX/``,
``._*`` resource forks, ``.DS_Store``) are skipped silently. An entry is rejected (with an error
message; the other entries still come through) when

* its name is unsafe: absolute (``/x``, ``\\x``), a drive letter (``C:``), any ``..`` segment,
  a NUL or control character ("zip slip": the name is never used as a path anyway, only shown);
* it is encrypted;
* its declared size exceeds ``limits.max_file_bytes`` or its declared compression ratio
  (uncompressed / compressed) exceeds ``limits.max_ratio``;
* reading it actually yields more than ``limits.max_file_bytes`` (the read is capped, so a
  lying header cannot make us inflate more than the cap + 1 byte);
* the bytes actually read from the archive so far would exceed ``limits.max_total_bytes``.

The whole archive is refused with PayloadTooLarge (413) up front when it holds more than
``limits.max_files`` file entries or the sum of declared sizes exceeds
``limits.max_total_bytes``, and with InvalidInput (422, ``invalid_zip``) when it is not a
readable zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from routix.errors import InvalidInput, PayloadTooLarge

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one archive: file entries, bytes per entry and in total (uncompressed), and the
    largest accepted compression ratio (uncompressed / compressed)."""

    max_files: int = 200
    max_file_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 500 * 1024 * 1024
    max_ratio: float = 100.0


def is_zip(data: bytes) -> bool:
    """True when ``data`` starts like a zip archive (local file header or empty archive)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def unsafe_name(name: str) -> str | None:
    """Why the archive member name ``name`` is unsafe, or None when it is a plain relative path."""
    if not name:
        return "empty name"
    if _CONTROL.search(name):
        return "control character in the name"
    if name.startswith(("/", "\\")):
        return "absolute path"
    if _DRIVE.match(name):
        return "drive letter in the path"
    if any(part == ".." for part in re.split(r"[/\\]", name)):
        return "'..' in the path"
    return None


def _junk(name: str) -> bool:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith("__MACOSX/") or base.startswith("._") or base == ".DS_Store" or not base


def zip_members(data: bytes, limits: ZipLimits = ZipLimits()) -> Iterator[tuple[str, bytes | None, str | None]]:
    """``(name, data, None)`` for each accepted file entry of the zip ``data``, ``(name, None,
    error)`` for each rejected one (see the module docstring for every rule)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir() and not _junk(info.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InvalidInput(f"the archive cannot be read as a zip file ({exc})", code="invalid_zip") from None
    if len(infos) > limits.max_files:
        raise PayloadTooLarge(f"the archive holds {len(infos)} files; the limit is {limits.max_files}",
                              code="too_many_files")
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_total_bytes:
        raise PayloadTooLarge(f"the archive unpacks to {declared / 2**20:.0f} MB; the limit is "
                              f"{limits.max_total_bytes / 2**20:.0f} MB", code="archive_too_large")
    total = 0
    with archive:
        for info in infos:
            name = info.filename
            problem = unsafe_name(name) or _declared_problem(info, limits)
            if problem is None and total + info.file_size > limits.max_total_bytes:
                problem = f"the archive exceeds {limits.max_total_bytes / 2**20:.0f} MB unpacked"
            if problem:
                yield name, None, problem
                continue
            try:
                with archive.open(info) as member:
                    body = member.read(limits.max_file_bytes + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                yield name, None, f"unreadable archive entry ({exc})"
                continue
            if len(body) > limits.max_file_bytes:
                yield name, None, f"larger than the {limits.max_file_bytes / 2**20:.0f} MB limit per file"
                continue
            total += len(body)
            if total > limits.max_total_bytes:
                yield name, None, f"the archive exceeds {limits.max_total_bytes / 2**20:.0f} MB unpacked"
                continue
            yield name, body, None


def _declared_problem(info: zipfile.ZipInfo, limits: ZipLimits) -> str | None:
    if info.flag_bits & 0x1:
        return "encrypted archive entries are not supported"
    if info.file_size > limits.max_file_bytes:
        return f"larger than the {limits.max_file_bytes / 2**20:.0f} MB limit per file"
    if info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return f"compression ratio above {limits.max_ratio:.0f}:1 (possible zip bomb)"
    return None


__all__ = ["ZipLimits", "is_zip", "unsafe_name", "zip_members"]
