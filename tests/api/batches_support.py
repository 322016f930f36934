"""Helpers for the batch tests: sheets, zips, waiting for a batch, reading its rows."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile

from sqlalchemy import select

from routix.store.models import CreditTransaction, Job
from routix.store.models_batches import BatchRow

WAIT_SECONDS = 180


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload_sheet(client, account, sheet: bytes, *, images: bytes | None = None, mapping: dict | None = None,
                 settings: dict | None = None, name: str = "sheet.csv", **fields: str):
    files = {"sheet": (name, sheet, "text/csv")}
    if images is not None:
        files["images"] = ("photos.zip", images, "application/zip")
    data = dict(fields)
    if mapping is not None:
        data["mapping"] = json.dumps(mapping)
    if settings is not None:
        data["settings"] = json.dumps(settings)
    return client.post("/api/v1/batches/upload", files=files, data=data, headers=account.headers)


def wait_batch(client, headers: dict, batch_id: str, statuses=("completed", "cancelled"),
               timeout: float = WAIT_SECONDS) -> dict:
    """Poll the status route until the batch is in one of ``statuses``; returns the status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/batches/{batch_id}/status", headers=headers).json()
        if body["status"] in statuses:
            return body
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} did not reach {statuses}: {body}")


def wait_until(predicate, timeout: float = WAIT_SECONDS, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def db_rows(services, batch_id: str) -> list[BatchRow]:
    with services.db.session() as session:
        return list(session.scalars(select(BatchRow).where(BatchRow.batch_id == uuid.UUID(batch_id))
                                    .order_by(BatchRow.position)))


def row_jobs(services, batch_id: str) -> list[Job]:
    ids = [str(r.id) for r in db_rows(services, batch_id)]
    with services.db.session() as session:
        return list(session.scalars(select(Job).where(Job.kind == "batch_row", Job.subject_id.in_(ids))))


def charges(services, user_id: str) -> dict[str, int]:
    """``{transaction type: entries}`` of the user's ledger (reserve/commit/release)."""
    with services.db.session() as session:
        kinds = session.scalars(select(CreditTransaction.transaction_type)
                                .where(CreditTransaction.user_id == uuid.UUID(user_id)))
        found: dict[str, int] = {}
        for kind in kinds:
            found[kind] = found.get(kind, 0) + 1
        return found
