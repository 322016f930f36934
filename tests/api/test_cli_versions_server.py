"""``routix edit``, ``routix titles`` and ``routix presets`` with ``--server``: a live server,
the API key's user, files downloaded into ``--out`` and ``--json`` answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from api.live_server import serve
from api.test_cli_remote import api_key, run


@pytest.fixture
def live(services, celery_worker):
    with serve(services, start_workers=True) as server:
        yield server


def test_edit_titles_and_presets_against_a_server(live, tmp_path):
    key = api_key(live)
    on_server = ["--server", live.base_url, "--api-key", key]
    made = run("generate", "cozy cooking vlog", "--title", "Soup Day", "--out", str(tmp_path / "v1"), "--json",
               *on_server)
    assert made.exit_code == 0, made.stderr
    version = json.loads(made.stdout)["id"]

    edited = run("edit", version, "change the title to 'Stew Night'", "--out", str(tmp_path / "v2"), "--json",
                 *on_server)
    assert edited.exit_code == 0, edited.stderr
    summary = json.loads(edited.stdout)
    assert summary["kind"] == "edit" and summary["parent"] == version and summary["id"] != version
    assert "Stew Night" in summary["edit_summary"]
    assert Image.open(tmp_path / "v2" / "thumbnail.jpg").size == (1280, 720)
    design = json.loads((tmp_path / "v2" / "design.json").read_text())
    assert any(layer.get("text") == "Stew Night" for layer in design["layers"])
    before = Image.open(tmp_path / "v1" / "thumbnail.jpg").convert("RGB").tobytes()
    assert Image.open(tmp_path / "v2" / "thumbnail.jpg").convert("RGB").tobytes() != before

    unclear = run("edit", version, "blorp", "--out", str(tmp_path / "v3"), *on_server)
    assert unclear.exit_code == 1 and "What should I change?" in unclear.stderr
    assert not (tmp_path / "v3").exists()

    titles = run("titles", "suggest", "budget travel in japan", "--count", "4", "--version", version, "--json",
                 *on_server)
    assert titles.exit_code == 0, titles.stderr
    assert len(json.loads(titles.stdout)["suggestions"]) == 4
    refined = run("titles", "refine", "the best budget travel tips", "--mode", "upper", "--json", *on_server)
    assert json.loads(refined.stdout)["text"] == "THE BEST BUDGET TRAVEL TIPS"

    presets = run("presets", "--json", *on_server)
    assert presets.exit_code == 0, presets.stderr
    items = json.loads(presets.stdout)
    assert items and all(p["preview_url"].startswith(live.base_url) for p in items)
    wrong = run("presets", "--server", live.base_url, "--api-key", "rtx_not_a_key")
    assert wrong.exit_code == 1 and "401" in wrong.stderr


def test_a_design_path_is_not_a_version_on_a_server(live, tmp_path):
    key = api_key(live)
    result = run("edit", str(Path(tmp_path / "design.json")), "title in yellow", "--out", str(tmp_path / "o"),
                 "--server", live.base_url, "--api-key", key)
    assert result.exit_code == 1 and "not a version id" in result.stderr
