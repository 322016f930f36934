"""SSE /api/v1/generation/{id}/events: auth, ownership, current state first, ends when final."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest

from api.live_server import parse_sse, serve
from routix.events import router as events_router
from routix.generations.views import completed_event, progress_event
from routix.store.models import GenerationRequest, utcnow


@pytest.fixture
def live(services):
    with serve(services) as server:
        yield server


def add_row(services, user_id: str, **fields) -> GenerationRequest:
    with services.db.session() as session:
        row = GenerationRequest(user_id=uuid.UUID(user_id), prompt="cooking video", **fields)
        session.add(row)
    return row


def bearer(account) -> dict:
    return {"Authorization": f"Bearer {account['access_token']}"}


def test_sse_refuses_strangers_before_streaming(live):
    alice, bob = live.register(), live.register()
    row = add_row(live.services, alice["user"]["id"], status="analyzing", stage="analyzing", progress=10)
    url = f"/api/v1/generation/{row.id}/events"
    with live.http() as http:
        anonymous = http.get(url)
        assert anonymous.status_code == 401
        assert anonymous.headers["content-type"].startswith("application/problem+json")
        for response in (http.get(url, headers=bearer(bob)),
                         http.get(url, params={"access_token": bob["access_token"]}),
                         http.get(f"/api/v1/generation/{uuid.uuid4()}/events", headers=bearer(alice))):
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"
        refresh = http.get(url, params={"access_token": alice["refresh_token"]})
        assert refresh.status_code == 401 and refresh.json()["code"] == "invalid_token"


def test_sse_sends_current_state_then_newer_progress_then_ends_on_completed(live):
    alice = live.register()
    uid = alice["user"]["id"]
    row = add_row(live.services, uid, status="composing", stage="composing", progress=40, attempt=1)
    other = add_row(live.services, uid, status="analyzing", stage="analyzing", progress=5)
    bus = live.services.bus

    def publish_later(first_event: threading.Event) -> None:
        first_event.wait(10)
        for target, status, progress in [(row, "analyzing", 20), (other, "generating", 80), (row, "generating", 70)]:
            target.status = target.stage = status
            target.progress = progress
            bus.publish(uid, progress_event(target))
        row.status, row.processing_time = "completed", 1.25
        bus.publish(uid, completed_event(row, live.services))
        bus.publish(uid, progress_event(row))  # after the end: never sent

    got_first = threading.Event()
    thread = threading.Thread(target=publish_later, args=(got_first,))
    thread.start()
    lines = []
    with live.http() as http, http.stream("GET", f"/api/v1/generation/{row.id}/events",
                                          params={"access_token": alice["access_token"]}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith("event:"):
                got_first.set()
    thread.join()
    events = [m for m in parse_sse(lines) if "event" in m]
    assert [(m["event"], m["data"]["progress"]) for m in events] == [
        ("generation:progress", 40), ("generation:progress", 70), ("generation:completed", 100)]
    assert {m["data"]["request_id"] for m in events} == {str(row.id)}
    assert [m["id"] for m in events] == ["1", "2", "3"]


def test_sse_keepalive_rereads_the_row_so_a_lost_event_does_not_hang(live, monkeypatch):
    monkeypatch.setattr(events_router, "KEEPALIVE_SECONDS", 0.3)
    alice = live.register()
    row = add_row(live.services, alice["user"]["id"], status="generating", stage="generating", progress=90)

    def finish_silently() -> None:  # completes the row without publishing anything
        with live.services.db.session() as session:
            stored = session.get(GenerationRequest, row.id)
            stored.status, stored.stage, stored.progress = "completed", "completed", 100
            stored.completed_at = utcnow() - timedelta(seconds=1)

    timer = threading.Timer(0.5, finish_silently)
    timer.start()
    with live.http() as http, http.stream("GET", f"/api/v1/generation/{row.id}/events", headers=bearer(alice)) as r:
        messages = parse_sse(r.iter_lines())
    timer.join()
    assert {"comment": "keep-alive"} in messages
    events = [m["event"] for m in messages if "event" in m]
    assert events[0] == "generation:progress" and events[-1] == "generation:completed"


def test_sse_for_a_finished_generation_is_one_event(live):
    alice = live.register()
    row = add_row(live.services, alice["user"]["id"], status="failed", stage="generating", progress=60,
                  error_code="provider_failed", error_message="the provider timed out")
    with live.http() as http:
        response = http.get(f"/api/v1/generation/{row.id}/events", headers=bearer(alice))
    events = [m for m in parse_sse(response.text.splitlines()) if "event" in m]
    assert len(events) == 1 and events[0]["event"] == "generation:failed"
    assert events[0]["data"]["code"] == "provider_failed" and events[0]["data"]["retry_possible"] is True
