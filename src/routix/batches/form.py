"""Read a batch upload form: the ``sheet`` file (CSV or XLSX), an optional ``images`` zip and
small text fields, streamed with hard caps (the approach of ``routix.assets.multipart``).

Fields: ``name``, ``mapping`` (JSON ``{field: column}``), ``settings`` (JSON
``BatchSettings``), ``template_id``, ``cost_cap``, ``start`` (``true`` to start at once).
Text fields are at most 1 KB each; unknown or repeated parts -> InvalidInput ``invalid_form``;
a body over ``max_body_bytes`` -> PayloadTooLarge.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from routix.assets.multipart import _Collector, feed
from routix.errors import InvalidInput

FIELDS = frozenset({"name", "mapping", "settings", "template_id", "cost_cap", "start"})
FILES = ("sheet", "images")


@dataclass
class BatchForm:
    """``files``: ``{"sheet" | "images": (client file name, bytes)}``; ``fields``: text fields."""

    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)


class _BatchCollector(_Collector):
    def __init__(self, max_file_bytes: int) -> None:
        super().__init__(max_file_bytes, FIELDS)
        self.batch = BatchForm()
        self._file = ""
        self._filename = ""

    def on_headers_finished(self) -> None:
        name, filename = self.part_name()
        if filename is not None and name in FILES and name not in self.batch.files:
            self._kind, self._file, self._filename = "file", name, filename
        elif filename is None and name in self.allowed and name not in self.batch.fields:
            self._kind, self._field = "field", name
        else:
            raise InvalidInput(f"unexpected form part {name[:50]!r}; expected files sheet, images and fields "
                               f"{', '.join(sorted(self.allowed))}", code="invalid_form")

    def on_part_end(self) -> None:
        value = b"".join(self._chunks)
        if self._kind == "file":
            self.batch.files[self._file] = (self._filename, value)
        elif self._kind == "field":
            self.batch.fields[self._field] = value.decode("utf-8", "replace").strip()
        self._chunks = []


async def read_batch_form(content_type: str | None, stream: AsyncIterator[bytes], *, max_body_bytes: int,
                          need_sheet: bool = True) -> BatchForm:
    """Parse the form from ``stream`` (see the module docstring); InvalidInput ``missing_file``
    without a ``sheet`` when ``need_sheet``."""
    collector = _BatchCollector(max_body_bytes)
    await feed(content_type, stream, collector, max_body_bytes=max_body_bytes)
    if need_sheet and "sheet" not in collector.batch.files:
        raise InvalidInput("send the CSV or XLSX in the form field 'sheet'", code="missing_file")
    return collector.batch


__all__ = ["BatchForm", "read_batch_form"]
