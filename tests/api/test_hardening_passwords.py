"""Password rules (ASVS L2: 12-128 characters, no common password), password change with the
current password, and reset by e-mail token (202 whatever the address, single use, 30 minutes,
stored hashed); a change or a reset ends every session of the account."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import timedelta

import pytest

from routix.accounts.passwords import MAX_LENGTH, check_new_password, common_passwords
from routix.errors import InvalidInput

REGISTER = "/api/v1/auth/register"
CHANGE = "/api/v1/auth/password"
RESET_REQUEST = "/api/v1/auth/password/reset-request"
RESET = "/api/v1/auth/password/reset"
NEW = "a brand new passphrase"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):  # a Celery worker process on the scaled backend
    yield


def _email() -> str:
    return f"user-{uuid.uuid4().hex[:8]}@example.com"


@pytest.mark.parametrize("password", [
    "password", "12345678",                 # 8 characters, the most common ones
    "short pass1",                          # 11
    "qwerty123456", "QWERTY123456", "1qaz2wsx3edc",  # 12, but common (any case)
    "a" + " " * 11 + "b",                   # runs of spaces count as one
    "x" * (MAX_LENGTH + 1),
])
def test_weak_passwords_are_refused_at_registration(client, password):
    answer = client.post(REGISTER, json={"email": _email(), "password": password})
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] in ("weak_password", "invalid_input")


@pytest.mark.parametrize("password", ["correct horse battery", "x" * MAX_LENGTH, "🔒 ünïcödé pässwörd 🔑"])
def test_long_and_unicode_passwords_are_accepted(client, password):
    email = _email()
    assert client.post(REGISTER, json={"email": email, "password": password}).status_code == 201
    assert client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code == 200


def test_the_bundled_list_is_ten_thousand_common_passwords():
    common = common_passwords()
    assert len(common) == 10_000 and {"password", "12345678", "qwerty123456"} <= common
    with pytest.raises(InvalidInput):
        check_new_password("QwErTy123456")
    check_new_password("qwerty123456 but longer")


def test_password_change_needs_the_current_one_and_ends_every_session(client, make_account):
    account = make_account()
    other_device = client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password}).json()
    wrong = client.post(CHANGE, headers=account.headers, json={"current_password": "not it at all",
                                                               "new_password": NEW})
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_password"
    weak = client.post(CHANGE, headers=account.headers, json={"current_password": account.password,
                                                              "new_password": "qwerty123456"})
    assert weak.status_code == 422
    changed = client.post(CHANGE, headers=account.headers, json={"current_password": account.password,
                                                                 "new_password": NEW})
    assert changed.status_code == 200, changed.text
    assert changed.headers["cache-control"] == "no-store"
    for token in (account.access_token, other_device["access_token"]):
        ended = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert ended.status_code == 401 and ended.json()["code"] == "session_ended"
    for token in (account.refresh_token, other_device["refresh_token"]):
        assert client.post("/api/v1/auth/refresh", json={"refresh_token": token}).status_code == 401
    fresh = {"Authorization": f"Bearer {changed.json()['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=fresh).status_code == 200
    assert client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password}
                       ).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": account.email, "password": NEW}).status_code == 200


def _reset_token(caplog, email: str) -> str:
    messages = [r.getMessage() for r in caplog.records if r.name == "routix.accounts" and email in r.getMessage()]
    assert messages, "the reset link is logged for the administrator"
    return re.search(r"token=([A-Za-z0-9_-]+)", messages[-1]).group(1)


def test_reset_request_answers_alike_for_known_and_unknown_addresses(client, make_account, caplog):
    account = make_account()
    caplog.set_level(logging.WARNING, logger="routix.accounts")
    known = client.post(RESET_REQUEST, json={"email": account.email})
    unknown = client.post(RESET_REQUEST, json={"email": "nobody-here@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert not any("nobody-here" in r.getMessage() for r in caplog.records)
    _reset_token(caplog, account.email)


def test_a_reset_token_works_once_and_ends_every_session(client, services, make_account, caplog):
    from routix.store.models import PasswordResetToken

    account = make_account()
    caplog.set_level(logging.WARNING, logger="routix.accounts")
    client.post(RESET_REQUEST, json={"email": account.email})
    token = _reset_token(caplog, account.email)
    with services.db.session() as session:  # stored hashed, valid 30 minutes
        row = session.query(PasswordResetToken).one()
        assert row.token_hash != token and token not in row.token_hash
        assert timedelta(minutes=29) < row.expires_at - row.created_at <= timedelta(minutes=30)
    weak = client.post(RESET, json={"token": token, "new_password": "password"})
    assert weak.status_code == 422  # refused before the token is spent
    done = client.post(RESET, json={"token": token, "new_password": NEW})
    assert done.status_code == 204, done.text
    again = client.post(RESET, json={"token": token, "new_password": NEW + "!"})
    assert again.status_code == 422 and again.json()["code"] == "invalid_reset_token"
    assert client.get("/api/v1/auth/me", headers=account.headers).json()["code"] == "session_ended"
    assert client.post("/api/v1/auth/login", json={"email": account.email, "password": NEW}).status_code == 200


def test_an_expired_or_superseded_reset_token_is_refused(client, services, make_account, caplog):
    from sqlalchemy import update

    from routix.store.models import PasswordResetToken, utcnow

    account = make_account()
    caplog.set_level(logging.WARNING, logger="routix.accounts")
    client.post(RESET_REQUEST, json={"email": account.email})
    first = _reset_token(caplog, account.email)
    client.post(RESET_REQUEST, json={"email": account.email})
    second = _reset_token(caplog, account.email)
    assert first != second
    superseded = client.post(RESET, json={"token": first, "new_password": NEW})
    assert superseded.status_code == 422 and superseded.json()["code"] == "invalid_reset_token"
    with services.db.session() as session:
        session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = client.post(RESET, json={"token": second, "new_password": NEW})
    assert expired.status_code == 422 and expired.json()["code"] == "invalid_reset_token"
    unknown = client.post(RESET, json={"token": "A" * 43, "new_password": NEW})
    assert unknown.status_code == 422 and unknown.json()["code"] == "invalid_reset_token"
