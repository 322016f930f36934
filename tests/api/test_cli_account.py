"""``routix keys``, ``routix export``, ``routix users list|credits``, ``routix algorithms list``
and ``routix audit list`` against a live server, with an administrator's and a normal user's
API key; and what they do without a server."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile

import pytest

from api.jobs_support import wait_final
from api.live_server import serve
from api.test_cli_remote import api_key, run


@pytest.fixture
def live(services, celery_worker):
    """A live server; on the scaled backend its jobs run in the session's Celery worker."""
    with serve(services, start_workers=True) as server:
        yield server


def _generate(live, key: str, prompt: str) -> str:
    with live.http() as http:
        headers = {"Authorization": f"Bearer {key}"}
        created = http.post("/api/v1/generation/create", headers=headers, json={"prompt": prompt})
        assert created.status_code in (200, 201, 202), created.text
        generation_id = created.json()["id"]
        assert wait_final(http, headers, generation_id)["status"] == "completed"
    return str(generation_id)


def test_keys_list_create_and_revoke(live):
    key = api_key(live)
    on_server = ["--server", live.base_url, "--api-key", key]
    made = run("keys", "create", "ci", "--json", *on_server)
    assert made.exit_code == 0, made.stderr
    created = json.loads(made.stdout)
    assert created["name"] == "ci" and created["key"].startswith("rtx_")

    plain = run("keys", "create", "laptop", *on_server)
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout.strip().startswith("rtx_") and "shown only now" in plain.stderr

    listed = run("keys", "list", "--json", *on_server)
    assert listed.exit_code == 0, listed.stderr
    names = {k["name"]: k for k in json.loads(listed.stdout)}
    assert {"cli", "ci", "laptop"} <= set(names) and all("key" not in k for k in names.values())
    table = run("keys", "list", *on_server)
    assert table.exit_code == 0 and "laptop" in table.stderr and created["prefix"] in table.stderr

    # the new key works; once revoked the server refuses it
    assert run("credits", "--server", live.base_url, "--api-key", created["key"]).exit_code == 0
    revoked = run("keys", "revoke", created["id"], "--json", *on_server)
    assert revoked.exit_code == 0, revoked.stderr
    assert json.loads(revoked.stdout) == {"id": created["id"], "revoked": True}
    refused = run("credits", "--server", live.base_url, "--api-key", created["key"])
    assert refused.exit_code == 1 and "HTTP 401" in refused.stderr

    someone_elses = run("keys", "revoke", str(uuid.uuid4()), *on_server)
    assert someone_elses.exit_code == 1 and "HTTP 404" in someone_elses.stderr
    malformed = run("keys", "revoke", "not-an-id", *on_server)
    assert malformed.exit_code == 1 and "not an API key id" in malformed.stderr


def test_export_the_account_and_chosen_results(live, tmp_path):
    key = api_key(live)
    on_server = ["--server", live.base_url, "--api-key", key]
    generation = _generate(live, key, "cozy cooking vlog")

    whole = tmp_path / "me.zip"
    done = run("export", "--out", str(whole), "--json", *on_server)
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout) == {"path": str(whole), "bytes": whole.stat().st_size, "format": "zip"}
    with zipfile.ZipFile(whole) as archive:
        names = set(archive.namelist())
        assert {"account.json", "generations.json", "api_keys.json"} <= names
        assert generation in archive.read("generations.json").decode()

    as_csv = tmp_path / "chosen.csv"
    chosen = run("export", "--ids", generation, "--format", "csv", "--out", str(as_csv), *on_server)
    assert chosen.exit_code == 0, chosen.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.read_text())))
    assert len(rows) == 1 and generation in as_csv.read_text()
    as_json = tmp_path / "chosen.json"
    assert run("export", "--ids", f"{generation},{generation}", "--format", "json", "--out", str(as_json),
               *on_server).exit_code == 0
    assert len(json.loads(as_json.read_text())["rows"]) == 1
    as_zip = tmp_path / "chosen.zip"
    assert run("export", "--ids", generation, "--out", str(as_zip), *on_server).exit_code == 0
    assert zipfile.is_zipfile(as_zip)

    # someone else's result: the server's 404, and no file
    other = tmp_path / "other.csv"
    refused = run("export", "--ids", generation, "--format", "csv", "--out", str(other),
                  "--server", live.base_url, "--api-key", api_key(live))
    assert refused.exit_code == 1 and "HTTP 404" in refused.stderr
    assert not other.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    wrong = run("export", "--format", "csv", "--out", str(other), *on_server)
    assert wrong.exit_code == 1 and "needs --ids" in wrong.stderr and not other.exists()
    folder = run("export", "--out", str(tmp_path), *on_server)
    assert folder.exit_code == 1 and "--out is a folder" in folder.stderr


