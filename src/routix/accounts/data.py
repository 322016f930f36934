"""Data rights: export everything a user owns as one zip, and delete a user with their files.

Export (:func:`export_zip`): a zip spooled to a temporary file (in memory up to 16 MB, then on
disk), with

=============================  ====================================================================
``account.json``               profile (never the password hash)
``generations.json``           requests, states, briefs, designs, quality, output names (no
                               internal template ids: template secrecy)
``conversations.json``         conversations with their messages
``assets.json``                uploads (names, sizes, types) and where their bytes are in the zip
``credit_transactions.json``   the credits ledger
``api_keys.json``              names and prefixes only (keys are never stored)
``feedback.json``              thumbs up/down given on generations
``videos.json``                animations of generations: preset, size, state, file names
``files/uploads/...``          each upload's bytes: ``<asset id>-<file name>``
``files/generations/<id>/...`` each generation's outputs (thumbnail, cover, PSD, variants, ...)
``files/videos/<id>/...``      each video's files (MP4, WebM, GIF, poster) while they are kept
=============================  ====================================================================

A blob that is missing from storage is listed in ``account.json`` ``missing_files`` instead.

Delete (:func:`delete_user`): one audited transaction deletes the user row; every row with a
user foreign key goes with it (``ON DELETE CASCADE``: api_keys, refresh_tokens, conversations ->
messages, assets, generation_requests -> generation_feedback, videos, credit_transactions,
generation_feedback) or keeps the row without the user (``SET NULL``: templates.created_by,
admin_audit_log.admin_user_id). After the caller's commit the blobs go: every generation's
``generations/<id>/`` prefix, every video's ``videos/<id>/`` prefix, and each upload
``uploads/<sha256>`` unless another active asset row (another user's identical upload) still
references it.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.accounts import repository
from routix.audit import service as audit
from routix.errors import NotFound
from routix.generations.views import output_key
from routix.kit.transaction import after_commit
from routix.services import Services
from routix.store.models import (
    ApiKey,
    Asset,
    CreditTransaction,
    GenerationFeedback,
    GenerationRequest,
    User,
    Video,
)
from routix.videos.views import video_key

log = logging.getLogger("routix.accounts")

#: Exported user columns (never ``password_hash``).
ACCOUNT_FIELDS = ("id", "email", "username", "credits", "subscription_tier", "is_active", "is_admin", "created_at",
                  "updated_at", "last_login")
#: Exported generation columns (not template_id/template_score/alternatives: internal).
GENERATION_FIELDS = (
    "id", "conversation_id", "parent_id", "algorithm", "prompt", "custom_text", "style_preference", "face_asset_ids",
    "logo_asset_id", "inputs", "realism", "template_preference", "variants", "seed", "status", "stage", "error_code",
    "error_message",
    "created_at", "started_at", "completed_at", "processing_time", "brief", "design", "quality", "notes",
    "template_ref", "outputs",
)
ASSET_FIELDS = ("id", "asset_type", "sha256", "file_name", "file_size", "mime_type", "width", "height", "is_active",
                "created_at")
LEDGER_FIELDS = ("id", "generation_request_id", "transaction_type", "amount", "balance_after", "description",
                 "created_at")
VIDEO_FIELDS = ("id", "generation_id", "preset", "animation", "formats", "size", "duration", "fps", "status",
                "error_code", "keep", "created_at", "completed_at", "expires_at", "files_deleted_at")
API_KEY_FIELDS = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")
FEEDBACK_FIELDS = ("id", "generation_id", "rating", "comment", "created_at", "updated_at")
CONVERSATION_FIELDS = ("id", "title", "created_at", "updated_at")
MESSAGE_FIELDS = ("id", "role", "type", "content", "meta", "created_at")
SPOOL_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 256 * 1024


def _rows(session: Session, model: type[Any], user_id: uuid.UUID, fields: Iterable[str],
          order: Any) -> list[dict[str, Any]]:
    return [audit.snapshot(row, fields) for row in repository.rows_of_user(session, model, user_id, order)]


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._")
    return cleaned[:120] or "file"


def export_zip(session: Session, services: Services, user: User) -> IO[bytes]:
    """The user's data as a zip (see module docstring) in a temporary file positioned at 0.
    The caller closes it (the file is deleted on close). Reads every blob of the user once."""
    uid = user.id
    generations = repository.rows_of_user(session, GenerationRequest, uid, GenerationRequest.created_at)
    assets = repository.rows_of_user(session, Asset, uid, Asset.created_at)
    conversations = []
    for conv in repository.conversations_of(session, uid):
        messages = repository.conversation_messages(session, conv.id)
        conversations.append({**audit.snapshot(conv, CONVERSATION_FIELDS),
                              "messages": [audit.snapshot(m, MESSAGE_FIELDS) for m in messages]})

    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned open; the caller closes it
    missing: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def put_blob(key: str, arcname: str) -> str | None:
            try:
                data = services.blobs.get(key)
            except NotFound:
                missing.append(arcname)
                return None
            archive.writestr(arcname, data, compress_type=zipfile.ZIP_STORED)  # images are compressed already
            return arcname

        asset_views = []
        for asset in assets:
            view = audit.snapshot(asset, ASSET_FIELDS)
            view["file"] = put_blob(asset.storage_key, f"files/uploads/{asset.id}-{_safe_name(asset.file_name)}")
            asset_views.append(view)
        generation_views = []
        for row in generations:
            view = audit.snapshot(row, GENERATION_FIELDS)
            view["files"] = [f for f in (put_blob(key, f"files/generations/{row.id}/{_safe_name(name)}")
                                         for name, key in sorted((row.outputs or {}).items())) if f]
            view.pop("outputs")
            generation_views.append(view)
        video_views = []
        for video in repository.rows_of_user(session, Video, uid, Video.created_at):
            view = audit.snapshot(video, VIDEO_FIELDS)
            view["files"] = [f for f in (put_blob(key, f"files/videos/{video.id}/{key.rsplit('/', 1)[-1]}")
                                         for _, key in sorted((video.outputs or {}).items())) if f]
            video_views.append(view)

        documents = {
            "account.json": {**audit.snapshot(user, ACCOUNT_FIELDS), "missing_files": missing},
            "generations.json": generation_views,
            "conversations.json": conversations,
            "assets.json": asset_views,
            "credit_transactions.json": _rows(session, CreditTransaction, uid, LEDGER_FIELDS,
                                              CreditTransaction.created_at),
            "api_keys.json": _rows(session, ApiKey, uid, API_KEY_FIELDS, ApiKey.created_at),
            "feedback.json": _rows(session, GenerationFeedback, uid, FEEDBACK_FIELDS, GenerationFeedback.created_at),
            "videos.json": video_views,
        }
        for name, document in documents.items():
            archive.writestr(name, json.dumps(document, indent=2, ensure_ascii=False))
    out.seek(0)
    return out


def iter_file(handle: IO[bytes], chunk: int = CHUNK_BYTES) -> Iterator[bytes]:
    """``handle``'s bytes in chunks; closes it at the end (for a StreamingResponse)."""
    try:
        while data := handle.read(chunk):
            yield data
    finally:
        handle.close()


