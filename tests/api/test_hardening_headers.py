"""Headers an outsider sees: token answers are never cached (``Cache-Control: no-store``), a
``Permissions-Policy`` on every answer, ``HEAD`` answered for ``GET`` routes (not 405), and
``routix serve`` sends no ``Server: uvicorn``."""

from __future__ import annotations

import pytest

from api.live_server import serve
from routix.api.security import PERMISSIONS_POLICY
from routix.cli.service import uvicorn_options


def test_every_token_answer_is_no_store(client, make_account):
    account = make_account()
    answers = {
        "register": client.post("/api/v1/auth/register", json={"email": "new-one@example.com",
                                                                "password": "correct horse battery"}),
        "login": client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password}),
        "refresh": client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}),
        "failed login": client.post("/api/v1/auth/login", json={"email": account.email, "password": "nope nope"}),
        "api key": client.post("/api/v1/auth/api-keys", json={"name": "k"}, headers=account.headers),
        "me": client.get("/api/v1/auth/me", headers=account.headers),
        "session": client.post("/api/v1/auth/session", headers=account.headers),
        "logout": client.post("/api/v1/auth/logout", json={"refresh_token": account.refresh_token}),
    }
    for name, answer in answers.items():
        assert answer.status_code < 500, (name, answer.text)
        assert answer.headers.get("cache-control") == "no-store", name


def test_answers_that_set_their_own_caching_keep_it(client):
    assert client.get("/login").headers["cache-control"] == "no-cache"
    assert "cache-control" not in client.get("/health").headers


def test_every_answer_has_a_permissions_policy(client):
    for response in (client.get("/health"), client.get("/login"), client.get("/api/v1/auth/me")):
        assert response.headers["permissions-policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY


@pytest.mark.parametrize("path, status", [("/health", 200), ("/api/v1/auth/me", 401), ("/login", 200),
                                          ("/openapi.json", 200), ("/api/v1/nothing-here", 404)])
def test_head_is_answered_like_get_without_a_body(client, path, status):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == status
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    assert head.headers.get("content-length") == get.headers.get("content-length")


def test_head_on_a_post_only_route_is_405(client):
    answer = client.head("/api/v1/auth/login")
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"


def test_head_of_a_stream_ends_at_once(client, make_account):
    """A server-sent event stream answers HEAD with its headers and stops (no endless body)."""
    account = make_account()
    created = client.post("/api/v1/generation/create", json={"prompt": "gaming thumbnail"}, headers=account.headers)
    answer = client.head(f"/api/v1/generation/{created.json()['id']}/events", headers=account.headers)
    assert answer.status_code == 200 and answer.content == b""
    assert answer.headers["content-type"].startswith("text/event-stream")


def test_routix_serve_sends_no_server_header(services):
    with serve(services, **uvicorn_options(services.settings)) as live, live.http() as http:
        answer = http.get("/health")
        head = http.head("/health")
    assert answer.status_code == 200 and "server" not in answer.headers
    assert head.status_code == 200 and head.content == b""
