"""A request's writes are committed before its response is sent.

Over a real uvicorn server (the TestClient waits for the whole ASGI call, after-response work
included, so it cannot show the race) whose commits take a little while, as on a busy database:
a revoked API key and a deleted conversation must be refused by the very next request, every
time. A commit that fails must answer a 503 problem, not the route's 2xx, and leave nothing
behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from api.live_server import LiveServer, serve

ROUNDS = 40
#: Seconds each commit takes in the race tests (a database under load).
COMMIT_DELAY = 0.02


def _slow_commit(session: Session) -> None:
    time.sleep(COMMIT_DELAY)


@pytest.fixture
def live(services) -> Iterator[LiveServer]:
    """The app over ``services`` on a real server; the test's session factory (it lives as long
    as the test) gets the slow commits."""
    event.listen(services.db.sessions, "before_commit", _slow_commit)
    with serve(services) as server:
        yield server


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_revoked_api_key_is_refused_by_the_very_next_request(live):
    account = live.register()
    owner = _bearer(account["access_token"])
    with live.http() as http:
        for round_ in range(ROUNDS):
            created = http.post("/api/v1/auth/api-keys", json={"name": f"script {round_}"}, headers=owner)
            assert created.status_code == 201, created.text
            key = created.json()
            assert http.get("/api/v1/auth/me", headers={"X-API-Key": key["key"]}).status_code == 200
            assert http.delete(f"/api/v1/auth/api-keys/{key['id']}", headers=owner).status_code == 204
            after = http.get("/api/v1/auth/me", headers=_bearer(key["key"]))
            assert after.status_code == 401, f"round {round_}: the revoked key answered {after.status_code}"
            assert after.json()["code"] == "invalid_api_key"


def test_a_deleted_conversation_is_gone_for_the_very_next_request(live):
    owner = _bearer(live.register()["access_token"])
    with live.http() as http:
        for round_ in range(ROUNDS):
            created = http.post("/api/v1/chat/conversations", json={"title": f"chat {round_}"}, headers=owner)
            assert created.status_code == 201, created.text
            url = f"/api/v1/chat/conversations/{created.json()['id']}"
            assert http.delete(url, headers=owner).status_code == 204
            after = http.get(url, headers=owner)
            assert after.status_code == 404, f"round {round_}: the deleted conversation answered {after.status_code}"


class FailNextCommit:
    """Makes the next commit of a session of ``services`` raise, once, while the block runs
    (listens on the test's own session factory)."""

    def __init__(self, services) -> None:
        self.armed = threading.Event()
        self.failed = 0
        event.listen(services.db.sessions, "before_commit", self)

    def __call__(self, session: Session) -> None:
        if self.armed.is_set():
            self.armed.clear()
            self.failed += 1
            raise RuntimeError("the database went away during the commit")

    def __enter__(self) -> FailNextCommit:
        self.armed.set()
        return self

    def __exit__(self, *exc: object) -> None:
        self.armed.clear()


@pytest.fixture
def app_client(services) -> Iterator[TestClient]:
    from routix.api.app import create_app

    with TestClient(create_app(services, start_workers=False, migrate=False), raise_server_exceptions=False) as client:
        yield client


def test_a_failed_commit_answers_a_problem_and_keeps_nothing(app_client, services):
    registered = app_client.post("/api/v1/auth/register",
                                 json={"email": "commit@example.com", "password": "correct horse battery"})
    owner = _bearer(registered.json()["access_token"])
    with FailNextCommit(services) as failing:
        response = app_client.post("/api/v1/auth/api-keys", json={"name": "never saved"}, headers=owner)
    assert failing.failed == 1
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "commit_failed"
    assert app_client.get("/api/v1/auth/api-keys", headers=owner).json() == []


def test_a_failed_commit_of_a_delete_leaves_the_row(app_client, services):
    owner = _bearer(app_client.post("/api/v1/auth/register", json={
        "email": "keep@example.com", "password": "correct horse battery"}).json()["access_token"])
    conversation = app_client.post("/api/v1/chat/conversations", json={"title": "keep me"}, headers=owner).json()
    url = f"/api/v1/chat/conversations/{conversation['id']}"
    with FailNextCommit(services) as failing:
        response = app_client.delete(url, headers=owner)
    assert failing.failed == 1
    assert response.status_code == 503 and response.json()["code"] == "commit_failed"
    assert app_client.get(url, headers=owner).json()["title"] == "keep me"


def test_an_upload_whose_commit_fails_leaves_no_row_and_no_blob(app_client, services):
    """The asset's blob is written before the commit; the rollback callback removes it again."""
    from api.assets_support import assert_nothing_stored, encoded

    owner = _bearer(app_client.post("/api/v1/auth/register", json={
        "email": "upload@example.com", "password": "correct horse battery"}).json()["access_token"])
    with FailNextCommit(services) as failing:
        response = app_client.post("/api/v1/assets", files={"file": ("face.jpg", encoded((64, 48)), "image/jpeg")},
                                   data={"asset_type": "face"}, headers=owner)
    assert failing.failed == 1
    assert response.status_code == 503 and response.json()["code"] == "commit_failed"
    assert_nothing_stored(services)
