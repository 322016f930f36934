"""A real generation followed live over WebSocket and SSE, through real workers
(in-process on the embedded backend; a Celery worker process + Redis bus on the scaled one)."""

from __future__ import annotations

import json

import pytest

from api.live_server import open_socket, parse_sse, recv, serve

pytestmark = pytest.mark.slow
SECRET_WORDS = ("template_id", "template_score", "alternatives")


@pytest.fixture
def live(services, celery_worker):
    with serve(services, start_workers=True) as server:
        yield server


def test_a_real_generation_streams_progress_and_ends_completed(live):
    account = live.register()
    headers = {"Authorization": f"Bearer {account['access_token']}"}
    with open_socket(live, f"?token={account['access_token']}") as ws:
        assert recv(ws)["event"] == "connection:established"
        with live.http() as http:
            created = http.post("/api/v1/generation/create", headers=headers,
                                json={"prompt": "gaming thumbnail with explosions", "title": "Boss Fight"})
            assert created.status_code == 201, created.text
            request_id = created.json()["id"]
            with http.stream("GET", f"/api/v1/generation/{request_id}/events", headers=headers) as response:
                assert response.status_code == 200
                sse = [m for m in parse_sse(response.iter_lines()) if "event" in m]
            status = http.get(f"/api/v1/generation/{request_id}/status", headers=headers).json()

        ws_events = []
        while not ws_events or ws_events[-1]["event"] not in ("generation:completed", "generation:failed"):
            event = recv(ws, timeout=120)
            if event["data"].get("request_id") == request_id:
                ws_events.append(event)

    assert status["status"] == "completed"
    for stream in ([m["event"] for m in sse], [e["event"] for e in ws_events]):
        assert stream[-1] == "generation:completed" and stream.count("generation:completed") == 1
        assert set(stream[:-1]) <= {"generation:progress", "generation:thumbnail", "generation:output"}
        # the thumbnail is announced once, before any of the files made after it
        assert stream.count("generation:thumbnail") == 1
        assert "generation:output" in stream
        assert stream.index("generation:thumbnail") < stream.index("generation:output")
    assert len(ws_events) >= 3  # the stages arrive live, not only the final state
    for progress in ([m["data"]["progress"] for m in sse], [e["data"]["progress"] for e in ws_events]):
        assert progress == sorted(progress) and progress[-1] == 100
    assert sse[-1]["data"]["thumbnail_url"] and ws_events[-1]["data"]["thumbnail_url"]
    [early] = [e["data"] for e in ws_events if e["event"] == "generation:thumbnail"]
    assert early["thumbnail_url"] and early["progress"] < 100 and early["status"] == "generating"
    outputs = {e["data"]["name"] for e in ws_events if e["event"] == "generation:output"}
    assert {"cover.jpg", "design.psd", "quality.json"} <= outputs and "thumbnail.jpg" not in outputs
    wire = json.dumps([m["data"] for m in sse]) + json.dumps(ws_events)
    assert not any(word in wire for word in SECRET_WORDS)
