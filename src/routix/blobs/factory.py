"""``open_blob_store(settings)``: the blob store named by ``Settings.effective_storage_url``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from routix.blobs.ports import BlobStore
from routix.config import Settings
from routix.errors import InvalidInput


def open_blob_store(settings: Settings) -> BlobStore:
    """``file:///path`` -> LocalBlobStore (links signed with ``settings.secret()``, prefixed by
    ``settings.public_url``); ``s3://bucket/prefix`` -> S3BlobStore. Other schemes raise
    InvalidInput (``invalid_config``)."""
    url = settings.effective_storage_url
    if url.startswith("file://"):
        from routix.blobs.local import LocalBlobStore
        from routix.blobs.signing import UrlSigner

        root = Path(unquote(url[len("file://"):]))
        return LocalBlobStore(root, UrlSigner(settings.secret()), public_url=settings.public_url)
    if url.startswith("s3://"):
        from routix.blobs.s3 import S3BlobStore

        return S3BlobStore.from_settings(settings)
    raise InvalidInput(f"storage URL {url.split('://')[0]}:// is not supported; use file:// or s3://",
                       code="invalid_config")
