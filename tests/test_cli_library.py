"""`routix templates import DIR` as an administrator runs it: rows + blobs + in-process analysis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.library_support import (  # tests/ is on sys.path
    fixture_bytes,
    make_zip,
    thumbnail_like,
)
from sqlalchemy import select

from routix.config import Settings
from routix.store.db import Database
from routix.store.models import AdminAuditLog, TemplateRecord


def _routix(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ROUTIX_DATA_DIR": str(data_dir), "ROUTIX_OCR": "false", "COLUMNS": "200"}
    env.pop("ROUTIX_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "routix.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600)


def _rows(data_dir: Path) -> list[TemplateRecord]:
    db = Database(Settings(data_dir=data_dir).effective_database_url)
    try:
        with db.session() as session:
            return list(session.scalars(select(TemplateRecord).where(TemplateRecord.source == "upload")
                                        .order_by(TemplateRecord.file_name)))
    finally:
        db.dispose()


def test_missing_folder_is_one_error_line(tmp_path):
    out = _routix(["templates", "import", str(tmp_path / "nope")], tmp_path / "data")
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [f"error: folder not found: {tmp_path / 'nope'}"]
    empty = tmp_path / "empty"
    empty.mkdir()
    out = _routix(["templates", "import", str(empty)], tmp_path / "data")
    assert out.returncode == 1 and out.stderr.strip().startswith("error: no .jpg")
    bad = _routix(["templates", "import", str(empty), "--category", "cooking-ish"], tmp_path / "data")
    assert bad.returncode == 1


def test_recursive_import_with_folder_categories(tmp_path):
    src, data = tmp_path / "refs", tmp_path / "data"
    (src / "gaming").mkdir(parents=True)
    (src / "misc").mkdir()
    (src / "gaming" / "boss.jpg").write_bytes(fixture_bytes("astronaut.jpg"))
    (src / "gaming" / "pack.zip").write_bytes(make_zip([("a.png", thumbnail_like(1, fmt="PNG")),
                                                        ("../evil.jpg", thumbnail_like(2))]))
    (src / "misc" / "nocat.jpg").write_bytes(thumbnail_like(3))
    (src / "gaming" / "broken.jpg").write_bytes(b"\xff\xd8\xff not really")
    out = _routix(["templates", "import", str(src), "--recursive", "--tags", "Retro,boss"], data)
    assert out.returncode == 0, out.stderr
    rows = _rows(data)
    assert [(r.file_name, r.category, r.status, r.tags) for r in rows] == [
        ("a.png", "gaming", "analyzed", ["retro", "boss"]), ("boss.jpg", "gaming", "analyzed", ["retro", "boss"])]
    assert all(r.skeleton and r.searchable_text for r in rows)
    summary = out.stderr
    assert "2 analysed, 0 failed, 3 rejected" in summary
    for word in ("nocat.jpg", "no category", "evil.jpg", "broken.jpg"):
        assert word in summary
    blobs = Path(Settings(data_dir=data).effective_storage_url.removeprefix("file://"))
    assert all((blobs / r.image_key).is_file() and (blobs / r.thumb_key).is_file() for r in rows)
    db = Database(Settings(data_dir=data).effective_database_url)
    with db.session() as session:
        audits = session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == "template.create")).all()
    db.dispose()
    assert len(audits) == 2 and all(a.admin_user_id is None for a in audits)

    again = _routix(["templates", "import", str(src / "gaming"), "--category", "tech"], data)
    assert again.returncode == 0 and "already in the library" in again.stderr
    assert len(_rows(data)) == 2
