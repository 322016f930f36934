"""The Google Sheets flow of docs/sheets.md: the script's JSON (read from the page itself) with
an API key, then status and export.json exactly as the script reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from api.batches_support import wait_batch

DOC = Path(__file__).resolve().parents[2] / "docs" / "sheets.md"


def _script_request() -> dict:
    text = DOC.read_text()
    return json.loads(re.search(r"## The request the script sends.*?```json\n(.*?)```", text, re.S).group(1))


def test_the_apps_script_request_runs_and_its_results_map_back_to_sheet_rows(client, make_account):
    account = make_account()
    key = client.post("/api/v1/auth/api-keys", json={"name": "sheets"}, headers=account.headers).json()["key"]
    headers = {"X-API-Key": key}
    body = _script_request()
    batch = client.post("/api/v1/batches", json=body, headers=headers)
    assert batch.status_code == 201, batch.text
    answer = batch.json()
    started = [r["status"] for r in answer["rows"][:2]]
    assert all(s in ("queued", "running", "completed") for s in started) and answer["rows"][2]["status"] == "invalid"
    assert answer["rows"][2]["errors"] == ["prompt is empty"]
    status = wait_batch(client, headers, answer["id"])
    assert status["status"] == "completed"
    exported = client.get(f"/api/v1/batches/{answer['id']}/export.json", headers=headers).json()
    by_position = {row["position"]: row for row in exported["rows"]}
    assert [by_position[i]["name"] for i in (1, 2, 3)] == [r["name"] for r in body["rows"]]
    assert by_position[1]["thumbnail_url"] and by_position[2]["thumbnail_url"]
    assert (by_position[3]["status"], by_position[3]["error"], by_position[3]["thumbnail_url"]) == (
        "invalid", "prompt is empty", None)
    assert client.get(by_position[1]["thumbnail_url"]).status_code == 200
