"""Run a batch in this process, without a server: ``routix batch run`` and ``bench/batch.py``.

:class:`LocalBatches` opens a throw-away service (SQLite + local blobs in ``data_dir``, the
in-process workers), with one local account whose balance covers the batch, and runs batches
through the very same use cases and ``batch_row`` job kind as the server. :func:`write_outputs`
writes what the server's exports hold into a folder: ``batch.csv``, ``batch.json`` (links
replaced by the image files' relative paths) and ``images/<position>-<name>.jpg``.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from routix.batches import control, export, repository, service
from routix.batches.schemas import BatchSettings
from routix.batches.sheets import Sheet
from routix.batches.views import status_view
from routix.config import Settings
from routix.credits.service import admin_adjust
from routix.generations.views import output_key
from routix.store.models import User

#: Credits the local account gets per row (more than any algorithm costs).
CREDITS_PER_ROW = 100


class LocalBatches:
    """A private service in ``data_dir`` with ``workers`` worker threads (use as a context manager)."""

    def __init__(self, data_dir: Path, *, workers: int = 2, ocr: bool = False) -> None:
        from routix.jobs.inline import InlineQueue  # loads every job kind (heavy): only when running batches
        from routix.services import Services

        settings = Settings(data_dir=data_dir, workers=workers, ocr=ocr, rate_limits=False, database_url=None,
                            redis_url=None, queue="inline", storage_url=None)
        self.services = Services(settings)
        self.services.migrate()
        self.queue = InlineQueue(self.services, reaper_interval=0.5, pending_grace=1.0, poll_interval=0.2)
        self.services.__dict__["queue"] = self.queue
        self.user_id = self._account()

    def __enter__(self) -> LocalBatches:
        self.queue.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.queue.stop()
        self.services.close()

    def _account(self) -> uuid.UUID:
        from routix.accounts.service import register

        with self.services.db.session() as session:
            user = register(session, f"local-{uuid.uuid4().hex[:8]}@routix.local", uuid.uuid4().hex)
            session.flush()
            return user.id

    def create(self, sheet: Sheet, mapping: dict[str, str], settings: BatchSettings, *, name: str = "batch",
               images: bytes | None = None) -> dict[str, Any]:
        """A draft batch (see ``service.create_from_sheet``): its id, estimate and row errors."""
        with self.services.db.session() as session:
            user = session.get(User, self.user_id)
            assert user is not None
            batch = service.create_from_sheet(session, self.services, user, sheet, mapping, name=name,
                                              settings=settings, zip_data=images, source="cli")
            rows = repository.all_rows(session, batch.id)
            return {"id": str(batch.id), "estimate": service.estimate(session, user, batch),
                    "errors": {r.position: r.errors for r in rows if r.errors}}

    def start(self, batch_id: str) -> int:
        """Top the account up for the batch, then start it; returns the rows started."""
        with self.services.db.session() as session:
            user = session.get(User, self.user_id)
            batch = repository.get_batch(session, uuid.UUID(batch_id))
            assert user is not None and batch is not None
            rows = len(repository.all_rows(session, batch.id))
            admin_adjust(session, None, user.id, max(1, rows) * CREDITS_PER_ROW, "local batch run")
            return control.start(session, self.services, batch)

    def status(self, batch_id: str) -> dict[str, Any]:
        with self.services.db.session() as session:
            batch = repository.get_batch(session, uuid.UUID(batch_id))
            assert batch is not None
            return status_view(session, batch)

    def write_outputs(self, batch_id: str, out: Path) -> list[Path]:
        """Write ``batch.csv``, ``batch.json`` and ``images/`` into ``out``; returns the files."""
        with self.services.db.session() as session:
            batch = repository.get_batch(session, uuid.UUID(batch_id))
            assert batch is not None
            return write_outputs(session, self.services, batch, out)


def write_outputs(session: Any, services: Any, batch: Any, out: Path) -> list[Path]:
    """The folder form of the exports (see the module docstring)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    written: list[Path] = []
    rows = {r.position: r for r in repository.all_rows(session, batch.id)}
    generations = repository.generations(session, [r.generation_id for r in rows.values() if r.generation_id])
    items = export.entries(session, services, batch)
    for item in items:
        row = rows[item["position"]]
        generation = generations.get(row.generation_id) if row.generation_id else None
        for key in ("thumbnail_url", "cover_url", "png_url", "psd_url", "design_url"):
            item[key] = None
        item["variant_urls"] = []
        if row.status == "completed" and generation is not None:
            name = f"variant-{row.winner}.jpg" if row.winner else "thumbnail.jpg"
            path = out / "images" / export.file_name(row)
            key = (generation.outputs or {}).get(name) or output_key(generation.id, name)
            path.write_bytes(services.blobs.get(key))
            written.append(path)
            item["thumbnail_url"] = f"images/{path.name}"
    (out / "batch.csv").write_bytes(export.to_csv(items))
    (out / "batch.json").write_text(json.dumps({"batch_id": str(batch.id), "name": batch.name,
                                                "status": batch.status, "rows": items}, indent=2))
    return [out / "batch.csv", out / "batch.json", *written]


__all__ = ["LocalBatches", "write_outputs"]