def test_admin_commands_with_an_administrators_key(live):
    admin = api_key(live, admin=True)
    on_server = ["--server", live.base_url, "--api-key", admin]
    user = live.register()
    email, user_id = user["user"]["email"], user["user"]["id"]

    listed = run("users", "list", "--q", email.split("@")[0], "--json", *on_server)
    assert listed.exit_code == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert [u["email"] for u in found] == [email]
    before = found[0]["credits"]
    table = run("users", "list", *on_server)
    assert table.exit_code == 0 and user_id in table.stderr  # the id column never wraps

    granted = run("users", "credits", user_id, "25", "--reason", "support ticket", "--json", *on_server)
    assert granted.exit_code == 0, granted.stderr
    assert json.loads(granted.stdout)["balance"] == before + 25
    deducted = run("users", "credits", "--reason", "correction", *on_server, user_id, "--", "-5")
    assert deducted.exit_code == 0, deducted.stderr
    assert f"balance now {before + 20}" in deducted.stderr
    too_much = run("users", "credits", "--reason", "oops", *on_server, "--", user_id,
                   str(-(before + 100)))
    assert too_much.exit_code == 1 and "HTTP 409" in too_much.stderr
    unknown = run("users", "credits", str(uuid.uuid4()), "5", "--reason", "x", *on_server)
    assert unknown.exit_code == 1 and "HTTP 404" in unknown.stderr

    algorithms = run("algorithms", "list", "--json", *on_server)
    assert algorithms.exit_code == 0, algorithms.stderr
    items = json.loads(algorithms.stdout)
    assert items and items[0]["is_default"] and "runs_as" in items[0]
    assert items[0]["name"] in run("algorithms", "list", *on_server).stderr

    audit = run("audit", "list", "--limit", "5", "--json", *on_server)
    assert audit.exit_code == 0, audit.stderr
    entries = json.loads(audit.stdout)
    assert [e["action"] for e in entries[:2]] == ["credits.deduct", "credits.grant"]
    assert entries[0]["resource_id"] == user_id
    only_grants = run("audit", "list", "--action", "credits.grant", "--json", *on_server)
    assert [e["action"] for e in json.loads(only_grants.stdout)] == ["credits.grant"]
    assert "credits.deduct" in run("audit", "list", *on_server).stderr


def test_admin_commands_refuse_a_normal_users_key(live):
    on_server = ["--server", live.base_url, "--api-key", api_key(live)]
    target = live.register()["user"]["id"]
    for command in (["users", "list"], ["users", "credits", target, "10", "--reason", "me"],
                    ["algorithms", "list"], ["audit", "list"]):
        refused = run(*command, "--json", *on_server)
        assert refused.exit_code == 1, command
        assert "HTTP 403" in refused.stderr and "admin" in refused.stderr.lower(), refused.stderr
        assert json.loads(refused.stdout)["error"]["code"] == "http_403"


@pytest.mark.parametrize("command", [["keys", "list"], ["keys", "create", "ci"], ["keys", "revoke", str(uuid.uuid4())],
                                     ["export", "--out", "x.zip"], ["audit", "list"],
                                     ["users", "credits", str(uuid.uuid4()), "5", "--reason", "r"]])
def test_account_commands_need_a_server(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answer = run(*command, "--json")
    assert answer.exit_code == 1 and "--server" in answer.stderr
    assert json.loads(answer.stdout)["error"]["code"] == "needs_server"
    assert list(tmp_path.iterdir()) == []


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


def test_users_and_algorithms_list_read_the_local_database(services, local_environment):
    from routix.accounts.service import create_admin

    with services.db.session() as session:
        create_admin(session, "ops@example.com", "correct horse battery", None)
    users = run("users", "list", "--q", "ops@", "--json")
    assert users.exit_code == 0, users.stderr
    assert [(u["email"], u["is_admin"]) for u in json.loads(users.stdout)] == [("ops@example.com", True)]
    algorithms = run("algorithms", "list", "--json")
    assert algorithms.exit_code == 0, algorithms.stderr
    assert any(a["is_default"] for a in json.loads(algorithms.stdout))


def test_local_lists_without_a_database_point_to_the_server(tmp_path, monkeypatch):
    from routix.config import get_settings

    monkeypatch.setenv("ROUTIX_DATA_DIR", str(tmp_path / "empty"))
    get_settings.cache_clear()
    try:
        answers = [run("users", "list"), run("algorithms", "list")]
    finally:
        get_settings.cache_clear()
    assert all(a.exit_code == 1 and "--server" in a.stderr for a in answers)
    assert not (tmp_path / "empty").exists()
