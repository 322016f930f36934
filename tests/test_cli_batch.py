"""``routix batch run`` locally: a sheet in, images + batch.csv/json out, bad rows listed."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from routix.cli import app


def test_batch_run_locally_writes_exports_and_lists_bad_rows(tmp_path):
    sheet = tmp_path / "rows.csv"
    sheet.write_text("Video,Idea,Thumbnail text\nep1,calm lofi study music with rain,Study With Me\n"
                     "ep2,,No prompt\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", "run", str(sheet), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["status"] == "completed" and summary["counts"]["completed"] == 1
    assert summary["row_errors"] == {"2": ["prompt is empty"]}
    rows = list(csv.DictReader((out / "batch.csv").open(encoding="utf-8-sig")))
    assert [(r["name"], r["status"], r["thumbnail_url"]) for r in rows] == [
        ("ep1", "completed", "images/0001-ep1.jpg"), ("ep2", "invalid", "")]
    assert (out / "images" / "0001-ep1.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert json.loads((out / "batch.json").read_text())["rows"][1]["error"] == "prompt is empty"


def test_batch_run_refuses_a_sheet_without_runnable_rows(tmp_path):
    sheet = tmp_path / "rows.csv"
    sheet.write_text("Idea\n\"\"\nfoo\n")
    result = CliRunner().invoke(app, ["batch", "run", str(sheet), "--out", str(tmp_path / "o"), "--map", "prompt=Nope"])
    assert result.exit_code == 1 and "error:" in result.output and "Nope" in result.output
