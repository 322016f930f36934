"""A NUL character (``\\u0000``) in a request body or a query string is refused with 422
before it reaches the database: PostgreSQL cannot store it in text or JSONB (the request
failed with a 500 on the scaled backend), SQLite would have stored it."""

from __future__ import annotations

import pytest

from routix.api.schemas import contains_nul


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):  # a Celery worker process on the scaled backend
    yield


@pytest.mark.parametrize("path, body", [
    ("/api/v1/generation/create", {"prompt": "a\u0000b gaming thumbnail"}),
    ("/api/v1/chat/conversations", {"title": "chat\u0000"}),
    ("/api/v1/auth/api-keys", {"name": "key\u0000"}),
])
def test_a_nul_in_a_body_is_422(client, make_account, path, body):
    account = make_account()
    answer = client.post(path, json=body, headers=account.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"


def test_a_nul_in_a_password_or_nested_config_is_422(client, make_admin):
    register = client.post("/api/v1/auth/register", json={"email": "nul@example.com",
                                                           "password": "correct horse\u0000battery"})
    assert register.status_code == 422
    admin = make_admin()
    algorithm = client.post("/api/v1/admin/algorithms", headers=admin.headers, json={
        "name": "calm", "display_name": "Calm", "ai_provider": "local", "config": {"motifs": ["bok\u0000eh"]}})
    assert algorithm.status_code == 422


def test_a_nul_in_a_query_string_is_422(client, make_admin):
    admin = make_admin()
    answer = client.get("/api/v1/admin/users?q=a%00b", headers=admin.headers)
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_input"
    assert client.get("/api/v1/admin/users?q=ab", headers=admin.headers).status_code == 200


def test_contains_nul_walks_deep_data_without_recursion():
    deep: list = []
    node = deep
    for _ in range(50_000):
        node.append([])
        node = node[0]
    node.append("x\u0000")
    assert contains_nul(deep)
    assert contains_nul({"k\u0000": 1}) and not contains_nul({"a": ["b", {"c": 1.5}]})
