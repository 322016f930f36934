"""Accounts over the API: register, log in, token rotation, forged tokens, API keys."""

from __future__ import annotations

import base64
import json
import uuid

import jwt
import pytest

from api.conftest import TEST_SECRET
from routix.accounts.tokens import issue_token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_then_me_and_login(client, make_account):
    account = make_account("Mixed.Case@Example.com")
    assert account.user["email"] == "mixed.case@example.com"
    assert account.user["credits"] > 0 and account.user["is_admin"] is False
    me = client.get("/api/v1/auth/me", headers=account.headers)
    assert me.status_code == 200 and me.json()["id"] == account.user["id"]
    login = client.post("/api/v1/auth/login", json={"email": "MIXED.case@example.com", "password": account.password})
    assert login.status_code == 200 and login.json()["user"]["id"] == account.user["id"]


def test_password_is_stored_as_argon2_hash(client, services, make_account):
    from routix.store.models import User

    account = make_account()
    with services.db.session() as session:
        user = session.get(User, uuid.UUID(account.user["id"]))
        assert user.password_hash.startswith("$argon2id$")
        assert account.password not in user.password_hash


def test_duplicate_email_is_409_problem(client, make_account):
    account = make_account()
    again = client.post("/api/v1/auth/register", json={"email": account.email, "password": "another password"})
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "email_taken"


def test_wrong_password_and_unknown_email_answer_alike(client, make_account):
    account = make_account()
    wrong = client.post("/api/v1/auth/login", json={"email": account.email, "password": "not the password"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "whatever1"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("body", [
    {"email": "a@example.com", "password": "password1", "is_admin": True},
    {"email": "not-an-email", "password": "password1"},
    {"email": "a@example.com", "password": "short"},
    {"email": "a@example.com"},
])
def test_bad_register_bodies_are_422_and_store_nothing(client, services, body):
    from sqlalchemy import func, select

    from routix.store.models import User

    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith("/invalid_input") and problem["errors"]
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_refresh_rotates_and_reuse_revokes_the_family(client, make_account):
    account = make_account()
    first = client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert first.status_code == 200
    new_refresh = first.json()["refresh_token"]
    assert new_refresh != account.refresh_token
    assert client.get("/api/v1/auth/me", headers=_bearer(first.json()["access_token"])).status_code == 200
    # replaying the spent token is refused and burns the whole family, including the new token
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert replay.status_code == 401 and replay.json()["code"] == "token_reused"
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": new_refresh}).status_code == 401


def test_logout_revokes_refresh_token(client, make_account):
    account = make_account()
    assert client.post("/api/v1/auth/logout", json={"refresh_token": account.refresh_token}).status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}).status_code == 401


def _forged_tokens(user_id: str, refresh_token: str) -> dict[str, str]:
    uid = uuid.UUID(user_id)
    wrong_secret, _ = issue_token(b"not-the-server-secret-" * 3, uid, "access", 600)
    expired, _ = issue_token(TEST_SECRET.encode(), uid, "access", -10)
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps({"sub": user_id, "typ": "access"}).encode()).rstrip(b"=").decode()
    unsigned = f"{header}.{payload}."
    other_user, _ = issue_token(TEST_SECRET.encode(), uuid.uuid4(), "access", 600)
    tampered = jwt.encode(
        {"sub": user_id, "typ": "access", "iss": "routix", "iat": 0, "exp": 4102444800, "jti": str(uuid.uuid4())},
        TEST_SECRET + "x", algorithm="HS256",
    )
    return {
        "wrong_secret": wrong_secret, "expired": expired, "alg_none": unsigned, "refresh_as_access": refresh_token,
        "unknown_user": other_user, "tampered": tampered, "garbage": "abc.def.ghi", "api_key_like": "rtx_nope",
    }


def test_forged_expired_and_wrong_type_tokens_are_401(client, make_account):
    account = make_account()
    for name, token in _forged_tokens(account.user["id"], account.refresh_token).items():
        response = client.get("/api/v1/auth/me", headers=_bearer(token))
        assert response.status_code == 401, name
        assert response.headers["content-type"].startswith("application/problem+json"), name
    expired = client.get("/api/v1/auth/me", headers=_bearer(_forged_tokens(account.user["id"], "")["expired"]))
    assert expired.json()["code"] == "token_expired"
    assert client.get("/api/v1/auth/me").json()["code"] == "not_authenticated"


def test_api_keys_are_shown_once_hashed_at_rest_and_revocable(client, services, make_account):
    from sqlalchemy import select

    from routix.store.models import ApiKey

    account = make_account()
    created = client.post("/api/v1/auth/api-keys", json={"name": "render script"}, headers=account.headers)
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("rtx_") and len(key) > 40
    listed = client.get("/api/v1/auth/api-keys", headers=account.headers).json()
    assert [k["name"] for k in listed] == ["render script"] and "key" not in listed[0]
    with services.db.session() as session:
        stored = session.scalars(select(ApiKey)).all()
        assert all(key not in (row.key_hash + row.prefix) for row in stored)
    for headers in ({"X-API-Key": key}, _bearer(key)):
        assert client.get("/api/v1/auth/me", headers=headers).json()["id"] == account.user["id"]
    assert client.delete(f"/api/v1/auth/api-keys/{created.json()['id']}", headers=account.headers).status_code == 204
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401


def test_another_users_api_key_is_404(client, make_account):
    alice, bob = make_account(), make_account()
    key_id = client.post("/api/v1/auth/api-keys", json={"name": "a"}, headers=alice.headers).json()["id"]
    assert client.delete(f"/api/v1/auth/api-keys/{key_id}", headers=bob.headers).status_code == 404
    assert client.delete(f"/api/v1/auth/api-keys/{uuid.uuid4()}", headers=bob.headers).status_code == 404
    assert client.delete("/api/v1/auth/api-keys/not-a-uuid", headers=bob.headers).status_code == 422
    assert len(client.get("/api/v1/auth/api-keys", headers=alice.headers).json()) == 1


def test_oversized_body_is_413_problem(client):
    body = b'{"email": "a@example.com", "password": "' + b"x" * (26 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/auth/register", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_unknown_route_is_problem_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["type"].endswith("/not_found")
