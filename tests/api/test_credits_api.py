"""Credits through the API, end to end: a generation reserves then commits, a failed one is
refunded, a worker that died mid-job costs nothing extra, a v1 generation that fell back to
Lightning is charged Lightning's cost, Idempotency-Key replays reserve once, 402 problems (REST
and chat), ``GET /api/v1/credits`` and the administrators' grant/deduct route with its audit row.
Runs on the embedded default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from api.chat_support import new_conversation, reply_types, say
from api.credits_support import assert_ledger_invariants, balance, ledger_rows
from api.jobs_support import job_id, load_row, new_job, set_job, use_null_queue, wait_final, wait_row
from routix.jobs import leases
from routix.store.models import AdminAuditLog, GenerationRequest, Message, utcnow

CREATE = "/api/v1/generation/create"
CREDITS = "/api/v1/credits"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _create(client, account, **body):
    return client.post(CREATE, headers=account.headers, json={"prompt": "gaming thumbnail with explosions", **body})


def _generation_entries(client, account, generation_id: str) -> list[tuple[str, int]]:
    view = client.get(CREDITS, headers=account.headers).json()
    return sorted((t["type"], t["amount"]) for t in view["transactions"] if t["generation_id"] == generation_id)


def _adjust(client, admin, user_id, **body):
    return client.post(f"/api/v1/admin/users/{user_id}/credits", headers=admin.headers, json=body)


def test_a_generation_reserves_then_commits(client, make_account, services):
    account = make_account()
    start = client.get(CREDITS, headers=account.headers).json()
    assert (start["balance"], start["plan"], start["monthly_credits"], start["total"]) == (50, "free", 50, 1)
    assert start["transactions"][0]["type"] == "signup_bonus" and start["transactions"][0]["balance_after"] == 50

    created = _create(client, account, algorithm="lightning")
    assert created.status_code == 201, created.text
    generation_id = created.json()["id"]
    assert balance(services, account.user["id"]) == 49  # reserved at once
    assert wait_final(client, account.headers, generation_id)["status"] == "completed"

    view = client.get(CREDITS, headers=account.headers).json()
    assert view["balance"] == 49 and view["total"] == 3
    assert _generation_entries(client, account, generation_id) == [("commit", 0), ("reserve", -1)]
    assert [t["type"] for t in view["transactions"]] == ["commit", "reserve", "signup_bonus"]  # newest first
    assert assert_ledger_invariants(services, account.user["id"]) == 49
    assert client.get(CREDITS, headers=account.headers, params={"limit": 1, "offset": 2}).json()["transactions"][0][
        "type"] == "signup_bonus"


def test_a_failed_generation_is_refunded(client, make_account, services):
    account = make_account()
    first = _create(client, account, algorithm="lightning").json()["id"]
    assert wait_final(client, account.headers, first)["status"] == "completed"
    ref = load_row(services, first).template_ref
    with services.db.session() as session:  # the layout it used leaves the library
        session.execute(update(GenerationRequest).where(GenerationRequest.id == uuid.UUID(first))
                        .values(template_id="a-template-that-was-deleted"))
    second = _create(client, account, algorithm="v1", template_preference=ref)
    assert second.status_code == 201, second.text
    status = wait_final(client, account.headers, second.json()["id"])
    assert (status["status"], status["error"]["code"]) == ("failed", "unknown_template_ref")
    assert _generation_entries(client, account, second.json()["id"]) == [("release", 3), ("reserve", -3)]
    assert assert_ledger_invariants(services, account.user["id"]) == 49


def test_v1_without_a_provider_key_is_charged_lightnings_cost(client, make_account, services, monkeypatch):
    for name in ("ROUTIX_GEMINI_API_KEY", "ROUTIX_OPENAI_API_KEY", "GEMINI_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    account = make_account()
    generation_id = _create(client, account, algorithm="v1").json()["id"]
    assert wait_final(client, account.headers, generation_id)["status"] == "completed"
    assert load_row(services, generation_id).usage["algorithm_used"] == "lightning"
    assert _generation_entries(client, account, generation_id) == [("commit", 2), ("reserve", -3)]
    commit = next(t for t in ledger_rows(services, account.user["id"]) if t.transaction_type == "commit")
    assert "fell back to Lightning" in commit.description
    assert assert_ledger_invariants(services, account.user["id"]) == 49


def test_idempotent_replays_reserve_once(client, make_account, services):
    account = make_account()
    headers = {**account.headers, "Idempotency-Key": "same-request"}
    body = {"prompt": "cooking show thumbnail", "algorithm": "pro"}
    first = client.post(CREATE, headers=headers, json=body)
    again = client.post(CREATE, headers=headers, json=body)
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert [t.transaction_type for t in ledger_rows(services, account.user["id"])].count("reserve") == 1
    assert balance(services, account.user["id"]) == 45
    wait_final(client, account.headers, first.json()["id"])
    assert assert_ledger_invariants(services, account.user["id"]) in (45, 49)  # pro, or its Lightning fallback


def test_insufficient_credits_is_a_402_problem_and_stores_nothing(client, make_account, make_admin, services):
    account, admin = make_account(), make_admin()
    assert _adjust(client, admin, account.user["id"], amount=-48, reason="test").status_code == 200
    response = _create(client, account, algorithm="pro")
    assert response.status_code == 402
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "insufficient_credits" and problem["type"].endswith("/insufficient_credits")
    assert "costs 5 credits" in problem["detail"] and "balance is 2" in problem["detail"]
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(GenerationRequest)
                              .where(GenerationRequest.user_id == uuid.UUID(account.user["id"]))) == 0
    assert _create(client, account, algorithm="lightning").status_code == 201  # a cheaper one still fits
    assert assert_ledger_invariants(services, account.user["id"]) == 1


def test_the_chat_says_when_credits_are_short(client, make_account, make_admin, services):
    account, admin = make_account(), make_admin()
    _adjust(client, admin, account.user["id"], amount=-50, reason="test")
    cid = new_conversation(client, account)["id"]
    say(client, account, cid, "retro synthwave music video")
    answer = say(client, account, cid, "skip")  # starts a Lightning generation
    assert reply_types(answer) == ["error"]
    assert answer["replies"][0]["metadata"]["code"] == "insufficient_credits"
    with services.db.session() as session:
        kept = session.scalars(select(Message.content).where(Message.conversation_id == uuid.UUID(cid))).all()
        assert "skip" in kept  # the user's message is kept although the generation was refused
        assert session.scalar(select(func.count()).select_from(GenerationRequest)
                              .where(GenerationRequest.user_id == uuid.UUID(account.user["id"]))) == 0
    assert assert_ledger_invariants(services, account.user["id"]) == 0


def test_a_dead_workers_job_is_charged_once(services, celery_worker):
    from routix.api.app import create_app

    use_null_queue(services)
    job = new_job(services, prompt="podcast episode with a guest", algorithm="v1")
    leases.claim(services.db, job_id(services, job), "dead-worker", 30)  # attempt 1 dies holding the lease
    set_job(services, job_id(services, job), lease_expires_at=utcnow() - timedelta(seconds=1))
    del services.__dict__["queue"]
    with TestClient(create_app(services, start_workers=True, migrate=False)):
        row = wait_row(services, job, lambda r: r.status in ("completed", "failed"))
    assert (row.status, row.attempt) == ("completed", 2)
    kinds = [t.transaction_type for t in ledger_rows(services, row.user_id) if t.generation_request_id == row.id]
    assert sorted(kinds) == ["commit", "reserve"]
    assert_ledger_invariants(services, row.user_id)


def test_admins_grant_and_deduct_with_a_reason_and_an_audit_row(client, make_account, make_admin, services):
    account, admin = make_account(), make_admin()
    user_id = account.user["id"]
    granted = _adjust(client, admin, user_id, amount=25, reason="  contest winner ")
    assert granted.status_code == 200, granted.text
    body = granted.json()
    assert body["balance"] == 75 and body["transaction"]["type"] == "admin_grant"
    assert body["transaction"]["amount"] == 25 and body["transaction"]["description"] == "contest winner"
    deducted = _adjust(client, admin, user_id, amount=-70, reason="refund abuse").json()
    assert deducted["balance"] == 5 and deducted["transaction"]["type"] == "admin_deduct"

    too_much = _adjust(client, admin, user_id, amount=-6, reason="x")
    assert too_much.status_code == 409 and too_much.json()["code"] == "balance_too_low"
    for bad in ({"amount": 0, "reason": "x"}, {"amount": 5}, {"amount": 5, "reason": ""},
                {"amount": 1_000_001, "reason": "x"}, {"amount": 1.5, "reason": "x"},
                {"amount": 5, "reason": "x", "extra": 1}):
        assert _adjust(client, admin, user_id, **bad).status_code == 422, bad
    assert _adjust(client, admin, str(uuid.uuid4()), amount=5, reason="x").status_code == 404
    assert _adjust(client, account, user_id, amount=5, reason="x").status_code == 403
    assert client.post(f"/api/v1/admin/users/{user_id}/credits", json={"amount": 5, "reason": "x"}).status_code == 401

    with services.db.session() as session:
        rows = session.scalars(select(AdminAuditLog).where(AdminAuditLog.resource_id == user_id)
                               .order_by(AdminAuditLog.created_at)).all()
        assert [(r.action, r.changes["before"], r.changes["after"], r.changes["note"]) for r in rows] == [
            ("credits.grant", {"credits": 50}, {"credits": 75}, "contest winner"),
            ("credits.deduct", {"credits": 75}, {"credits": 5}, "refund abuse"),
        ]
        assert rows[0].admin_user_id == uuid.UUID(admin.user["id"]) and rows[0].resource_type == "user"
    types = [t["type"] for t in client.get(CREDITS, headers=account.headers).json()["transactions"]]
    assert types == ["admin_deduct", "admin_grant", "signup_bonus"]
    assert assert_ledger_invariants(services, user_id) == 5


def test_credits_need_a_login(client):
    assert client.get(CREDITS).status_code == 401
