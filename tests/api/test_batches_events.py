"""Batch events: ``batch:progress`` (counts per status, the changed row, ETA) over the
WebSocket and SSE; SSE refuses strangers and ends when the batch is completed."""

from __future__ import annotations

import time

import pytest

from api.live_server import open_socket, parse_sse, recv, serve


@pytest.fixture
def live(services):
    with serve(services, start_workers=True) as server:
        yield server


def _create(http, account, n: int) -> dict:
    rows = [{"prompt": p, "name": f"r{i}"} for i, p in enumerate(
        ["calm lofi study music", "epic gaming montage", "podcast with a guest"][:n], start=1)]
    answer = http.post("/api/v1/batches", json={"rows": rows},
                       headers={"Authorization": f"Bearer {account['access_token']}"})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_websocket_and_sse_carry_batch_progress_until_completed(live):
    alice, bob = live.register(), live.register()
    headers = {"Authorization": f"Bearer {alice['access_token']}"}
    with live.http() as http:
        batch = _create(http, alice, 3)
        url = f"/api/v1/batches/{batch['id']}/events"
        assert http.get(url).status_code == 401
        assert http.get(url, params={"access_token": bob["access_token"]}).status_code == 404
        with open_socket(live, f"?token={alice['access_token']}") as ws:
            assert recv(ws)["event"] == "connection:established"
            with http.stream("GET", url, params={"access_token": alice["access_token"]}) as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                assert http.post(f"/api/v1/batches/{batch['id']}/start", headers=headers).status_code == 200
                messages = parse_sse(stream.iter_lines())
            socket_events, deadline = [], time.monotonic() + 60
            while time.monotonic() < deadline:
                event = recv(ws, timeout=30)
                if event["event"] == "batch:progress":
                    socket_events.append(event["data"])
                    if event["data"]["status"] == "completed":
                        break
    events = [m["data"] for m in messages if m.get("event") == "batch:progress"]
    assert events[0]["status"] == "draft" and events[0]["row"] is None and events[0]["counts"]["ready"] == 3
    assert events[-1]["status"] == "completed" and events[-1]["counts"]["completed"] == 3
    finished = [e["row"] for e in events if e["row"] and e["row"]["status"] == "completed"]
    assert sorted(r["name"] for r in finished) == ["r1", "r2", "r3"]
    assert all(r["thumbnail_url"] for r in finished)
    assert all({"eta_seconds", "credits_spent", "total"} <= set(e) for e in events)
    assert socket_events[-1]["status"] == "completed" and socket_events[-1]["batch_id"] == batch["id"]
    assert any(e["row"] and e["row"]["status"] == "running" for e in socket_events)
