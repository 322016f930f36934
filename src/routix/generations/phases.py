"""The two phases of a ``generation`` job: the thumbnail first, the rest after.

* ``thumbnail``: the pipeline up to ``thumbnail.jpg`` (:func:`routix.generate.pipeline.make_thumbnail`)
  stores the thumbnail, ``design.json`` and the assets; :func:`store_thumbnail` (the kind's
  ``checkpoint`` hook, in the transaction that ends the phase) writes the design, the brief, the
  files so far and the quality report checked without OCR to the row, which stays ``generating``
  at 75 %; after the commit ``generation:thumbnail`` announces the thumbnail with a signed link.
  The job goes back to the queue one priority lower, so under a burst every user's thumbnail is
  made before anyone's extras.
* ``extras``: :func:`run_extras` reads the design and its assets back from the row and the blob
  store (so a crash between the phases, or another worker process, resumes here), makes the
  cover, the PSDs, the variants and the OCR legibility check
  (:func:`routix.generate.extras.make_extras`), announces each file with ``generation:output``
  and returns the row's result columns for the completion transaction (credits, stats, chat:
  unchanged, once).

Events: ``generation:thumbnail`` {request_id, status, stage, progress, message, attempt,
thumbnail_url, timestamp}; ``generation:output`` {request_id, status, stage, progress, message,
attempt, name, timestamp}. Both are progress events to live filters (they rank by attempt and
progress).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from routix.brand_kits.fonts import register_design_fonts
from routix.design.models import Design
from routix.edit.assets import EditAssets
from routix.errors import InvalidInput, NotFound
from routix.generate.extras import make_extras
from routix.generations import repository
from routix.generations.reporting import BlobSink, ProgressWriter, publish
from routix.generations.views import signed_url, thumbnail_event
from routix.jobs.context import AfterCommit, JobContext
from routix.quality.report import QualityReport
from routix.store.models import FINAL_STATUSES, utcnow
from routix.vision.io import load_image

#: Progress (percent) of a generation whose thumbnail is stored; its second phase goes on from here.
THUMBNAIL_PROGRESS = 75
#: Progress the second phase reaches with its last file (the completion says 100).
EXTRAS_DONE_PROGRESS = 98
THUMBNAIL_MESSAGE = "Your thumbnail is ready; making the cover, PSD and variants"
#: Result columns the first phase writes (the second reads them back).
THUMBNAIL_COLUMNS = ("design", "outputs", "quality", "brief", "notes", "timings", "template_ref", "template_id",
                     "template_score", "alternatives", "usage", "cost_incurred")


def store_thumbnail(session: Any, ctx: JobContext, values: dict[str, Any]) -> AfterCommit | None:
    """The ``checkpoint`` hook after the first phase: the first phase's result columns on the row
    (still ``generating``, stage ``finalizing``, 75 %); returns the publishing of
    ``generation:thumbnail``. Nothing is written to a row that is final or gone."""
    gid = uuid.UUID(ctx.subject_id)
    columns = {k: v for k, v in values.items() if k in (*THUMBNAIL_COLUMNS, "processing_time")}
    repository.store_thumbnail(session, gid, columns, status="generating", stage="finalizing",
                               progress=THUMBNAIL_PROGRESS, message=THUMBNAIL_MESSAGE, now=utcnow())
    row = repository.get_generation(session, gid, refresh=True)
    if row is None or row.status in FINAL_STATUSES:
        return None
    services, user_id = ctx.services, str(row.user_id)
    event = thumbnail_event(str(gid), ctx.attempt, THUMBNAIL_PROGRESS, signed_url(services, row, "thumbnail.jpg"),
                            THUMBNAIL_MESSAGE)
    return lambda: publish(services, user_id, event)


def run_extras(ctx: JobContext) -> dict[str, Any]:
    """The second phase (module docstring): returns every result column for the completion
    transaction. Raises NotFound (row gone), InvalidInput (``version_not_ready``: the first
    phase's design is missing) or the renderer's errors (retried like any job error)."""
    services, gid = ctx.services, uuid.UUID(ctx.subject_id)
    started = time.perf_counter()
    with services.db.session() as session:
        row = repository.get_generation(session, gid)
        if row is None:
            raise NotFound("generation not found")
        if not row.design or "thumbnail.jpg" not in (row.outputs or {}):
            raise InvalidInput("the thumbnail of this generation was not stored", code="version_not_ready")
        user_id, variants = str(row.user_id), row.variants
        stored = {column: getattr(row, column) for column in THUMBNAIL_COLUMNS}
        seconds_before = float(row.processing_time or 0.0)
    design = Design.model_validate(stored["design"])
    register_design_fonts(services.blobs, design)  # a brand kit's uploaded title font, in this process too
    keys = dict(stored["outputs"] or {})
    assets = EditAssets({name: load_image(services.blobs.get(key)) for name, key in keys.items()
                         if name.startswith("assets/")})
    progress = ProgressWriter(ctx, gid, user_id)
    progress.write("finalizing", THUMBNAIL_PROGRESS + 1, "Making the cover, PSD and variants")
    sink = BlobSink(services.blobs, ctx, gid)
    sink.keys.update(keys)
    expected = 5 + 3 * variants  # png, cover, two PSDs, quality, three files per variant
    made: list[str] = []

    def put(name: str, data: bytes, content_type: str) -> None:
        sink.put(name, data, content_type)
        made.append(name)
        percent = min(EXTRAS_DONE_PROGRESS, THUMBNAIL_PROGRESS + 1 + (EXTRAS_DONE_PROGRESS - THUMBNAIL_PROGRESS - 1)
                      * len(made) // expected)
        publish(services, user_id, {"event": "generation:output", "data": {
            "request_id": str(gid), "status": "generating", "stage": "finalizing", "progress": percent,
            "message": f"Made {name}", "attempt": ctx.attempt, "name": name, "timestamp": utcnow().isoformat()}})

    extras = make_extras(design, assets, QualityReport.model_validate(stored["quality"]), put, variants=variants,
                         png=True, ocr=services.settings.ocr)
    timings = {**(stored["timings"] or {}), "extras": round(extras.timings["extras"], 4)}
    return {
        **stored, "outputs": dict(sink.keys), "quality": extras.quality.model_dump(mode="json"), "timings": timings,
        "processing_time": round(seconds_before + time.perf_counter() - started, 3),
        "message": "Your thumbnail is ready",
    }


__all__ = ["EXTRAS_DONE_PROGRESS", "THUMBNAIL_PROGRESS", "run_extras", "store_thumbnail"]