def delete_user(session: Session, services: Services, user: User, *, actor: User | None = None,
                request: Request | None = None, note: str | None = None) -> None:
    """Delete ``user``, their rows (cascade) and their blobs; audited as ``user.delete``.

    ``actor`` is the administrator doing it (None: the user themselves, with ``note``
    "self-service"). The caller commits; the blobs are deleted once that commit is done
    (:func:`routix.kit.transaction.after_commit`), so a storage error cannot bring back a deleted
    account, and a rolled-back deletion keeps its files. A blob that could not be deleted is
    logged, not raised.
    """
    from routix.assets.service import release_blob  # loads the image stack (cv2): only for a deletion

    uid = user.id
    generation_ids = repository.generation_ids_of(session, uid)
    video_ids = repository.video_ids_of(session, uid)
    storage_keys = repository.storage_keys_of(session, uid)
    before = audit.snapshot(user, ("email", "username", "subscription_tier", "credits", "is_active", "is_admin"))
    audit.record(session, actor, "user.delete", "user", uid, before=before, after=None, request=request,
                 note=note or ("self-service" if actor is None else None))
    session.expunge(user)
    repository.delete_user(session, uid)

    def delete_blobs() -> None:
        for generation_id in generation_ids:
            _quietly(services.blobs.delete_prefix, output_key(generation_id, ""))
        for video_id in video_ids:
            _quietly(services.blobs.delete_prefix, video_key(video_id, ""))
        for key in sorted(storage_keys):
            _quietly(release_blob, session, services, key)

    after_commit(session, delete_blobs)


def _quietly(fn: Callable[..., object], *args: object) -> None:
    """Call ``fn(*args)``; an error is logged (the account is gone; a leftover blob is logged
    for cleanup), never raised."""
    try:
        fn(*args)
    except Exception:
        log.exception("could not delete a blob of a deleted user")


__all__ = ["delete_user", "export_zip", "iter_file"]
