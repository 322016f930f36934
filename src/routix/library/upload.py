"""Administrators' template uploads: one or many images, or a ``.zip`` of images.

:func:`create_templates` is THE upload path (the API route and ``routix templates import``
both call it). For every file:

1. a ``.zip`` is unpacked safely (:mod:`routix.library.zipsafe`); every member counts as a file;
2. the bytes are validated and re-encoded by the project's safe loader
   (:func:`routix.assets.ingest.clean_image`: formats JPEG/PNG/WebP, byte and pixel-bomb caps,
   metadata stripped); a refused file becomes a ``rejected`` entry, the others still land;
3. an image whose SHA-256 (of the cleaned bytes) is already in the library, or earlier in the
   same upload, is rejected as "already in the library";
4. the image goes to the blob store under ``templates/<sha256>.<ext>`` plus a JPEG thumbnail
   (longest side :data:`THUMB_SIDE` px) under ``templates/thumbs/<sha256>.jpg``;
5. a :class:`TemplateRecord` is added (slug ``u-<10 hex>``, status ``pending_analysis``) with one
   ``template.create`` audit row and its ``template_analysis`` job, all in ONE transaction,
   committed by ``routix.jobs.enqueue.commit_then_dispatch``; after the commit the jobs are
   dispatched (unless ``dispatch=False``: the CLI runs them in-process).

Form values are checked before any file is touched: ``category`` must be one of
:data:`routix.brief.CATEGORIES` (InvalidInput 422, code ``invalid_category``); tags are a comma
list (lower-cased, de-duplicated, at most 40 of at most 40 characters); description at most 400
characters; ``name`` (at most 80 characters) only applies to a single-image upload.
"""

from __future__ import annotations

import io
import logging
import secrets
import uuid
from dataclasses import dataclass, field

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets.ingest import CleanImage, clean_image
from routix.assets.names import display_name
from routix.audit import service as audit
from routix.brief import CATEGORIES
from routix.errors import InvalidInput
from routix.jobs.enqueue import commit_then_dispatch, enqueue
from routix.library import repository
from routix.library.jobs import TEMPLATE_ANALYSIS
from routix.library.zipsafe import ZipLimits, is_zip, zip_members
from routix.store.models import TemplateRecord, User

log = logging.getLogger("routix.library")

THUMB_SIDE = 400
MAX_TAGS, MAX_TAG_LENGTH, MAX_DESCRIPTION, MAX_NAME = 40, 40, 400, 80
#: Fields of a template row recorded in its ``template.create`` audit row.
AUDIT_FIELDS = ("slug", "name", "category", "tags", "description", "file_name", "sha256", "width", "height",
                "status", "is_active")
DUPLICATE = "already in the library"


@dataclass
class UploadResult:
    """``templates``: the new rows (committed); ``rejected``: ``[{"file_name", "error"}]``;
    ``jobs``: template id -> the id of its ``template_analysis`` job."""

    templates: list[TemplateRecord] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    jobs: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)


@dataclass(frozen=True)
class UploadMeta:
    """Validated form values shared by every file of one upload."""

    category: str
    tags: list[str]
    description: str
    name: str | None = None


def parse_tags(raw: str | list[str] | None) -> list[str]:
    """``"Gaming, FPS,,gaming "`` -> ``["gaming", "fps"]`` (comma list or list; lower-cased,
    stripped, de-duplicated in order). InvalidInput past 40 tags or a tag over 40 characters."""
    items = raw.split(",") if isinstance(raw, str) else list(raw or [])
    tags = list(dict.fromkeys(t.strip().lower() for t in items if t and t.strip()))
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"at most {MAX_TAGS} tags", code="invalid_tags")
    if any(len(t) > MAX_TAG_LENGTH for t in tags):
        raise InvalidInput(f"a tag is longer than {MAX_TAG_LENGTH} characters", code="invalid_tags")
    return tags


def check_category(category: str | None) -> str:
    """``category`` when it is one of CATEGORIES; InvalidInput (``invalid_category``) otherwise."""
    value = (category or "").strip().lower()
    if value not in CATEGORIES:
        raise InvalidInput(f"category must be one of {', '.join(CATEGORIES)}", code="invalid_category")
    return value


def make_meta(category: str | None, tags: str | list[str] | None, description: str | None,
              name: str | None = None) -> UploadMeta:
    """Validate the form values (see the module docstring); raises InvalidInput."""
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(f"description is longer than {MAX_DESCRIPTION} characters", code="invalid_description")
    name = (name or "").strip() or None
    if name is not None and len(name) > MAX_NAME:
        raise InvalidInput(f"name is longer than {MAX_NAME} characters", code="invalid_name")
    return UploadMeta(check_category(category), parse_tags(tags), description, name)


