"""What the API shows of a batch: its status (counts per status, ETA), rows with signed links,
and the ``batch:progress`` event.

The status is one GROUP BY over the (batch_id, status) index plus the batch row, so it stays
fast while 1,000 rows run. ETA: the mean seconds of the completed rows times the rows still to
run, divided by the rows that run at once (the kind's per-user limit).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from routix.batches import repository
from routix.generations.views import signed_url, variant_names
from routix.store.models import GenerationRequest
from routix.store.models_batches import BATCH_ROW_STATUSES, Batch, BatchRow

#: Rows of one user that run at the same time (the ``batch_row`` kind's per-user limit).
CONCURRENCY = 2


def status_view(session: Session, batch: Batch) -> dict[str, Any]:
    """``schemas.BatchStatus`` of ``batch``."""
    counts = dict.fromkeys(BATCH_ROW_STATUSES, 0)
    counts.update(repository.counts(session, batch.id))
    remaining = counts["queued"] + counts["running"]
    eta = None
    if batch.status == "running" and remaining:
        mean = repository.row_seconds(session, batch.id)
        eta = round(mean * remaining / CONCURRENCY, 1) if mean is not None else None
    return {
        "id": batch.id, "name": batch.name, "status": batch.status, "pause_reason": batch.pause_reason,
        "pause_message": batch.pause_message, "counts": counts, "total": sum(counts.values()),
        "credits_spent": repository.credits_spent(session, batch.id), "cost_cap": batch.cost_cap,
        "eta_seconds": eta, "start_at": batch.start_at, "started_at": batch.started_at,
        "finished_at": batch.finished_at,
    }


def row_view(row: BatchRow, generation: GenerationRequest | None, services: Any) -> dict[str, Any]:
    """``schemas.RowOut``: the row and, once completed, signed links to its thumbnail and variants."""
    view = {name: getattr(row, name) for name in (
        "id", "position", "name", "prompt", "title", "inputs", "overrides", "errors", "status", "attempt",
        "error_code", "error_message", "credits", "generation_id", "winner")}
    view["thumbnail_url"], view["variant_urls"] = None, []
    if generation is not None and generation.status == "completed" and services is not None:
        view["thumbnail_url"] = signed_url(services, generation, "thumbnail.jpg")
        links = (signed_url(services, generation, name) for name in variant_names(generation))
        view["variant_urls"] = [link for link in links if link]
    return view


def rows_view(session: Session, rows: list[BatchRow], services: Any) -> list[dict[str, Any]]:
    """Row views for ``rows`` (their generations read in one query)."""
    found = repository.generations(session, [r.generation_id for r in rows if r.generation_id])
    return [row_view(r, found.get(r.generation_id) if r.generation_id else None, services) for r in rows]


def progress_event(session: Session, batch: Batch, row: BatchRow | None, services: Any) -> dict[str, Any]:
    """``batch:progress``: ``{batch_id, status, counts, total, credits_spent, eta_seconds,
    pause_reason, row}`` (``row``: the row that changed, or None)."""
    status = status_view(session, batch)
    changed = None
    if row is not None:
        generation = session.get(GenerationRequest, row.generation_id) if row.generation_id else None
        changed = {k: (str(v) if k in ("id", "generation_id") and v is not None else v)
                   for k, v in row_view(row, generation, services).items()}
    return {"event": "batch:progress", "data": {
        "batch_id": str(batch.id), "status": status["status"], "counts": status["counts"],
        "total": status["total"], "credits_spent": status["credits_spent"], "eta_seconds": status["eta_seconds"],
        "pause_reason": batch.pause_reason, "row": changed,
    }}


__all__ = ["CONCURRENCY", "progress_event", "row_view", "rows_view", "status_view"]
