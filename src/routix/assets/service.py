"""Assets: a user's uploaded images (face, logo, image), stored once per content.

Rows are owned: every lookup is by ``(id, user_id)`` and answers NotFound for another user's
id, exactly as for an id that does not exist. Deletion is soft (``is_active = False``); the
blob ``uploads/<sha256>.<ext>`` is removed only when no other active row points at it (two
identical uploads, by one user or two, share one blob).

Nothing is stored on a refused upload: the bytes are checked and cleaned (``assets.ingest``)
before any row or blob is written, and a blob written for a row whose transaction then rolls
back (or fails to commit) is removed again, unless another row uses it. The caller commits.
"""

from __future__ import annotations

import uuid

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets import repository
from routix.assets.ingest import clean_image
from routix.assets.names import display_name
from routix.errors import InvalidInput, NotFound
from routix.kit.pagination import Page, PageRequest
from routix.kit.transaction import after_commit, on_rollback
from routix.services import Services
from routix.store.models import Asset, User
from routix.vision import load_image

ASSET_TYPES = ("face", "logo", "image")


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound("asset not found") from exc


def create_asset(session: Session, services: Services, user: User, data: bytes, filename: str | None,
                 asset_type: str = "image") -> Asset:
    """Validate, clean and store an upload for ``user``; return the Asset row (flushed; the
    caller commits, and the blob is released again if that transaction rolls back).

    ``data`` is the uploaded file's bytes, ``filename`` the client's name (display only),
    ``asset_type`` one of ``face``, ``logo``, ``image``. Raises InvalidInput
    (``invalid_asset_type``), PayloadTooLarge (413: bytes or pixels), UnsupportedMediaType
    (415: not JPEG/PNG/WebP) or InvalidImage (422: corrupt, CMYK, 16-bit, animated).
    """
    if asset_type not in ASSET_TYPES:
        raise InvalidInput(f"asset_type must be one of {', '.join(ASSET_TYPES)}", code="invalid_asset_type")
    settings = services.settings
    clean = clean_image(data, max_bytes=settings.max_upload_bytes, max_pixels=settings.max_upload_pixels)
    asset = Asset(
        user_id=user.id, asset_type=asset_type, sha256=clean.sha256, storage_key=clean.storage_key,
        file_name=display_name(filename, clean.ext), file_size=len(clean.data), mime_type=clean.mime_type,
        width=clean.width, height=clean.height, is_active=True,
    )
    repository.add_asset(session, asset)
    services.blobs.put(clean.storage_key, clean.data, clean.mime_type)
    on_rollback(session, lambda: release_blob(session, services, clean.storage_key))
    return asset


def get_asset(session: Session, user: User | uuid.UUID | str, asset_id: uuid.UUID | str) -> Asset:
    """``user``'s active asset ``asset_id``; NotFound for a missing, deleted or foreign id."""
    user_id = user.id if isinstance(user, User) else _uuid(user)
    asset = repository.get_active_asset(session, user_id, _uuid(asset_id))
    if asset is None:
        raise NotFound("asset not found")
    return asset


def list_assets(session: Session, user: User, *, asset_type: str | None = None,
                page: PageRequest | None = None) -> Page[Asset]:
    """One page of ``user``'s active assets, newest first, optionally of one ``asset_type``,
    with their total count."""
    if asset_type is not None and asset_type not in ASSET_TYPES:
        raise InvalidInput(f"asset_type must be one of {', '.join(ASSET_TYPES)}", code="invalid_asset_type")
    return repository.list_active_assets(session, user.id, page or PageRequest(), asset_type=asset_type)


def delete_asset(session: Session, services: Services, user: User, asset_id: uuid.UUID | str) -> None:
    """Soft-delete ``user``'s asset (NotFound for others'); once the caller has committed, drop
    its blob if no other active row uses it."""
    asset = get_asset(session, user, asset_id)
    asset.is_active = False
    after_commit(session, lambda: release_blob(session, services, asset.storage_key))


def asset_url(services: Services, asset: Asset, ttl: int | None = None) -> str:
    """A download link for ``asset`` that expires after ``ttl`` seconds (default
    ``settings.signed_url_ttl``), with its display name as the download name."""
    ttl = services.settings.signed_url_ttl if ttl is None else ttl
    return services.blobs.url(asset.storage_key, ttl=ttl, filename=asset.file_name, content_type=asset.mime_type)


def load_asset_image(session: Session, services: Services, user_id: uuid.UUID | str,
                     asset_id: uuid.UUID | str) -> Image.Image:
    """The decoded image of ``user_id``'s active asset ``asset_id`` (RGB or RGBA, upright,
    8-bit sRGB), for the job executor. NotFound if the row or its blob is missing."""
    asset = get_asset(session, user_id, asset_id)
    settings = services.settings
    data = services.blobs.get(asset.storage_key)
    return load_image(data, max_pixels=settings.max_upload_pixels, max_bytes=max(settings.max_upload_bytes, len(data)))


def release_blob(session: Session, services: Services, storage_key: str) -> None:
    """Delete the blob ``storage_key`` unless an active row still references it."""
    if not repository.count_active_references(session, storage_key):
        services.blobs.delete(storage_key)
