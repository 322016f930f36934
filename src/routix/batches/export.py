"""Exports of a batch: CSV and JSON (one entry per row: status, error, credits, a quality
summary and signed links to every output) and a zip of the images named after the rows.

Exports are written to the blob store under ``batches/<id>/export.<ext>`` and handed out as
signed, expiring links (``settings.signed_url_ttl`` seconds); the links inside them expire the
same way. Zip members are ``<position>-<row name>.jpg`` (the picked variant when a winner was
chosen), with the name reduced to letters, digits, ``-`` and ``_``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

from sqlalchemy.orm import Session

from routix.batches import repository
from routix.errors import NotFound
from routix.generations.views import RESULT_FILES, output_key, signed_url, variant_names
from routix.store.models import GenerationRequest
from routix.store.models_batches import Batch, BatchRow

CSV_COLUMNS = ("position", "name", "status", "error", "credits", "quality_passed", "contrast_ratio",
               "thumbnail_url", "cover_url", "png_url", "psd_url", "design_url", "variant_urls", "generation_id",
               "winner")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def entries(session: Session, services: Any, batch: Batch) -> list[dict[str, Any]]:
    """One JSON-ready dict per row in sheet order (see the module docstring)."""
    rows = repository.all_rows(session, batch.id)
    found = repository.generations(session, [r.generation_id for r in rows if r.generation_id])
    return [entry(r, found.get(r.generation_id) if r.generation_id else None, services) for r in rows]


def entry(row: BatchRow, generation: GenerationRequest | None, services: Any) -> dict[str, Any]:
    done = generation is not None and generation.status == "completed"
    quality = (generation.quality or {}) if done and generation is not None else {}
    links = {key: (signed_url(services, generation, name) if done and generation is not None else None)
             for key, name in RESULT_FILES.items()}
    variants = [signed_url(services, generation, n) for n in variant_names(generation)] if done and generation else []
    return {
        "position": row.position, "name": row.name, "prompt": row.prompt, "title": row.title, "status": row.status,
        "error": row.error_message if row.status in ("failed", "cancelled") else ("; ".join(row.errors) or None),
        "credits": row.credits, "quality": {"passed": quality.get("passed"),
                                            "contrast_ratio": quality.get("contrast_ratio")} if quality else None,
        "thumbnail_url": links["thumbnail_url"], "cover_url": links["cover_url"],
        "png_url": links["thumbnail_png_url"], "psd_url": links["psd_url"], "design_url": links["design_url"],
        "variant_urls": variants, "generation_id": str(row.generation_id) if row.generation_id else None,
        "winner": row.winner,
    }


def to_csv(items: list[dict[str, Any]]) -> bytes:
    """The CSV export (UTF-8 with BOM so spreadsheet programs read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        quality = item["quality"] or {}
        values = {**item, "quality_passed": quality.get("passed"), "contrast_ratio": quality.get("contrast_ratio"),
                  "variant_urls": " ".join(item["variant_urls"])}
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def to_json(batch: Batch, items: list[dict[str, Any]]) -> bytes:
    return json.dumps({"batch_id": str(batch.id), "name": batch.name, "status": batch.status, "rows": items},
                      indent=2).encode()


def file_name(row: BatchRow) -> str:
    """``<position>-<row name>.jpg`` with the name made safe."""
    safe = _UNSAFE.sub("-", row.name).strip("-")[:80] or "row"
    return f"{row.position:04d}-{safe}.jpg"


def to_zip(session: Session, services: Any, batch: Batch) -> bytes:
    """The completed rows' images (``file_name``), stored without recompression."""
    rows = [r for r in repository.all_rows(session, batch.id) if r.status == "completed" and r.generation_id]
    found = repository.generations(session, [r.generation_id for r in rows if r.generation_id])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for row in rows:
            generation = found.get(row.generation_id) if row.generation_id else None
            if generation is None:
                continue
            name = f"variant-{row.winner}.jpg" if row.winner else "thumbnail.jpg"
            key = (generation.outputs or {}).get(name) or output_key(generation.id, name)
            try:
                archive.writestr(file_name(row), services.blobs.get(key))
            except Exception:  # noqa: BLE001 - a missing file leaves the row out, the rest still export
                continue
    return buffer.getvalue()


def results_export(session: Session, services: Any, user_id: Any, ids: list[Any]) -> tuple[list[dict[str, Any]],
                                                                                      bytes]:
    """A chosen set of the user's results outside batches: ``(entries, zip)`` in the order of
    ``ids``; NotFound for an id that is not one of the user's generations. Entries have the
    batch export's fields with ``position`` = the index (1-based) and ``name`` = the id."""
    found = repository.generations(session, list(ids))
    items, buffer = [], io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for position, gid in enumerate(ids, start=1):
            generation = found.get(gid)
            if generation is None or generation.user_id != user_id:
                raise NotFound("generation not found")
            row = BatchRow(position=position, name=str(gid), prompt=generation.prompt, title=generation.custom_text,
                           status="completed" if generation.status == "completed" else generation.status,
                           errors=[], credits=0, generation_id=gid, winner=None,
                           error_message=generation.error_message)
            items.append(entry(row, generation, services))
            if generation.status == "completed":
                key = (generation.outputs or {}).get("thumbnail.jpg") or output_key(gid, "thumbnail.jpg")
                archive.writestr(file_name(row), services.blobs.get(key))
    return items, buffer.getvalue()


def write_exports(session: Session, services: Any, batch: Batch) -> dict[str, str]:
    """Write the three exports to the blob store; signed links ``{csv_url, json_url, zip_url}``."""
    items = entries(session, services, batch)
    files = {"csv": (to_csv(items), "text/csv"), "json": (to_json(batch, items), "application/json"),
             "zip": (to_zip(session, services, batch), "application/zip")}
    links = {}
    for ext, (data, content_type) in files.items():
        key = f"batches/{batch.id}/export.{ext}"
        services.blobs.put(key, data, content_type)
        links[f"{ext}_url"] = services.blobs.url(key, ttl=services.settings.signed_url_ttl,
                                                 filename=f"batch-{batch.id}.{ext}")
    return links


__all__ = ["CSV_COLUMNS", "entries", "file_name", "to_csv", "to_json", "to_zip", "write_exports"]
