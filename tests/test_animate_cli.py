"""`routix animate` end to end on a folder `routix generate` wrote; bad input exits 1 with one
clear line and leaves nothing behind."""

from __future__ import annotations

import io
import json
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from routix.cli import app

runner = CliRunner()



@pytest.fixture(scope="module")
def outdir(generated_dir: Path) -> Path:
    """What `routix generate` writes: design.json + assets/ (and the rest)."""
    return generated_dir


def _run(*args: str):
    return runner.invoke(app, list(args))


def _video(path: Path) -> tuple[str, tuple[int, int], float, int]:
    with av.open(io.BytesIO(path.read_bytes())) as c:
        s = c.streams.video[0]
        n = sum(1 for _ in c.decode(s))
        return s.codec_context.name, (s.width, s.height), float(s.guessed_rate or 0), n


def test_animate_a_generated_folder_into_every_format(tmp_path, outdir):
    out = tmp_path / "clips"
    result = _run("animate", str(outdir), "--preset", "title_reveal", "--reveal", "pop", "--duration", "2",
                  "--fps", "24", "--format", "mp4,webm,gif", "--loop", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["preset"] == "title_reveal" and summary["loop"] is True and summary["size"] == "1280x720"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["title_reveal-poster.jpg", "title_reveal.gif", "title_reveal.mp4", "title_reveal.webm"]
    assert _video(out / "title_reveal.mp4") == ("h264", (1280, 720), 24.0, 48)
    assert _video(out / "title_reveal.webm") == ("vp9", (1280, 720), 24.0, 48)
    assert _video(out / "title_reveal.gif") == ("gif", (480, 270), 15.0, 30)
    assert not list(tmp_path.glob(".clips.staging-*"))


def test_animate_a_design_file_square(tmp_path, outdir):
    out = tmp_path / "square"
    result = _run("animate", str(outdir / "design.json"), "--preset", "zoom", "--duration", "2", "--size",
                  "1080x1080", "--poster", "png", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["zoom-poster.png", "zoom.mp4"]
    assert _video(out / "zoom.mp4")[1] == (1080, 1080)


def test_animate_9_16_uses_the_tall_layout(tmp_path, outdir):
    out = tmp_path / "tall"
    result = _run("animate", str(outdir), "--preset", "parallax", "--duration", "2", "--fps", "24", "--size",
                  "1080x1920", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert _video(out / "parallax.mp4") == ("h264", (1080, 1920), 24.0, 48)


@pytest.mark.parametrize(("args", "message"), [
    (["--duration", "20"], "duration: must be 2-15 s, got 20"),
    (["--fps", "25"], "fps: must be 24, 30 or 60, got 25"),
    (["--preset", "spin"], "unknown preset 'spin'"),
    (["--size", "720x1280"], "size must be one of 1280x720, 1080x1080, 1080x1920"),
    (["--format", "mov"], "unknown format 'mov'"),
    (["--preset", "zoom", "--direction", "left"], "direction 'left' does not apply"),
    (["--format", "gif", "--gif-max-mb", "0.02"], "the GIF would be"),
])
def test_bad_options_exit_1_with_one_line_and_no_files(tmp_path, outdir, args, message):
    out = tmp_path / "out"
    result = _run("animate", str(outdir), "--duration", "2", *args, "--out", str(out))  # a later option wins
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip() and "━" not in line]
    assert lines[-1].startswith("error: ") and message in " ".join(lines)
    assert not out.exists() and not list(tmp_path.glob(".out.staging-*"))


@pytest.mark.parametrize("kind", ["corrupt", "not_json", "missing", "empty_folder", "missing_asset"])
def test_bad_designs_exit_1_with_one_line(tmp_path, outdir, kind):
    if kind == "corrupt":
        source = tmp_path / "design.json"
        source.write_text(json.dumps({"schema": "routix.design/1", "layers": [{"kind": "blob", "id": "x"}]}))
    elif kind == "not_json":
        source = tmp_path / "design.json"
        source.write_text("{not json")
    elif kind == "missing":
        source = tmp_path / "nope.json"
    elif kind == "empty_folder":
        source = tmp_path / "empty"
        source.mkdir()
    else:
        source = tmp_path / "moved" / "design.json"
        source.parent.mkdir()
        source.write_bytes((outdir / "design.json").read_bytes())  # its assets/ folder is not there
    out = tmp_path / "out"
    result = _run("animate", str(source), "--duration", "2", "--out", str(out))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.strip().splitlines() if line.strip() and "━" not in line]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert not out.exists()
