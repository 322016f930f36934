"""Read the admin template upload form: many file parts plus a few text fields, with hard caps.

Same strict, streaming approach as :mod:`routix.assets.multipart` (bytes are counted as they
arrive; nothing is spooled to disk), but the file field ``files`` may repeat (one part per image
or a ``.zip``). Caps: at most ``max_parts`` parts, each file part at most ``max_file_bytes``,
the whole body at most ``max_body_bytes`` -> PayloadTooLarge (413); unknown or repeated text
fields, text fields over 1 KB, a form without files -> InvalidInput (422, ``invalid_form`` /
``missing_file``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from routix.assets.multipart import _Collector, feed
from routix.errors import InvalidInput, PayloadTooLarge

#: Text fields of ``POST /api/v1/admin/templates``.
UPLOAD_FIELDS = frozenset({"category", "tags", "description", "name"})
FILE_FIELD = "files"


@dataclass
class ManyFilesForm:
    """The parsed form: ``files`` as ``[(client file name, bytes)]`` and the text ``fields``."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


class _ManyCollector(_Collector):
    """The single-file collector, relaxed to any number of ``files`` parts."""

    def __init__(self, max_file_bytes: int, max_parts: int) -> None:
        super().__init__(max_file_bytes, UPLOAD_FIELDS)
        self.many = ManyFilesForm()
        self.max_parts = max_parts
        self._filename = ""

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > self.max_parts:
            raise PayloadTooLarge(f"the form has more than {self.max_parts} parts", code="too_many_files")
        self._headers, self._chunks, self._size, self._kind = {}, [], 0, None

    def on_headers_finished(self) -> None:
        name, filename = self.part_name()
        if filename is not None:
            if name not in (FILE_FIELD, "file"):
                raise InvalidInput("send the images in the form field 'files'", code="invalid_form")
            self._kind, self._filename = "file", filename
        elif name in self.allowed and name not in self.many.fields:
            self._kind, self._field = "field", name
        else:
            raise InvalidInput(f"unexpected form field {name[:50]!r}; expected: files, "
                               f"{', '.join(sorted(self.allowed))}", code="invalid_form")

    def on_part_end(self) -> None:
        value = b"".join(self._chunks)
        if self._kind == "file":
            self.many.files.append((self._filename, value))
        elif self._kind == "field":
            self.many.fields[self._field] = value.decode("utf-8", "replace").strip()
        self._chunks = []


async def read_many_files_form(content_type: str | None, stream: AsyncIterator[bytes], *, max_file_bytes: int,
                               max_body_bytes: int, max_parts: int = 210) -> ManyFilesForm:
    """Parse the upload form from ``stream`` (e.g. ``request.stream()``); see the module docstring."""
    collector = _ManyCollector(max_file_bytes, max_parts)
    await feed(content_type, stream, collector, max_body_bytes=max_body_bytes)
    if not collector.many.files:
        raise InvalidInput("the form has no file; send images or a .zip in the field 'files'", code="missing_file")
    return collector.many


__all__ = ["FILE_FIELD", "ManyFilesForm", "UPLOAD_FIELDS", "read_many_files_form"]
