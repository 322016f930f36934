"""Rate limits per route class with low limits (the shared ``settings`` fixture turns them off):
429 problem ``rate_limited`` with Retry-After, per user / per IP / per IP+email, the chat's
generations counted, and ``rate_limits=False`` letting everything through."""

from __future__ import annotations

import uuid

import pytest

from api.assets_support import encoded, upload
from api.chat_support import new_conversation, say
from routix.config import Settings
from routix.errors import RateLimited
from routix.ratelimit import Limiter


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared test settings with low limits, in a namespace of this test (Redis is shared)."""
    return settings.model_copy(update={
        "rate_limits": True, "rate_limit_generation": "2/minute", "rate_limit_generation_ip": "3/minute",
        "rate_limit_upload": "2/minute", "rate_limit_auth": "3/minute", "rate_limit_auth_ip": "5/minute",
        "rate_limit_prefix": f"test-{uuid.uuid4().hex[:12]}",
    })


def _assert_limited(response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "rate_limited"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_generation_limit_per_user_then_per_ip(client, make_account):
    first, second = make_account(), make_account()
    body = {"prompt": "gaming thumbnail with explosions"}
    for _ in range(2):
        assert client.post("/api/v1/generation/create", json=body, headers=first.headers).status_code == 201
    _assert_limited(client.post("/api/v1/generation/create", json=body, headers=first.headers))
    # another user has their own per-user budget, but all share this client's IP (3/minute)
    assert client.post("/api/v1/generation/create", json=body, headers=second.headers).status_code == 201
    _assert_limited(client.post("/api/v1/generation/create", json=body, headers=second.headers))


def test_regenerate_counts_as_a_generation(client, make_account):
    account = make_account()
    created = client.post("/api/v1/generation/create", json={"prompt": "cooking show"}, headers=account.headers)
    again = client.post(f"/api/v1/generation/{created.json()['id']}/regenerate", headers=account.headers, json={})
    assert again.status_code == 201
    _assert_limited(client.post(f"/api/v1/generation/{created.json()['id']}/regenerate", headers=account.headers,
                                json={}))


def test_chat_messages_that_start_generations_are_counted(client, make_account):
    account = make_account()
    conversation = new_conversation(client, account)["id"]
    for _ in range(3):  # plain requests only ask which algorithm: no generation, no count
        say(client, account, conversation, "a podcast thumbnail about money")
    client.post("/api/v1/generation/create", json={"prompt": "a"}, headers=account.headers)
    answer = say(client, account, conversation, "skip")  # starts a generation with the default algorithm
    assert "generation_progress" in [m["type"] for m in answer["replies"]]
    body = {"content": "anything", "type": "text", "metadata": {}}
    _assert_limited(client.post(f"/api/v1/chat/conversations/{conversation}/messages", json=body,
                                headers=account.headers))


def test_upload_limit_per_user(client, make_account):
    account, other = make_account(), make_account()
    image = encoded((40, 30))
    assert [upload(client, account, image).status_code for _ in range(2)] == [201, 201]
    _assert_limited(upload(client, account, image))
    assert upload(client, other, image).status_code == 201


def test_auth_limits_per_email_and_per_ip(client, make_account):
    account = make_account()  # register: 1 hit on this IP+email and 1 on this IP
    wrong = {"email": account.email, "password": "wrong password"}
    assert [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(2)] == [401, 401]
    _assert_limited(client.post("/api/v1/auth/login", json={**wrong, "email": account.email.upper()}))
    other = {"email": "someone-else@example.com", "password": "whatever1"}
    assert client.post("/api/v1/auth/login", json=other).status_code == 401  # 4th counted hit on this IP
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 20}).status_code == 401  # 5th
    _assert_limited(client.post("/api/v1/auth/login", json={**other, "email": "third@example.com"}))


def test_limits_off_let_everything_through(settings):
    limiter = Limiter(settings.model_copy(update={"rate_limits": False}))
    for _ in range(10):
        limiter.hit(("generation", "u"), ("generation_ip", "ip"))
    on = Limiter(settings.model_copy(update={"redis_url": None}))
    for _ in range(2):
        on.hit(("generation", "u"))
    with pytest.raises(RateLimited) as caught:
        on.hit(("generation", "u"))
    assert 1 <= caught.value.retry_after <= 60
    on.require_room(("generation", "v"))  # another key has room; require_room counts nothing
    on.require_room(("generation", "v"))
    on.hit(("generation", "v"))


def test_fixed_window_strategy(settings):
    limiter = Limiter(settings.model_copy(update={"redis_url": None, "rate_limit_strategy": "fixed-window"}))
    limiter.hit(("upload", "u"))
    limiter.hit(("upload", "u"))
    with pytest.raises(RateLimited):
        limiter.hit(("upload", "u"))


def test_an_unreachable_limiter_storage_lets_requests_through(settings, caplog):
    import socket

    with socket.socket() as sock:  # a local port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    limiter = Limiter(settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0"}))
    for _ in range(5):  # far past 2/minute: nothing is counted, nothing refused
        limiter.hit(("generation", "u"))
    assert "rate limiter storage unavailable" in caplog.text
