"""``routix edit`` on a design.json or a bundle zip, offline, and ``routix titles`` / ``routix
presets`` locally: files written, ``--json`` shapes, one-line errors with nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from routix.cli import app


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"ROUTIX_SERVER": "", "ROUTIX_API_KEY": "", "ROUTIX_OCR": "false"})


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("made")
    result = run("generate", "gaming thumbnail with explosions", "--title", "I Survived", "--seed", "4",
                 "--out", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    return out


def _title(design: Path) -> dict:
    layers = json.loads(design.read_text())["layers"]
    return next(layer for layer in layers if layer.get("slot") == "title")


def test_edit_a_design_json_then_edit_the_edit(made, tmp_path):
    first = run("edit", str(made / "design.json"), "title in yellow", "--out", str(tmp_path / "v2"), "--json")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["kind"] == "edit" and "FFD400" in summary["edit_summary"].upper()
    names = {Path(f["path"]).name for f in summary["files"]}
    assert {"thumbnail.jpg", "thumbnail.png", "cover.jpg", "design.psd", "design.json", "quality.json"} <= names
    assert Image.open(tmp_path / "v2" / "thumbnail.jpg").size == (1280, 720)
    assert _title(tmp_path / "v2" / "design.json")["fill"]["color"].upper() == "#FFD400"
    assert _title(made / "design.json")["fill"]["color"].upper() != "#FFD400"  # the earlier version is untouched
    before = Image.open(made / "thumbnail.jpg").convert("RGB").tobytes()
    assert Image.open(tmp_path / "v2" / "thumbnail.jpg").convert("RGB").tobytes() != before

    second = run("edit", str(tmp_path / "v2" / "design.json"), "change the title to 'I Made It'",
                 "--out", str(tmp_path / "v3"))
    assert second.exit_code == 0, second.stderr
    title = _title(tmp_path / "v3" / "design.json")
    assert title["text"] == "I Made It" and title["fill"]["color"].upper() == "#FFD400"
    again = run("render", str(tmp_path / "v3" / "design.json"), "--out", str(tmp_path / "again"))
    assert again.exit_code == 0, again.stderr  # the new version's assets travel with it


def test_edit_a_bundle_zip(made, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(made / "design.json", "design.json")
        for path in (made / "assets").iterdir():
            archive.write(path, f"assets/{path.name}")
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(buffer.getvalue())
    result = run("edit", str(bundle), "make the title bigger", "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["edit_summary"] == "Title 25 % larger"
    assert (tmp_path / "out" / "assets").is_dir()


@pytest.mark.parametrize(("instruction", "message"), [
    ("blorp the flimflam", "What should I change?"),
    ("undo", "undo needs the version history"),
])
def test_unclear_or_impossible_edits_are_one_line_and_write_nothing(made, tmp_path, instruction, message):
    result = run("edit", str(made / "design.json"), instruction, "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_version_id_needs_a_server(tmp_path):
    result = run("edit", "0d5e3c6e-0000-0000-0000-000000000000", "title in yellow", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and "needs --server" in result.stderr


def test_titles_and_presets_locally():
    suggested = run("titles", "suggest", "budget travel in japan", "--count", "3", "--json")
    assert suggested.exit_code == 0, suggested.stderr
    answer = json.loads(suggested.stdout)
    assert answer["source"] == "offline" and len(answer["suggestions"]) == 3
    assert all(s["fits"] and "japan" in s["text"].lower() for s in answer["suggestions"])

    refined = run("titles", "refine", "the best budget travel tips", "--mode", "upper", "--json")
    assert json.loads(refined.stdout)["text"] == "THE BEST BUDGET TRAVEL TIPS"
    bad = run("titles", "refine", "x", "--mode", "louder")
    assert bad.exit_code == 1 and "--mode must be one of" in bad.stderr

    presets = run("presets", "--json")
    items = json.loads(presets.stdout)
    assert "neon" in {p["name"] for p in items} and all("palette" in p and "title" in p for p in items)
