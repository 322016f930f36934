"""``routix batch run/status/export --server URL --api-key KEY`` against a live server."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from api.live_server import serve
from routix.cli import app


def test_batch_commands_talk_to_a_server(services, celery_worker, tmp_path):
    sheet = tmp_path / "rows.csv"
    sheet.write_text("Video,Idea,Thumbnail text\nep1,calm lofi study music,Study With Me\nep2,,Nothing\n")
    with serve(services, start_workers=True) as live, live.http() as http:
        account = live.register()
        key = http.post("/api/v1/auth/api-keys", json={"name": "cli"},
                        headers={"Authorization": f"Bearer {account['access_token']}"}).json()["key"]
        server = ["--server", live.base_url, "--api-key", key]
        out = tmp_path / "out"
        ran = CliRunner().invoke(app, ["batch", "run", str(sheet), "--out", str(out), "--json", *server])
        assert ran.exit_code == 0, ran.output
        summary = json.loads(ran.output)
        assert summary["counts"]["completed"] == 1 and summary["row_errors"] == {"2": ["prompt is empty"]}
        rows = list(csv.DictReader((out / "batch.csv").open(encoding="utf-8-sig")))
        assert [(r["name"], r["status"]) for r in rows] == [("ep1", "completed"), ("ep2", "invalid")]
        assert (out / "images" / "0001-ep1.jpg").read_bytes()[:3] == b"\xff\xd8\xff"

        status = CliRunner().invoke(app, ["batch", "status", summary["id"], "--json", *server])
        assert status.exit_code == 0 and json.loads(status.output)["status"] == "completed"
        again = CliRunner().invoke(app, ["batch", "export", summary["id"], "--out", str(tmp_path / "again"), *server])
        assert again.exit_code == 0 and (tmp_path / "again" / "images" / "0001-ep1.jpg").exists()
        refused = CliRunner().invoke(app, ["batch", "status", summary["id"], "--server", live.base_url,
                                           "--api-key", "rtx_wrong"])
        assert refused.exit_code == 1 and "401" in refused.output
