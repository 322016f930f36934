"""`routix config`, `routix db upgrade` and `routix users create-admin` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy import select

from routix.config import Settings
from routix.store.db import Database
from routix.store.models import User


def _routix(args: list[str], env_extra: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "routix.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120,
    )


def test_config_prints_masked_settings(tmp_path):
    out = _routix(["config", "--json"], {
        "ROUTIX_DATA_DIR": str(tmp_path), "ROUTIX_OPENAI_API_KEY": "sk-test-secret",
        "ROUTIX_DATABASE_URL": "postgresql+psycopg://u:topsecret@db/routix",
    })
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["openai_api_key"] == "********" and "topsecret" not in out.stdout and "sk-test" not in out.stdout
    assert data["data_dir"] == str(tmp_path) and data["queue"] == "inline"


def test_db_upgrade_and_create_admin(tmp_path):
    env = {"ROUTIX_DATA_DIR": str(tmp_path)}
    assert json.loads(_routix(["db", "current", "--json"], env).stdout) == {"revision": None}
    upgraded = _routix(["db", "upgrade", "--json"], env)
    assert upgraded.returncode == 0 and json.loads(upgraded.stdout)["revision"]
    assert json.loads(_routix(["db", "current", "--json"], env).stdout) == json.loads(upgraded.stdout)
    made = _routix(["users", "create-admin", "--email", "Boss@Example.com", "--password-stdin", "--json"], env,
                   "long enough pw\n")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["email"] == "boss@example.com"
    weak = _routix(["users", "create-admin", "--email", "x@example.com", "--password-stdin", "--json"], env,
                   "short\n")
    assert weak.returncode == 1 and "error:" in weak.stderr and "Traceback" not in weak.stderr
    assert json.loads(weak.stdout)["error"]["message"]
    db = Database(Settings(data_dir=tmp_path).effective_database_url)
    with db.session() as session:
        users = session.scalars(select(User)).all()
    db.dispose()
    assert [(u.email, u.is_admin) for u in users] == [("boss@example.com", True)]


def test_worker_without_celery_config_explains(tmp_path):
    out = _routix(["worker"], {"ROUTIX_DATA_DIR": str(tmp_path)})
    assert out.returncode == 1 and "ROUTIX_QUEUE=celery" in out.stderr