def expand_files(files: list[tuple[str, bytes]], limits: ZipLimits) -> tuple[list[tuple[str, str, bytes]], list[dict]]:
    """Unpack ``.zip`` parts into their members: ``([(label, name, bytes)], rejected)``. ``label``
    names the file in rejections (``pack.zip:set/a.png`` for a member), ``name`` is the file's own
    name. A refused archive (too many files, too large, unreadable) becomes one rejected entry."""
    out: list[tuple[str, str, bytes]] = []
    rejected: list[dict] = []
    for name, data in files:
        if not is_zip(data):
            out.append((name, name, data))
            continue
        try:
            for member, body, error in zip_members(data, limits):
                label = f"{name}:{member}" if name else member
                if error or body is None:
                    rejected.append({"file_name": label[:255], "error": error or "unreadable archive entry"})
                else:
                    out.append((label, member, body))
        except InvalidInput as exc:
            rejected.append({"file_name": name, "error": exc.message})
    return out, rejected


def thumbnail(clean: CleanImage) -> bytes:
    """A JPEG (quality 85) of ``clean`` with its longest side at most THUMB_SIDE px."""
    with Image.open(io.BytesIO(clean.data)) as opened:
        image = opened.convert("RGBA")
        image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def new_slug() -> str:
    """``u-<10 hex>``: the internal id of an uploaded template."""
    return "u-" + secrets.token_hex(5)


def _default_name(file_name: str, ext: str) -> str:
    stem = display_name(file_name, ext).rsplit(".", 1)[0].replace("_", " ").replace("-", " ").strip()
    return (stem or "Uploaded template")[:MAX_NAME]


def create_templates(session: Session, services, admin: User | None, files: list[tuple[str, bytes]],
                     meta: UploadMeta, *, request=None, limits: ZipLimits | None = None,
                     dispatch: bool = True) -> UploadResult:
    """Store every acceptable image of ``files`` (``[(client file name, bytes)]``) as a
    pending template with its analysis job; see the module docstring. Commits ``session`` (the
    jobs' dispatch must follow the commit), rolls it back and deletes the written blobs when
    anything raises."""
    settings = services.settings
    limits = limits or ZipLimits(max_file_bytes=settings.max_upload_bytes)
    images, rejected = expand_files(files, limits)
    result = UploadResult(rejected=rejected)
    single = len(images) == 1
    seen: set[str] = set()
    written: list[str] = []
    try:
        for label, file_name, data in images:
            try:
                clean = clean_image(data, max_bytes=limits.max_file_bytes, max_pixels=settings.max_upload_pixels)
            except InvalidInput as exc:
                result.rejected.append({"file_name": label, "error": exc.message})
                continue
            if clean.sha256 in seen or repository.sha256_taken(session, clean.sha256):
                result.rejected.append({"file_name": label, "error": DUPLICATE})
                continue
            seen.add(clean.sha256)
            row = _add_row(session, services, admin, clean, file_name, meta, single, written)
            audit.record(session, admin, "template.create", "template", row.id, before=None,
                         after=audit.snapshot(row, AUDIT_FIELDS), request=request)
            result.templates.append(row)
            result.jobs[row.id] = enqueue(session, TEMPLATE_ANALYSIS, row.id).id
        commit_then_dispatch(session, services, *(result.jobs.values() if dispatch else ()))
    except BaseException:
        session.rollback()
        _drop_blobs(session, services, written)
        raise
    return result


def _add_row(session: Session, services, admin: User | None, clean: CleanImage, file_name: str,
             meta: UploadMeta, single: bool, written: list[str]) -> TemplateRecord:
    image_key = f"templates/{clean.sha256}.{clean.ext}"
    thumb_key = f"templates/thumbs/{clean.sha256}.jpg"
    services.blobs.put(image_key, clean.data, clean.mime_type)
    written.append(image_key)
    services.blobs.put(thumb_key, thumbnail(clean), "image/jpeg")
    written.append(thumb_key)
    row = TemplateRecord(
        slug=new_slug(), source="upload", name=(meta.name if single and meta.name else
                                                _default_name(file_name, clean.ext)),
        category=meta.category, tags=list(meta.tags), description=meta.description,
        image_key=image_key, thumb_key=thumb_key, file_name=display_name(file_name, clean.ext),
        sha256=clean.sha256, width=clean.width, height=clean.height, status="pending_analysis",
        created_by=admin.id if admin is not None else None,
    )
    repository.add_templates(session, [row])
    return row


def release_blobs(session: Session, services, row: TemplateRecord) -> None:
    """Delete ``row``'s image and thumbnail unless another template row shares its sha256."""
    if not (row.sha256 and repository.sha256_taken(session, row.sha256, besides=row.id)):
        _drop_blobs(session, services, [k for k in (row.image_key, row.thumb_key) if k])


def _drop_blobs(session: Session, services, keys: list[str]) -> None:
    for key in keys:
        try:
            services.blobs.delete(key)
        except Exception:
            log.warning("could not delete blob %s", key, exc_info=True)


__all__ = ["DUPLICATE", "THUMB_SIDE", "UploadMeta", "UploadResult", "check_category", "create_templates",
           "expand_files", "make_meta", "new_slug", "parse_tags", "release_blobs", "thumbnail"]
