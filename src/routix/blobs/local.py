"""LocalBlobStore: blobs as files under one folder, downloads through HMAC-signed ``/files`` links.

Writes are atomic (a temporary file in the same folder, flushed, then ``os.replace``), so a
reader sees the old bytes or the new ones, never half a file, and a crash leaves at most a
hidden ``.tmp-*`` file that no key can name. Every key is validated (``blobs.keys``) and the
resolved path must stay under the root, so neither ``..`` nor a symlink can escape it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from routix.blobs.keys import validate_key, validate_prefix
from routix.blobs.signing import UrlSigner
from routix.errors import InvalidInput, NotFound, Unavailable


class LocalBlobStore:
    """Bytes by key under ``root`` (created on first write).

    ``url()`` returns ``[public_url]/files/<key>?exp=<unix s>&sig=<hmac>`` (plus ``filename``
    and ``type`` when given), signed by ``signer``; the API's files router verifies and serves
    it. Missing keys raise NotFound; invalid keys raise InvalidInput (``invalid_key``).
    """

    scheme = "file"

    def __init__(self, root: str | Path, signer: UrlSigner, *, public_url: str | None = None) -> None:
        self.root = Path(root).expanduser().absolute()
        self.signer = signer
        self.public_url = (public_url or "").rstrip("/")

    # paths ----------------------------------------------------------------------------------
    def path(self, key: str) -> Path:
        """The file that holds ``key``; raises InvalidInput if it would leave the root."""
        validate_key(key)
        path = self.root.joinpath(*key.split("/"))
        root = self.root.resolve()
        if not path.resolve().is_relative_to(root):
            raise InvalidInput(f"invalid blob key {key[:80]!r}", code="invalid_key")
        return path

    # BlobStore ------------------------------------------------------------------------------
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Write ``data`` under ``key`` atomically (``content_type`` is implied by the key's
        extension when served; pass it to ``url`` to override)."""
        path = self.path(key)
        for attempt in range(3):  # a concurrent delete may prune the folder between mkdir and mkstemp
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
                break
            except FileNotFoundError:
                if attempt == 2:
                    raise
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFound(f"blob {key!r} not found") from exc

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove ``key`` (no error when it is already gone) and any folders left empty."""
        path = self.path(key)
        path.unlink(missing_ok=True)
        self._prune(path.parent)

    def delete_prefix(self, prefix: str) -> int:
        """Remove every key that starts with ``prefix`` (string prefix, as on S3); return how
        many were removed. ``generations/<id>/`` removes that folder's files."""
        validate_prefix(prefix)
        folder, _, _ = prefix.rpartition("/")
        base = self.root.joinpath(*folder.split("/")) if folder else self.root
        if not base.is_dir() or not base.resolve().is_relative_to(self.root.resolve()):
            return 0
        removed = 0
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                path = Path(dirpath) / name
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix) and not name.startswith("."):
                    path.unlink(missing_ok=True)
                    removed += 1
        for dirpath, _dirs, _files in sorted(os.walk(base), key=lambda item: -len(item[0])):
            self._prune(Path(dirpath))
        return removed

    def url(self, key: str, *, ttl: int, filename: str | None = None, content_type: str | None = None) -> str:
        """A link to ``key`` that expires in ``ttl`` seconds (see the class docstring)."""
        validate_key(key)
        query = urlencode(self.signer.params(key, ttl, filename, content_type))
        return f"{self.public_url}/files/{quote(key)}?{query}"

    def ping(self) -> None:
        """Raise Unavailable unless the root exists (created if needed) and is writable."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Unavailable(f"blob folder {self.root} cannot be created: {exc.strerror or exc}") from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise Unavailable(f"blob folder {self.root} is not writable")

    # helpers --------------------------------------------------------------------------------
    def _prune(self, folder: Path) -> None:
        """Remove empty folders from ``folder`` up to (not including) the root."""
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent
