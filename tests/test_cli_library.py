"""`routix templates import DIR` as an administrator runs it: rows + blobs + in-process analysis;
then `routix templates list/search` and `routix generate` on the same data dir use what it
imported (the same pipeline assembly and vector search as the server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from api.library_support import (  # tests/ is on sys.path
    FIXTURES,
    fixture_bytes,
    make_zip,
    thumbnail_like,
)
from routix.cli import app
from routix.config import Settings, get_settings
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


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[CliRunner, Path]]:
    """The CLI in this process (the embedding model loads once) on ``tmp_path/data``."""
    data = tmp_path / "data"
    monkeypatch.setenv("ROUTIX_DATA_DIR", str(data))
    monkeypatch.setenv("ROUTIX_OCR", "false")
    monkeypatch.delenv("ROUTIX_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield CliRunner(), data
    get_settings.cache_clear()


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _subject_box(design: dict) -> dict:
    return next(layer["box"] for layer in design["layers"] if layer.get("slot") == "subject")


@pytest.mark.slow
def test_an_imported_template_is_listed_searched_and_generated_with(cli, tmp_path, photo_path):
    runner, data = cli
    faces = [str(FIXTURES / "astronaut.jpg"), str(FIXTURES / "chelsea.jpg")]
    # the reference: a thumbnail rendered offline (no data dir yet, so none is created)
    _ok(runner, "generate", "podcast episode with two hosts, calm blue", "--face", faces[0], "--face", faces[1],
        "--title", "Deep Sea Secrets", "--seed", "4", "--no-ocr", "--json", "--out", str(tmp_path / "ref"))
    assert not data.exists()
    refs = tmp_path / "refs" / "education"
    refs.mkdir(parents=True)
    (refs / "deep-sea.jpg").write_bytes((tmp_path / "ref" / "thumbnail.jpg").read_bytes())
    _ok(runner, "templates", "import", str(refs.parent), "--recursive", "--tags", "ocean,submarine,deep sea")
    [row] = _rows(data)
    assert row.status == "analyzed", row.analysis_error

    listed = json.loads(_ok(runner, "templates", "list", "--json"))
    assert {(t["id"], t["source"]) for t in listed if t["source"] != "starter"} == {(row.slug, "upload")}
    assert len(listed) > 16  # the starter templates are in the library too
    found = json.loads(_ok(runner, "templates", "search", "ocean submarine deep sea", "-k", "3", "--json"))
    assert found[0]["id"] == row.slug and found[0]["score"] > found[1]["score"]

    # by its id (the row's UUID) or its slug: the imported layout, whatever the prompt
    out = tmp_path / "by-id"
    summary = json.loads(_ok(runner, "generate", "cooking pasta at home", "--face", str(photo_path),
                             "--template", str(row.id), "--no-ocr", "--json", "--out", str(out)))
    assert summary["template"] == row.slug
    design = json.loads((out / "design.json").read_text())
    assert _subject_box(design) == _subject_box(row.skeleton["design"])
    by_slug = json.loads(_ok(runner, "generate", "cooking pasta at home", "--template", row.slug, "--no-ocr",
                             "--json", "--out", str(tmp_path / "by-slug")))
    assert by_slug["template"] == row.slug

    # a prompt that matches it finds it
    matched = json.loads(_ok(runner, "generate", "deep sea submarine ocean documentary", "--face", str(photo_path),
                             "--no-ocr", "--json", "--out", str(tmp_path / "matched")))
    assert matched["template"] == row.slug
