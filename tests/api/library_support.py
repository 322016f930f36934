"""Helpers for the template library tests: real images, uploads, zips and waiting for analysis."""

from __future__ import annotations

import io
import random
import time
import uuid
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from routix.store.models import TemplateRecord

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WAIT_SECONDS = 120
UPLOAD_URL = "/api/v1/admin/templates"


def fixture_bytes(name: str = "astronaut.jpg") -> bytes:
    return (FIXTURES / name).read_bytes()


def thumbnail_like(seed: int, size: tuple[int, int] = (640, 360), fmt: str = "JPEG") -> bytes:
    """A distinct, thumbnail-like picture: a two-colour background, a big "subject" blob and a
    bright title bar (different bytes for every ``seed``)."""
    rng = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h * 2 // 3, w, h), fill=tuple(rng.randrange(256) for _ in range(3)))
    cx = rng.randrange(w // 5, w * 4 // 5)
    draw.ellipse((cx - w // 6, h // 5, cx + w // 6, h), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.rectangle((w // 20, h // 12, w // 2, h // 4), fill=(255, 230, 0))
    for _ in range(20):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.rectangle((x, y, x + 12, y + 12), fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def make_zip(entries: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def upload(client, headers: dict, files: list[tuple[str, bytes]], *, category: str | None = "gaming", **fields):
    """POST the upload form; ``files`` = [(file name, bytes)]."""
    data = {k: v for k, v in {"category": category, **fields}.items() if v is not None}
    parts = [("files", (name, body, "application/octet-stream")) for name, body in files]
    return client.post(UPLOAD_URL, headers=headers, files=parts, data=data)


def load_template(services, template_id) -> TemplateRecord | None:
    with services.db.session() as session:
        return session.get(TemplateRecord, uuid.UUID(str(template_id)))


def wait_template(services, template_id, statuses=("analyzed", "failed"), timeout: float = WAIT_SECONDS
                  ) -> TemplateRecord:
    """Poll the template row until its status is one of ``statuses``; returns the row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = load_template(services, template_id)
        if row is not None and row.status in statuses:
            return row
        time.sleep(0.05)
    raise AssertionError(f"template {template_id} did not reach {statuses} within {timeout} s")


def mark_analysed(services, template_id, starter_id: str | None = None) -> TemplateRecord:
    """Give an uploaded row a real skeleton (a starter template's, with the row's own slug, name,
    category and tags) and embedding, as a finished analysis would - for tests of what happens
    after analysis, independent of the image analysis itself."""
    from routix.embed import get_embedder
    from routix.library.embedding import searchable_text, template_vector
    from routix.library.search import invalidate
    from routix.library.starter import flat_columns
    from routix.store.models import utcnow
    from routix.templates import STARTER_TEMPLATES, Template

    source = next(t for t in STARTER_TEMPLATES if starter_id in (None, t.id))
    with services.db.session() as session:
        row = session.get(TemplateRecord, uuid.UUID(str(template_id)))
        data = source.model_dump(mode="json", by_alias=True)
        data.update(id=row.slug, name=row.name, category=row.category, tags=list(row.tags),
                    description=row.description or "An uploaded layout.")
        template = Template.model_validate(data)
        for key, value in flat_columns(template).items():
            setattr(row, key, value)
        row.style_dna = {"energy": template.dna.energy, "palette": list(template.dna.palette)}
        row.searchable_text = searchable_text(template)
        row.embedding = template_vector(template, get_embedder())
        row.status, row.analyzed_at, row.analysis_error = "analyzed", utcnow(), None
        session.commit()
    invalidate(services)
    return load_template(services, template_id)


def only_template(services, template_id) -> None:
    """Make ``template_id`` the one active template (starters deactivated), so the pipeline must
    pick it; in the scaled run the worker process notices within the index's refresh time."""
    from sqlalchemy import update

    from api.backends import BACKEND
    from routix.library.search import REFRESH_SECONDS, invalidate
    from routix.library.starter import ensure_starter

    ensure_starter(services)  # starter rows appear on first use: make them exist now, to switch them off
    with services.db.session() as session:
        session.execute(update(TemplateRecord).where(TemplateRecord.id != uuid.UUID(str(template_id)))
                        .values(is_active=False))
    invalidate(services)
    if BACKEND == "scaled":  # another process holds its own index snapshot
        time.sleep(REFRESH_SECONDS + 0.5)
