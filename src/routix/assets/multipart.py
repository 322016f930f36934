"""Read a ``multipart/form-data`` upload from a request stream into memory, with hard caps.

Unlike a parser that spools the whole body to disk first, :func:`read_upload_form` counts the
bytes as they arrive and stops with PayloadTooLarge (413) as soon as the file part exceeds
``max_file_bytes`` or the body exceeds ``max_file_bytes`` plus a small allowance for the
other fields and part headers. The form is strict: exactly one file part named ``file``, text
fields only from ``allowed_fields`` (each at most 1 KB), every other part -> InvalidInput (422).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

from routix.errors import (
    InvalidInput,
    PayloadTooLarge,
    RoutixError,
    UnsupportedMediaType,
)

if TYPE_CHECKING:  # python-multipart declares its callback types for type checkers only
    from python_multipart.multipart import MultipartCallbacks

MAX_FIELD_BYTES = 1024
MAX_PARTS = 8
#: Bytes allowed in a body beyond the file itself: boundaries, part headers, small fields.
BODY_ALLOWANCE = 64 * 1024


@dataclass
class UploadForm:
    """The parsed form: the file's bytes and client-given name, and the text fields."""

    data: bytes = b""
    filename: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    has_file: bool = False


class _Collector:
    """python-multipart callbacks that fill an UploadForm and enforce the caps."""

    def __init__(self, max_file_bytes: int, allowed_fields: frozenset[str]) -> None:
        self.form = UploadForm()
        self.max_file_bytes = max_file_bytes
        self.allowed = allowed_fields
        self.parts = 0
        self._headers: dict[str, str] = {}
        self._name = self._value = b""
        self._kind: str | None = None  # "file" | "field"
        self._field: str = ""
        self._chunks: list[bytes] = []
        self._size = 0
        self.ended = False

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.on_part_begin, "on_part_data": self.on_part_data, "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field, "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end, "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }

    def on_end(self) -> None:
        self.ended = True

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise InvalidInput(f"the form has more than {MAX_PARTS} parts", code="invalid_form")
        self._headers, self._chunks, self._size, self._kind = {}, [], 0, None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._name.decode("latin-1").strip().lower()] = self._value.decode("latin-1")
        self._name = self._value = b""

    def part_name(self) -> tuple[str, str | None]:
        """(field name, file name or None) of the current part, from its Content-Disposition."""
        disposition, options = parse_options_header(self._headers.get("content-disposition"))
        if disposition != b"form-data" or b"name" not in options:
            raise InvalidInput("a form part has no name", code="invalid_form")
        filename = options.get(b"filename")
        return options[b"name"].decode("utf-8", "replace"), (
            filename.decode("utf-8", "replace") if filename is not None else None)

    def on_headers_finished(self) -> None:
        name, filename = self.part_name()
        if filename is not None:
            if name != "file" or self.form.has_file:
                raise InvalidInput("send exactly one file, in the form field 'file'", code="invalid_form")
            self._kind = "file"
            self.form.has_file = True
            self.form.filename = filename
        elif name in self.allowed and name not in self.form.fields:
            self._kind, self._field = "field", name
        else:
            raise InvalidInput(f"unexpected form field {name[:50]!r}; expected: file, "
                               f"{', '.join(sorted(self.allowed))}", code="invalid_form")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._kind == "file" and self._size > self.max_file_bytes:
            raise PayloadTooLarge(f"the file is larger than the {self.max_file_bytes / 2**20:.0f} MB limit")
        if self._kind == "field" and self._size > MAX_FIELD_BYTES:
            raise InvalidInput(f"form field {self._field!r} is too long", code="invalid_form")
        self._chunks.append(data[start:end])

    def on_part_end(self) -> None:
        value = b"".join(self._chunks)
        if self._kind == "file":
            self.form.data = value
        elif self._kind == "field":
            self.form.fields[self._field] = value.decode("utf-8", "replace").strip()
        self._chunks = []


async def feed(content_type: str | None, stream: AsyncIterator[bytes], collector: _Collector, *,
               max_body_bytes: int) -> None:
    """Run ``collector``'s callbacks over the multipart body in ``stream``, refusing bodies past
    ``max_body_bytes`` (PayloadTooLarge) and malformed or truncated bodies (InvalidInput).
    UnsupportedMediaType when ``content_type`` is not ``multipart/form-data`` with a boundary."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UnsupportedMediaType("send the upload as multipart/form-data", code="unsupported_media_type")
    try:
        parser = MultipartParser(boundary, collector.callbacks())
    except Exception as exc:  # python-multipart rejects over-long or odd boundaries
        raise InvalidInput(f"malformed multipart boundary ({exc})", code="invalid_form") from exc
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > max_body_bytes:
            raise PayloadTooLarge(f"the request body is larger than the {max_body_bytes / 2**20:.0f} MB limit")
        try:
            parser.write(chunk)
        except RoutixError:
            raise
        except Exception as exc:
            raise InvalidInput(f"malformed multipart body ({exc})", code="invalid_form") from exc
    try:
        parser.finalize()
    except Exception as exc:
        raise InvalidInput(f"malformed multipart body ({exc})", code="invalid_form") from exc
    if not collector.ended:
        raise InvalidInput("the multipart body ended before its closing boundary", code="invalid_form")


async def read_upload_form(content_type: str | None, stream: AsyncIterator[bytes], *, max_file_bytes: int,
                           allowed_fields: frozenset[str] = frozenset()) -> UploadForm:
    """Parse a multipart body from ``stream`` (e.g. ``request.stream()``).

    Raises UnsupportedMediaType (415) when ``content_type`` is not ``multipart/form-data`` with
    a boundary, PayloadTooLarge (413) past the caps, InvalidInput (422) for a malformed form,
    a missing file, unknown or repeated fields.
    """
    collector = _Collector(max_file_bytes, allowed_fields)
    await feed(content_type, stream, collector, max_body_bytes=max_file_bytes + BODY_ALLOWANCE)
    if not collector.form.has_file:
        raise InvalidInput("the form has no file; send it in the field 'file'", code="missing_file")
    return collector.form
