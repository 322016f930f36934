"""The ``edit`` job kind: a version made from another version without running the pipeline.

A version row (``generation_requests``) of kind ``edit``, ``undo`` or ``variant`` names its
parent (``parent_id``) and what to do in ``edit``:

* ``edit``: ``{"patch": EditPatch, "summary": str, "instruction": str | None}``: the parent's
  design with the patch applied (:func:`routix.edit.apply_edit`); a patch with ``new_art``
  lets the row's algorithm paint the background again with the row's new seed;
* ``undo``: ``{"design_of": <grandparent id>}``: that version's design and assets;
* ``variant``: ``{"variant": k}``: variant ``k`` of the parent's design
  (:func:`routix.generate.variants.variant`).

The run loads the source design and its assets (blobs ``generations/<source>/assets/...``),
renders the files (:func:`routix.edit.outputs.render_version`) and stores them under the new
version's prefix; the parent's asset files are copied byte for byte (the art is not
repainted). The thumbnail files are stored first and announced with ``generation:thumbnail``
(``{request_id, status, stage, progress, attempt, thumbnail_url, timestamp}``, a progress event
with a link) before the cover, the PSD and the quality report.
Completion, failure, credits and the chat are :mod:`routix.generations.jobs`' (one completion
transaction).
"""

from __future__ import annotations

import io
import time
import uuid
from decimal import Decimal
from typing import Any

from PIL import Image

from routix.assembly import assemble
from routix.assets.service import load_asset_image
from routix.brand_kits.fonts import register_design_fonts
from routix.brief.models import Brief
from routix.design.models import Design
from routix.edit import EditPatch, apply_edit
from routix.edit.assets import EditAssets
from routix.edit.outputs import referenced_assets, render_version
from routix.errors import InvalidInput, NotFound
from routix.generate.variants import variant
from routix.generations import repository
from routix.generations.jobs import PER_USER_LIMIT, discard_orphan_files, fail_generation, finish_generation, note_retry
from routix.generations.reporting import BlobSink, ProgressWriter, publish
from routix.generations.views import thumbnail_event
from routix.jobs.context import JobContext
from routix.jobs.registry import PRIORITY_INTERACTIVE, JobKind, RetryPolicy, register
from routix.store.models import GenerationRequest

#: Progress (percent) the ``generation:thumbnail`` event reports: live filters admit it in order.
THUMBNAIL_PROGRESS = 60
#: The kinds of version this job makes.
VERSION_KINDS = ("edit", "undo", "variant")


class _Source:
    """What a version is made from: a design, the blob keys of its assets, the parent's brief."""

    def __init__(self, row: GenerationRequest, source: GenerationRequest, parent: GenerationRequest) -> None:
        if not source.design:
            raise InvalidInput("that version has no design to edit", code="version_not_ready")
        self.design = Design.model_validate(source.design)
        self.asset_keys = {n: k for n, k in (source.outputs or {}).items() if n.startswith("assets/")}
        self.brief = parent.brief
        self.spec = dict(row.edit or {})
        self.kind, self.algorithm, self.seed = row.kind, row.algorithm, row.seed
        self.user_id = row.user_id
        self.template = {"template_ref": source.template_ref, "template_id": source.template_id,
                         "template_score": source.template_score, "alternatives": list(source.alternatives or [])}


def _load(services: Any, gid: uuid.UUID) -> tuple[_Source, dict[uuid.UUID, Image.Image]]:
    with services.db.session() as session:
        row = repository.get_generation(session, gid)
        if row is None:
            raise NotFound("generation not found")
        parent = repository.get_generation(session, row.parent_id) if row.parent_id else None
        if parent is None:
            raise NotFound("the version this one was made from no longer exists")
        spec = dict(row.edit or {})
        if row.kind == "edit" and "patch" not in spec:  # queued while its parent ran: read it now
            spec = _read_queued(parent, spec)
        source: GenerationRequest | None = parent
        if "design_of" in spec:
            source = repository.get_generation(session, uuid.UUID(str(spec["design_of"])))
        if source is None:
            raise NotFound("the version to go back to no longer exists")
        loaded = _Source(row, source, parent)
        loaded.spec = spec
        images: dict[uuid.UUID, Image.Image] = {}
        if "patch" in spec:
            for asset_id in EditPatch.model_validate(spec["patch"]).asset_ids():
                images[asset_id] = load_asset_image(session, services, row.user_id, asset_id)
    return loaded, images


def _read_queued(parent: GenerationRequest, spec: dict[str, Any]) -> dict[str, Any]:
    """The instruction of an edit queued while ``parent`` was running, read against the
    parent's design now that it exists. InvalidInput (``edit_unclear``: the message is the
    question to ask) when it is unclear; an undo becomes ``design_of`` the parent's parent."""
    from routix.edit.describe import describe
    from routix.edit.parse import parse_instruction

    if parent.status != "completed" or not parent.design:
        raise InvalidInput("the thumbnail this edit was for did not finish", code="version_not_ready")
    design = Design.model_validate(parent.design)
    assets = [uuid.UUID(str(a)) for a in spec.get("asset_ids", [])]
    parsed = parse_instruction(str(spec.get("instruction") or ""), design, attachments=assets)
    if parsed.undo:
        if parent.parent_id is None:
            raise InvalidInput("that was the first version: there is nothing to undo", code="nothing_to_undo")
        return {**spec, "design_of": str(parent.parent_id), "summary": "Went back to the version before"}
    if parsed.patch is None:
        raise InvalidInput(parsed.question or "What should I change?", code="edit_unclear")
    return {**spec, "patch": parsed.patch.model_dump(mode="json"), "summary": describe(parsed.patch, design)}


