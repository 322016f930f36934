"""WebSocket /ws: authentication variants, current state first, per-user delivery, ping."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from websockets.exceptions import ConnectionClosed

from api.live_server import open_socket, recv, serve
from routix.accounts.tokens import issue_token
from routix.events import router as events_router
from routix.generations.views import completed_event, progress_event
from routix.store.models import GenerationRequest, Video, utcnow
from routix.videos.views import progress_event as video_progress


@pytest.fixture
def live(services):
    with serve(services) as server:
        yield server


def refused(ws) -> tuple[dict, int]:
    """The connection:error event and the close code of a refused socket."""
    error = recv(ws)
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    return error, closed.value.rcvd.code


def test_query_token_gets_connection_established(live):
    account = live.register()
    with open_socket(live, f"?token={account['access_token']}") as ws:
        hello = recv(ws)
        assert hello["event"] == "connection:established"
        assert hello["data"]["user_id"] == account["user"]["id"]
        uuid.UUID(hello["data"]["connection_id"])
        ws.send('{"type": "ping"}')
        assert recv(ws)["event"] == "pong"


def test_first_message_auth_and_api_key(live):
    account = live.register()
    with live.http() as http:
        key = http.post("/api/v1/auth/api-keys", json={"name": "ws"},
                        headers={"Authorization": f"Bearer {account['access_token']}"}).json()["key"]
    with open_socket(live) as ws:
        ws.send(f'{{"type": "auth", "token": "{account["access_token"]}"}}')
        assert recv(ws)["data"]["user_id"] == account["user"]["id"]
    with open_socket(live, f"?token={key}") as ws:
        assert recv(ws)["data"]["user_id"] == account["user"]["id"]
    with open_socket(live) as ws:
        ws.send(f'{{"type": "auth", "token": "{key}"}}')
        assert recv(ws)["event"] == "connection:established"


def _bad_tokens(live, account) -> dict[str, str]:
    user_id = uuid.UUID(account["user"]["id"])
    secret = live.services.settings.secret()
    return {
        "forged": issue_token(b"not-the-server-secret-" + b"y" * 20, user_id, "access", 600)[0],
        "expired": issue_token(secret, user_id, "access", -60)[0],
        "refresh_as_access": account["refresh_token"],
        "garbage": "not.a.jwt",
        "unknown_api_key": "rtx_" + "A" * 43,
        "unknown_user": issue_token(secret, uuid.uuid4(), "access", 600)[0],
    }


@pytest.mark.parametrize("how", ["query", "first_message"])
def test_bad_credentials_close_with_4401(live, how):
    account = live.register()
    for name, token in _bad_tokens(live, account).items():
        if how == "query":
            ws = open_socket(live, f"?token={token}")
        else:
            ws = open_socket(live)
            ws.send(f'{{"type": "auth", "token": "{token}"}}')
        with ws:
            error, code = refused(ws)
        assert error["event"] == "connection:error", name
        assert error["data"]["code"] == 4401 and code == 4401, name
        assert error["data"]["reason"] in {"invalid_token", "token_expired", "invalid_api_key"}, name
    expired = _bad_tokens(live, account)["expired"]
    with open_socket(live, f"?token={expired}") as ws:
        assert refused(ws)[0]["data"]["reason"] == "token_expired"


def test_missing_or_wrong_first_message_is_refused(live, monkeypatch):
    with open_socket(live) as ws:
        ws.send('{"type": "ping"}')
        error, code = refused(ws)
    assert (error["data"]["reason"], code) == ("not_authenticated", 4401)
    monkeypatch.setattr(events_router, "AUTH_TIMEOUT", 0.2)
    with open_socket(live) as ws:  # says nothing at all
        error, code = refused(ws)
    assert (error["data"]["reason"], code) == ("not_authenticated", 4401)


def _row(user_id: str, **fields) -> GenerationRequest:
    return GenerationRequest(user_id=uuid.UUID(user_id), prompt="gaming thumbnail", **fields)


def test_late_subscriber_gets_current_state_then_only_newer_events(live):
    account, other = live.register(), live.register()
    uid = account["user"]["id"]
    now = utcnow()
    with live.services.db.session() as session:
        running = _row(uid, status="composing", stage="composing", progress=40, message="Composing", attempt=1)
        recent = _row(uid, status="completed", stage="completed", progress=100,
                      completed_at=now - timedelta(seconds=10), processing_time=1.5)
        old = _row(uid, status="completed", stage="completed", progress=100, created_at=now - timedelta(minutes=20),
                   updated_at=now - timedelta(minutes=10), completed_at=now - timedelta(minutes=10))
        foreign = _row(other["user"]["id"], status="analyzing", stage="analyzing", progress=10)
        session.add_all([running, recent, old, foreign])
        session.flush()
        ids = {name: str(row.id) for name, row in
               [("running", running), ("recent", recent), ("old", old), ("foreign", foreign)]}

    with open_socket(live, f"?token={account['access_token']}") as ws:
        assert recv(ws)["event"] == "connection:established"
        first, second = recv(ws), recv(ws)
        assert {(first["event"], first["data"]["request_id"]), (second["event"], second["data"]["request_id"])} == {
            ("generation:progress", ids["running"]), ("generation:completed", ids["recent"])}
        state = first if first["event"] == "generation:progress" else second
        assert (state["data"]["progress"], state["data"]["stage"], state["data"]["attempt"]) == (40, "composing", 1)

        bus = live.services.bus
        running.status = running.stage = "analyzing"
        running.progress = 20  # older than the snapshot: dropped
        bus.publish(uid, progress_event(running))
        bus.publish(uid, completed_event(recent, live.services))  # already final: dropped
        running.status = running.stage = "generating"
        running.progress = 70
        bus.publish(uid, progress_event(running))
        newer = recv(ws)
        assert (newer["event"], newer["data"]["request_id"], newer["data"]["progress"]) == (
            "generation:progress", ids["running"], 70)
        assert isinstance(newer["published_at"], float)


def _video(user_id: str, generation_id: uuid.UUID, **fields) -> Video:
    return Video(user_id=uuid.UUID(user_id), generation_id=generation_id, preset="parallax",
                 animation={"preset": "parallax"}, formats=["mp4"], size="1280x720", duration=2.0, fps=24, frames=48,
                 **fields)


def test_the_snapshot_shows_videos_in_progress_and_just_finished(live):
    account, other = live.register(), live.register()
    uid = account["user"]["id"]
    now = utcnow()
    with live.services.db.session() as session:
        generation = _row(uid, status="completed", stage="completed", progress=100, created_at=now - timedelta(hours=1),
                          updated_at=now - timedelta(hours=1), completed_at=now - timedelta(hours=1))
        theirs = _row(other["user"]["id"], status="completed", stage="completed", progress=100,
                      created_at=now - timedelta(hours=1), updated_at=now - timedelta(hours=1),
                      completed_at=now - timedelta(hours=1))
        session.add_all([generation, theirs])
        session.flush()
        rendering = _video(uid, generation.id, status="processing", progress=35, message="Rendering frame 17 of 48",
                           attempt=1, eta_seconds=4.0)
        queued = _video(uid, generation.id, status="queued")
        done = _video(uid, generation.id, status="completed", progress=100, completed_at=now - timedelta(seconds=5),
                      outputs={}, sizes={})
        failed = _video(uid, generation.id, status="failed", error_code="render_error", error_message="no asset",
                        completed_at=now - timedelta(seconds=5))
        old = _video(uid, generation.id, status="completed", progress=100, created_at=now - timedelta(hours=1),
                     updated_at=now - timedelta(hours=1), completed_at=now - timedelta(hours=1))
        foreign = _video(other["user"]["id"], theirs.id, status="processing", progress=10)
        session.add_all([rendering, queued, done, failed, old, foreign])
        session.flush()
        ids = {name: str(row.id) for name, row in
               [("rendering", rendering), ("queued", queued), ("done", done), ("failed", failed)]}
        rendering_id, generation_id = rendering.id, generation.id

    with open_socket(live, f"?token={account['access_token']}") as ws:
        assert recv(ws)["event"] == "connection:established"
        snapshot = [recv(ws) for _ in range(4)]
        seen = {event["data"]["video_id"]: event for event in snapshot}
        assert set(seen) == set(ids.values()), "in progress and just finished; not the old one, not another user's"
        state = seen[ids["rendering"]]
        assert state["event"] == "video:progress"
        assert (state["data"]["status"], state["data"]["progress"], state["data"]["eta_seconds"]) == (
            "processing", 35, 4.0)
        assert seen[ids["queued"]]["event"] == "video:progress" and seen[ids["queued"]]["data"]["status"] == "queued"
        assert seen[ids["done"]]["event"] == "video:completed"
        assert seen[ids["failed"]]["event"] == "video:failed" and seen[ids["failed"]]["data"]["code"] == "render_error"

        bus = live.services.bus
        bus.publish(uid, video_progress(rendering_id, generation_id, status="processing", progress=20,
                                        message="older", attempt=1, eta_seconds=9.0))  # older than the snapshot
        bus.publish(uid, video_progress(rendering_id, generation_id, status="processing", progress=60,
                                        message="newer", attempt=1, eta_seconds=2.0))
        newer = recv(ws)
        assert (newer["event"], newer["data"]["video_id"], newer["data"]["progress"]) == (
            "video:progress", ids["rendering"], 60)


def test_events_of_one_user_never_reach_another(live):
    alice, bob = live.register(), live.register()
    with open_socket(live, f"?token={alice['access_token']}") as wa, \
            open_socket(live, f"?token={bob['access_token']}") as wb:
        assert recv(wa)["event"] == recv(wb)["event"] == "connection:established"
        bus = live.services.bus
        for i in range(5):
            bus.publish(alice["user"]["id"], {"event": "chat:message", "data": {"conversation_id": "a", "n": i}})
        bus.publish(bob["user"]["id"], {"event": "chat:message", "data": {"conversation_id": "b", "n": 0}})
        assert [recv(wa)["data"]["n"] for _ in range(5)] == [0, 1, 2, 3, 4]
        only = recv(wb)  # the bus keeps per-subscriber order: a leak would arrive before this
        assert only["data"] == {"conversation_id": "b", "n": 0}
        wb.send('{"type": "ping"}')
        assert recv(wb)["event"] == "pong"


def test_query_credentials_are_masked_in_server_logs():
    import logging

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/api/v1/generation/x/events?access_token=eyJh.b.c&n=1",
                                "1.1", 200), None)
    socket_record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, '%s - "WebSocket %s" [accepted]',
                                      ("127.0.0.1:5000", "/ws?token=rtx_secret"), None)
    redact = events_router.RedactQueryTokens()
    assert redact.filter(record) and redact.filter(socket_record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/v1/generation/x/events?access_token=***&n=1 HTTP/1.1" 200'
    assert "rtx_secret" not in socket_record.getMessage() and "/ws?token=***" in socket_record.getMessage()
