"""Port: where asset and output bytes live (local directory or S3-compatible bucket)."""

from __future__ import annotations

from typing import Protocol


class BlobStore(Protocol):
    """Bytes by key. Keys are relative POSIX paths made by Routix (``uploads/<sha256>``,
    ``generations/<id>/thumbnail.jpg``), never user-supplied names.

    ``url`` returns a download link that expires after ``ttl`` seconds: HMAC-signed for the
    local store (served by the API's ``/files`` route), presigned for S3. Missing keys raise
    ``routix.errors.NotFound``.
    """

    scheme: str

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def url(self, key: str, *, ttl: int, filename: str | None = None, content_type: str | None = None) -> str: ...

    def ping(self) -> None: ...
