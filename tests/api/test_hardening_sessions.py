"""Sessions end when they are ended: after logout (or a password change or reset) the access
token is refused on the very next request, on both backends; a refresh token sent twice at the
same moment is spent once (one new pair, the other use is a reuse that revokes the family)."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest

from api.live_server import serve

ME = "/api/v1/auth/me"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):  # a Celery worker process on the scaled backend
    yield


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ended(response) -> bool:
    return response.status_code == 401 and response.json()["code"] == "session_ended"


def test_logout_ends_the_access_token_at_once(client, make_account):
    account = make_account()
    assert client.get(ME, headers=account.headers).status_code == 200
    assert client.post("/api/v1/auth/logout", json={"refresh_token": account.refresh_token}).status_code == 204
    assert _ended(client.get(ME, headers=account.headers))
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}).status_code == 401


def test_logout_with_the_access_token_alone_ends_its_session(client, make_account):
    account = make_account()
    other = client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password}).json()
    assert client.post("/api/v1/auth/logout", headers=account.headers).status_code == 204
    assert _ended(client.get(ME, headers=account.headers))
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert refreshed.status_code == 401
    # another session of the same account (another device) goes on
    assert client.get(ME, headers=_bearer(other["access_token"])).status_code == 200


def test_logout_ignores_unknown_tokens(client):
    assert client.post("/api/v1/auth/logout", json={"refresh_token": "x" * 20}).status_code == 204
    assert client.post("/api/v1/auth/logout", headers=_bearer("abc.def.ghi")).status_code == 204
    assert client.post("/api/v1/auth/logout").status_code == 204


def test_a_logged_out_access_token_cannot_open_a_browser_session_or_a_socket(client, make_account):
    account = make_account()
    client.post("/api/v1/auth/logout", json={"refresh_token": account.refresh_token})
    assert client.post("/api/v1/auth/session", headers=account.headers).status_code == 401
    assert client.get("/api/v1/generation", headers=account.headers).status_code == 401


def test_reusing_a_spent_refresh_token_ends_the_new_access_token_too(client, make_account):
    account = make_account()
    first = client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}).json()
    assert client.get(ME, headers=_bearer(first["access_token"])).status_code == 200
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert replay.json()["code"] == "token_reused"
    assert _ended(client.get(ME, headers=_bearer(first["access_token"])))


def test_the_same_refresh_token_sent_twice_at_once_wins_once(services):
    """Two threads send one refresh token at the same moment, ten times over: every time exactly
    one gets a new pair and the other is answered as a reuse (and the family is revoked)."""
    rounds = 10
    with serve(services) as live:
        tokens = [live.register()["refresh_token"] for _ in range(rounds)]
        for token in tokens:
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = []
            lock = threading.Lock()

            def use(token: str = token, barrier: threading.Barrier = barrier,
                    answers: list[httpx.Response] = answers, lock: threading.Lock = lock) -> None:
                with live.http() as http:
                    http.get("/health")  # connect before the race
                    barrier.wait(timeout=10)
                    answer = http.post("/api/v1/auth/refresh", json={"refresh_token": token})
                with lock:
                    answers.append(answer)

            threads = [threading.Thread(target=use) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200, 401], [a.text for a in answers]
            loser = next(a for a in answers if a.status_code == 401)
            assert loser.json()["code"] == "token_reused"
            winner = next(a for a in answers if a.status_code == 200).json()
            with live.http() as http:  # the reuse revoked the family: the winner's pair is spent too
                assert http.post("/api/v1/auth/refresh",
                                 json={"refresh_token": winner["refresh_token"]}).status_code == 401
                assert http.get(ME, headers=_bearer(winner["access_token"])).status_code == 401


def test_a_token_minted_without_a_session_is_refused(client, services, make_account):
    """An access token that names no session (as issued before sessions could end) is refused."""
    from routix.accounts.tokens import issue_token

    account = make_account()
    bare, _ = issue_token(services.settings.secret(), uuid.UUID(account.user["id"]), "access", 600)
    assert _ended(client.get(ME, headers=_bearer(bare)))