def run_edit(ctx: JobContext) -> dict[str, Any]:
    """The job's work: returns the row's result columns for ``finish_generation``."""
    services, gid = ctx.services, uuid.UUID(ctx.subject_id)
    started = time.perf_counter()
    source, images = _load(services, gid)
    user_id = str(source.user_id)
    progress = ProgressWriter(ctx, gid, user_id)
    progress.write("composing", 10, {"undo": "Going back a version", "variant": "Making the variant"}.get(
        source.kind, "Applying your edit"))
    if ctx.attempt > 1:
        services.blobs.delete_prefix(BlobSink.prefix(gid))
    originals = {ref: services.blobs.get(key) for ref, key in source.asset_keys.items()}
    assets = EditAssets({ref: _decode(data) for ref, data in originals.items()})
    design, usage = _design(services, source, images, assets, user_id)
    register_design_fonts(services.blobs, design)  # a brand kit's uploaded title font
    progress.write("generating", 40, "Rendering")
    sink = BlobSink(services.blobs, ctx, gid)

    def store_thumbnail(files: dict[str, tuple[bytes, str]]) -> None:
        for name, (data, content_type) in files.items():
            sink.put(name, data, content_type)
        url = services.blobs.url(sink.keys["thumbnail.jpg"], ttl=services.settings.signed_url_ttl)
        publish(services, user_id, thumbnail_event(str(gid), ctx.attempt, THUMBNAIL_PROGRESS, url))

    files, quality, timings = render_version(design, assets.get, on_thumbnail=store_thumbnail)
    for ref in referenced_assets(design):
        if ref in originals:  # the parent's bytes as they are: the art is not repainted
            files[ref] = (originals[ref], "image/png")
        else:
            files[ref] = (assets.encoded_one(ref), "image/png")
    for name, (data, content_type) in files.items():
        if name not in sink.keys:
            sink.put(name, data, content_type)
    seconds = time.perf_counter() - started
    return {
        "design": design.model_dump(mode="json", by_alias=True), "outputs": dict(sink.keys), "quality": quality,
        "brief": source.brief, "notes": list(design.meta.notes),
        "timings": {k: round(v, 4) for k, v in timings.items()},
        "processing_time": round(seconds, 3), **source.template,
        "message": {"undo": "Went back a version", "variant": "Your variant is ready"}.get(source.kind,
                                                                                      "Your edit is ready"),
        "edit": source.spec, "usage": usage, "cost_incurred": Decimal(str(round(float(usage.get("cost_usd", 0.0)), 4))),
    }


def _design(services: Any, source: _Source, images: dict[uuid.UUID, Image.Image], assets: EditAssets,
            user_id: str) -> tuple[Design, dict[str, Any]]:
    """The new version's design and the usage of the algorithm (when it painted)."""
    if source.kind == "undo" or "design_of" in source.spec:
        return source.design, {}
    if source.kind == "variant":
        return variant(source.design, int(source.spec.get("variant", 1))), {}
    patch = EditPatch.model_validate(source.spec["patch"])
    design, usage = source.design, {}
    if patch.needs_new_art():
        ports = assemble(services, source.algorithm, user_id=user_id)
        brief = Brief.model_validate(source.brief) if source.brief else None
        if brief is not None:
            design = ports.algorithm.fill_background(design, brief, seed=source.seed or 0, assets=assets)
            usage = ports.usage.to_dict()
            patch = patch.model_copy(update={"ops": [op for op in patch.ops if op.op != "new_art"]})
    prepared = {asset_id: _prepare(patch, asset_id, image) for asset_id, image in images.items()}
    if patch.ops:
        design = apply_edit(design, patch, assets=assets, images=prepared)
    return design, usage


def _prepare(patch: EditPatch, asset_id: uuid.UUID, image: Image.Image) -> Image.Image:
    """A swapped-in subject is cut out of its photo; a logo is used as it is."""
    if not any(op.op == "swap_subject" and op.asset_id == asset_id for op in patch.ops):
        return image
    from routix.vision import extract_subjects

    return extract_subjects(image).host.image


def _decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _lost(ctx: JobContext) -> None:
    discard_orphan_files(ctx.services, uuid.UUID(ctx.subject_id))


EDIT = register(JobKind(
    name="edit", run=run_edit, finish=finish_generation, fail=fail_generation, retrying=note_retry, lost=_lost,
    priority=PRIORITY_INTERACTIVE + 1, per_user_limit=PER_USER_LIMIT, label="edit",
    retry=RetryPolicy(backoff=1.0, factor=2.0, max_backoff=30.0),
))

__all__ = ["EDIT", "VERSION_KINDS", "run_edit"]
