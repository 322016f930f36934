"""The CLI end to end: a real photo in, every promised file out; bad input leaves nothing.

These run without a template library (ROUTIX_DATA_DIR points at a folder that does not exist):
the offline, zero-config path. tests/test_cli_library.py covers the library path."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from psd_tools import PSDImage
from typer.testing import CliRunner

from routix.cli import app
from routix.cli.support import library_present
from routix.config import Settings, get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data dir that does not exist, whatever the machine's ~/.local/share/routix holds."""
    data = tmp_path / "routix-data"
    monkeypatch.setenv("ROUTIX_DATA_DIR", str(data))
    monkeypatch.delenv("ROUTIX_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def _run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.slow
def test_generate_on_a_real_photo_writes_every_file(tmp_path: Path, photo_path: Path):
    out = tmp_path / "out"
    result = _run("generate", "tech explainer about the first computer bug", "--face", str(photo_path),
                  "--title", "The First Computer Bug", "--variants", "2", "--seed", "5", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["category"] == "tech"
    names = {p.name for p in out.iterdir()}
    assert {"thumbnail.jpg", "cover.jpg", "design.psd", "design.json", "quality.json",
            "variant-1.jpg", "variant-2.jpg"} <= names
    with Image.open(out / "thumbnail.jpg") as im:
        assert im.size == (1280, 720) and im.format == "JPEG"
    with Image.open(out / "cover.jpg") as im:
        assert im.size == (3000, 3000)
    assert (out / "thumbnail.jpg").stat().st_size < 2_000_000
    assert (out / "cover.jpg").stat().st_size < 2_000_000
    psd = PSDImage.open(out / "design.psd")
    assert psd.size == (1280, 720) and len(list(psd)) >= 3
    quality = json.loads((out / "quality.json").read_text())
    assert {c["name"] for c in quality["checks"]} >= {"title_contrast", "safe_margins", "timestamp_corner"}
    design = json.loads((out / "design.json").read_text())
    assert any(layer["slot"] == "subject" for layer in design["layers"] if "slot" in layer)
    assert not list(tmp_path.glob(".out.staging-*"))

    # re-render the written design: same pixels as the generated thumbnail
    again = tmp_path / "again"
    result = _run("render", str(out / "design.json"), "--out", str(again), "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert {Path(f["path"]).name for f in files} == {"thumbnail.jpg", "thumbnail.png", "cover.jpg", "design.psd"}
    assert all(Path(f["path"]).stat().st_size == f["bytes"] for f in files)
    with Image.open(out / "thumbnail.jpg") as a, Image.open(again / "thumbnail.jpg") as b:
        diff = sum(abs(x - y) for x, y in zip(a.convert("L").getdata(), b.convert("L").getdata(), strict=True))
        assert diff / (1280 * 720) < 1.0


@pytest.mark.parametrize(
    "kind", ["not_an_image", "truncated", "pixel_bomb", "cmyk", "16bit", "animated_gif", "missing"]
)
def test_bad_face_input_exits_with_one_clear_line_and_no_files(tmp_path: Path, bad_images, kind):
    out = tmp_path / "out"
    result = _run("generate", "gaming thumbnail with explosions", "--face", str(bad_images[kind]), "--out", str(out))
    assert result.exit_code == 1
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert not out.exists() or not any(out.iterdir())
    assert not list(tmp_path.glob(".out.staging-*"))


def test_empty_prompt_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    result = _run("generate", "   ", "--out", str(out))
    assert result.exit_code == 1 and "prompt is empty" in result.output
    assert not out.exists()


def test_aspect_9_16_adds_the_shorts_image_and_an_unknown_aspect_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    result = _run("generate", "tech review of a tiny drone", "--title", "Tiny Drone", "--aspect", "9:16",
                  "--no-ocr", "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "short.jpg" in json.loads(result.stdout)["outputs"]
    with Image.open(out / "short.jpg") as short, Image.open(out / "thumbnail.jpg") as wide:
        assert short.size == (1080, 1920) and wide.size == (1280, 720)
    from psd_tools import PSDImage

    tall = PSDImage.open(out / "design-9x16.psd")  # the 9:16 layout, layered, like the 16:9 and 1:1 PSDs
    names = [layer.name for layer in tall]
    assert tall.size == (1080, 1920) and names[0] == "Background"
    assert any(name.startswith("Title | TINY DRONE") for name in names)
    refused = _run("generate", "tech review", "--aspect", "4:3", "--out", str(tmp_path / "bad"))
    assert refused.exit_code == 1 and "aspects must be among 9:16, got 4:3" in refused.output
    assert not (tmp_path / "bad").exists()


def test_existing_files_in_out_survive_a_failed_run(tmp_path: Path, bad_images):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = _run("generate", "vlog", "--face", str(bad_images["truncated"]), "--out", str(out))
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_render_rejects_invalid_design_and_escaping_assets(tmp_path: Path):
    bad = tmp_path / "design.json"
    bad.write_text(json.dumps({"schema": "routix.design/1", "layers": [], "oops": 1}))
    result = _run("render", str(bad), "--out", str(tmp_path / "r"))
    assert result.exit_code == 1 and result.output.startswith("error:")
    escaping = {"schema": "routix.design/1", "layers": [
        {"kind": "image", "id": "x", "asset": "../../etc/passwd", "box": {"x": 0, "y": 0, "w": 1, "h": 1}}]}
    bad.write_text(json.dumps(escaping))
    result = _run("render", str(bad), "--out", str(tmp_path / "r"))
    assert result.exit_code == 1 and "outside" in result.output
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())


def test_templates_list_and_search_json():
    listed = json.loads(_run("templates", "list", "--json").stdout)
    assert len(listed) >= 16 and len({t["category"] for t in listed}) >= 10
    found = json.loads(_run("templates", "search", "stock market crash explained", "--json", "-k", "3").stdout)
    assert len(found) == 3
    assert found[0]["score"] >= found[1]["score"] >= found[2]["score"]
    assert "finance" in {t["category"] for t in found}


def test_generate_without_a_data_dir_is_offline_and_creates_no_database(tmp_path: Path, no_data_dir: Path):
    result = _run("generate", "stock market crash explained", "--no-ocr", "--json", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["template"].startswith("finance-")  # a starter template
    listed = json.loads(_run("templates", "list", "--json").stdout)
    assert {t["source"] for t in listed} == {"starter"}
    assert not no_data_dir.exists()
    refused = _run("generate", "x", "--algorithm", "v1", "--out", str(tmp_path / "v"))
    assert refused.exit_code == 1 and "template library" in refused.output
    assert not no_data_dir.exists() and not (tmp_path / "v").exists()


def test_the_library_rule(tmp_path: Path):
    assert not library_present(Settings(data_dir=tmp_path))
    (tmp_path / "routix.db").touch()
    assert library_present(Settings(data_dir=tmp_path))
    assert library_present(Settings(data_dir=tmp_path / "none", database_url="postgresql+psycopg://u@db/routix"))
    assert not library_present(Settings(data_dir=tmp_path, database_url="sqlite://"))
    assert not library_present(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'other.db'}"))


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "routix"
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "generate" in proc.stdout
