"""The CLI's server mode: ``--server URL`` (or ``ROUTIX_SERVER``) with an API key runs generate,
status, result, animate and templates list/search against a live server (uvicorn in a thread),
writes the files into ``--out`` and prints ``--json``; errors are one line and nothing written."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from api.live_server import serve
from routix.cli import app
from routix.store.models import User

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "routix" / "samples" / "grace_hopper.jpg"
RESULT_FILES = {"thumbnail.jpg", "thumbnail.png", "cover.jpg", "design.psd", "design.json", "quality.json",
                "variant-1.jpg"}


@pytest.fixture
def live(services, celery_worker):
    with serve(services, start_workers=True) as server:
        yield server


def api_key(live, *, admin: bool = False) -> str:
    account = live.register()
    if admin:
        with live.services.db.session() as session:
            session.get(User, uuid.UUID(account["user"]["id"])).is_admin = True
    with live.http() as http:
        response = http.post("/api/v1/auth/api-keys", json={"name": "cli"},
                             headers={"Authorization": f"Bearer {account['access_token']}"})
    assert response.status_code == 201, response.text
    return response.json()["key"]


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={"ROUTIX_SERVER": "", "ROUTIX_API_KEY": "", **(env or {})})


def test_generate_status_and_result_against_a_server(live, tmp_path):
    key = api_key(live)
    out = tmp_path / "made"
    made = run("generate", "gaming thumbnail with explosions", "--title", "Boss Fight", "--face", str(SAMPLE),
               "--variants", "1", "--out", str(out), "--json", "--server", live.base_url, "--api-key", key)
    assert made.exit_code == 0, made.stderr
    summary = json.loads(made.stdout)
    assert summary["status"] == "completed" and summary["algorithm"] == "lightning"
    assert {Path(f["path"]).name for f in summary["files"]} == RESULT_FILES
    assert all(Path(f["path"]).stat().st_size == f["bytes"] > 0 for f in summary["files"])
    assert Image.open(out / "thumbnail.jpg").size == (1280, 720)
    assert Image.open(out / "cover.jpg").size == (3000, 3000)
    assert json.loads((out / "design.json").read_text())["layers"]
    assert summary["quality"]["checks"] and summary["brief"]["category"] == "gaming"
    generation_id = summary["id"]
    with live.services.db.session() as session:  # it was made by the key's user, on the server
        from routix.store.models import GenerationRequest

        row = session.get(GenerationRequest, uuid.UUID(generation_id))
        assert row is not None and row.status == "completed" and row.custom_text == "Boss Fight"

    # the key may come from the environment, like the server
    status = run("status", generation_id, "--json", env={"ROUTIX_SERVER": live.base_url, "ROUTIX_API_KEY": key})
    assert status.exit_code == 0, status.stderr
    assert json.loads(status.stdout)["status"] == "completed" and json.loads(status.stdout)["progress"] == 100
    text = run("status", generation_id, "--server", live.base_url, "--api-key", key)
    assert text.exit_code == 0 and generation_id in text.stderr and "completed" in text.stderr

    again = tmp_path / "again"
    fetched = run("result", generation_id, "--out", str(again), "--json", "--server", live.base_url, "--api-key", key)
    assert fetched.exit_code == 0, fetched.stderr
    assert {p.name for p in again.iterdir()} == RESULT_FILES
    assert (again / "thumbnail.jpg").read_bytes() == (out / "thumbnail.jpg").read_bytes()

    listed = run("history", "--json", "--server", live.base_url, "--api-key", key)
    assert listed.exit_code == 0, listed.stderr
    assert [(g["id"], g["status"], g["prompt"]) for g in json.loads(listed.stdout)] == [
        (generation_id, "completed", "gaming thumbnail with explosions")]
    # history searches the prompt, title and name; discover lists what was published, without a key
    found = run("history", "--search", "explos", "--status", "completed", "--json", "--server", live.base_url,
                "--api-key", key)
    assert found.exit_code == 0, found.stderr
    assert [g["id"] for g in json.loads(found.stdout)] == [generation_id]
    assert json.loads(found.stdout)[0]["name"]
    missed = run("history", "--search", "zebra", "--json", "--server", live.base_url, "--api-key", key)
    assert missed.exit_code == 0 and json.loads(missed.stdout) == []
    nothing = run("discover", "--json", "--server", live.base_url)
    assert nothing.exit_code == 0 and json.loads(nothing.stdout) == []
    with live.http() as http:
        http.post(f"/api/v1/generation/{generation_id}/publish", json={"display_name": "Cli Tester"},
                  headers={"Authorization": f"Bearer {key}"}).raise_for_status()
    public = run("discover", "--sort", "popular", "--json", "--server", live.base_url)
    assert public.exit_code == 0, public.stderr
    [item] = json.loads(public.stdout)
    assert item["by"] == "Cli Tester" and item["likes"] == 0 and item["url"].startswith(live.base_url)
    assert run("discover", "--sort", "best", "--server", live.base_url).exit_code == 1
    assert run("discover").exit_code == 1  # a server is needed
    balance = run("credits", "--json", "--server", live.base_url, "--api-key", key)
    assert balance.exit_code == 0, balance.stderr
    body = json.loads(balance.stdout)
    assert body["balance"] == body["transactions"][0]["balance_after"] and body["plan"]
    assert run("credits").exit_code == 1

    # another user's generation is not found, and nothing is written
    other = run("result", generation_id, "--out", str(tmp_path / "other"), "--json", "--server", live.base_url,
                "--api-key", api_key(live))
    assert other.exit_code == 1 and "HTTP 404" in other.stderr
    assert json.loads(other.stdout)["error"]["code"] == "http_404"
    assert not (tmp_path / "other").exists()


def test_animate_a_generation_on_the_server(live, tmp_path):
    key = api_key(live)
    made = run("generate", "cooking thumbnail pasta", "--out", str(tmp_path / "g"), "--json", "--server",
               live.base_url, "--api-key", key)
    assert made.exit_code == 0, made.stderr
    generation_id = json.loads(made.stdout)["id"]
    out = tmp_path / "video"
    animated = run("animate", generation_id, "--out", str(out), "--preset", "zoom", "--duration", "2", "--fps", "24",
                   "--json", "--server", live.base_url, "--api-key", key)
    assert animated.exit_code == 0, animated.stderr
    summary = json.loads(animated.stdout)
    assert summary["generation_id"] == generation_id and summary["preset"] == "zoom" and summary["duration"] == 2
    names = {Path(f["path"]).name for f in summary["files"]}
    assert names == {"zoom.mp4", "zoom-poster.jpg"}
    assert (out / "zoom.mp4").read_bytes()[4:8] == b"ftyp"
    assert Image.open(out / "zoom-poster.jpg").size == (1280, 720)


def test_templates_list_and_search_need_an_administrators_key(live):
    admin = api_key(live, admin=True)
    listed = run("templates", "list", "--json", "--server", live.base_url, "--api-key", admin)
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) >= 10 and {r["source"] for r in rows} == {"starter"}
    found = run("templates", "search", "minecraft boss fight", "-k", "3", "--json", "--server", live.base_url,
                "--api-key", admin)
    assert found.exit_code == 0, found.stderr
    hits = json.loads(found.stdout)
    assert len(hits) == 3 and {h["id"] for h in hits} <= {r["id"] for r in rows}
    assert hits[0]["category"] == "gaming" and hits[0]["score"] >= hits[-1]["score"]

    refused = run("templates", "list", "--json", "--server", live.base_url, "--api-key", api_key(live))
    assert refused.exit_code == 1 and "HTTP 403" in refused.stderr
    assert json.loads(refused.stdout)["error"]["code"] == "http_403"


def test_server_mode_errors_are_one_line_and_write_nothing(live, tmp_path):
    out = tmp_path / "out"
    no_key = run("generate", "a thumbnail", "--out", str(out), "--server", live.base_url)
    assert no_key.exit_code == 1 and "needs an API key" in no_key.stderr
    wrong = run("generate", "a thumbnail", "--out", str(out), "--server", live.base_url, "--api-key", "rtx_wrong")
    assert wrong.exit_code == 1 and "HTTP 401" in wrong.stderr and len(wrong.stderr.strip().splitlines()) == 1
    bad_url = run("status", str(uuid.uuid4()), "--server", "ftp://x", "--api-key", "k")
    assert bad_url.exit_code == 1 and "http:// or https://" in bad_url.stderr
    unreachable = run("status", str(uuid.uuid4()), "--server", "http://127.0.0.1:9", "--api-key", "k")
    assert unreachable.exit_code == 1 and "cannot reach" in unreachable.stderr
    assert not out.exists()


@pytest.fixture
def local_environment(services, monkeypatch):
    """The CLI's settings (read from the environment) point at the test's service database."""
    from routix.config import get_settings

    if services.db.dialect != "sqlite":
        pytest.skip("the local mode is tested on the embedded database")
    monkeypatch.setenv("ROUTIX_DATA_DIR", str(services.settings.data_dir))
    monkeypatch.setenv("ROUTIX_SECRET_KEY", services.settings.secret_key.get_secret_value())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_status_and_result_read_the_local_service_database(services, local_environment, tmp_path):
    """Without --server the commands read this machine's database (the one `routix serve` uses)."""
    from fastapi.testclient import TestClient

    from api.jobs_support import wait_final
    from routix.api.app import create_app

    with TestClient(create_app(services, start_workers=True, migrate=False)) as client:
        token = client.post("/api/v1/auth/register", json={"email": f"u-{uuid.uuid4().hex[:6]}@example.com",
                                                           "password": "correct horse battery"}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        created = client.post("/api/v1/generation/create", headers=headers, json={"prompt": "travel vlog japan"})
        generation_id = created.json()["id"]
        assert wait_final(client, headers, generation_id)["status"] == "completed"
    status = run("status", generation_id, "--json")
    assert status.exit_code == 0, status.stderr
    assert json.loads(status.stdout)["status"] == "completed"
    out = tmp_path / "local"
    fetched = run("result", generation_id, "--out", str(out))
    assert fetched.exit_code == 0, fetched.stderr
    assert {"thumbnail.jpg", "cover.jpg", "design.psd", "design.json"} <= {p.name for p in out.iterdir()}
    missing = run("status", str(uuid.uuid4()))
    assert missing.exit_code == 1 and "no generation" in missing.stderr


def test_without_a_local_database_status_points_to_the_server(tmp_path, monkeypatch):
    from routix.config import get_settings

    monkeypatch.setenv("ROUTIX_DATA_DIR", str(tmp_path / "empty"))
    get_settings.cache_clear()
    try:
        answer = run("status", str(uuid.uuid4()), "--json")
    finally:
        get_settings.cache_clear()
    assert answer.exit_code == 1 and "--server" in answer.stderr
    assert json.loads(answer.stdout)["error"]["code"] == "invalid_input"
    assert not (tmp_path / "empty").exists()
