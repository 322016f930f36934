"""Admin analytics (``routix.admin.analytics`` + ``/api/v1/admin/analytics``) and the system
status (``routix.admin.system`` + ``/api/v1/admin/system``), on rows written directly."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete

from routix.admin.analytics import analytics, percentile
from routix.admin.system import system_status
from routix.store.models import (
    CreditTransaction,
    GenerationRequest,
    Job,
    TemplateRecord,
    utcnow,
)


def _generation(session, user_id, *, algorithm="lightning", status="completed", seconds=None, age=timedelta(0),
                charge=None, **extra) -> GenerationRequest:
    """A generation row created ``age`` ago; ``charge`` adds its ledger entries [(type, amount)]."""
    created = utcnow() - age
    row = GenerationRequest(
        user_id=user_id, algorithm=algorithm, prompt="p", status=status, stage=status, processing_time=seconds,
        created_at=created, completed_at=created if status in ("completed", "failed") else None, **extra,
    )
    session.add(row)
    session.flush()
    for kind, amount in charge or []:
        session.add(CreditTransaction(
            user_id=user_id, generation_request_id=row.id, transaction_type=kind, amount=amount, balance_after=0,
            dedupe_key=f"test:{kind}:{row.id}",
        ))
    return row


def test_percentile_interpolates_like_numpy_linear():
    assert percentile([], 50) is None
    assert percentile([4.0], 95) == 4.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(range(1, 11), 95) == pytest.approx(9.55)
    assert percentile([10, 1, 5], 50) == 5  # order does not matter


def test_analytics_counts_days_rates_percentiles_and_credits(client, services, make_account):
    user_id = uuid.UUID(make_account().user["id"])
    with services.db.session() as session:
        for seconds in (1.0, 2.0, 3.0, 4.0):  # today: 4 completed lightning, 1 credit each
            _generation(session, user_id, seconds=seconds, charge=[("reserve", -1), ("commit", 0)])
        _generation(session, user_id, status="failed", age=timedelta(days=2),  # refunded: nets 0
                    charge=[("reserve", -1), ("release", 1)])
        _generation(session, user_id, algorithm="pro", seconds=10.0, age=timedelta(days=2),
                    charge=[("reserve", -5), ("commit", 0)])
        _generation(session, user_id, algorithm="pro", seconds=99.0, age=timedelta(days=40),  # outside the window
                    charge=[("reserve", -5), ("commit", 0)])
        session.commit()
        out = analytics(session, 7)

    assert out["days"] == 7 and len(out["per_day"]) == 7
    assert out["per_day"][-1]["date"] == utcnow().date().isoformat()
    assert out["per_day"][-1] == {"date": utcnow().date().isoformat(), "total": 4, "completed": 4, "failed": 0}
    two_days_ago = out["per_day"][-3]
    assert (two_days_ago["total"], two_days_ago["completed"], two_days_ago["failed"]) == (2, 1, 1)
    assert sum(d["total"] for d in out["per_day"]) == 6  # zero days are listed, the 40-day-old row is not
    assert [d["total"] for d in out["per_day"][:4]] == [0, 0, 0, 0]
    assert out["success_rate"] == pytest.approx(5 / 6, abs=1e-4)
    assert out["p50_seconds"] == 3.0  # median of 1, 2, 3, 4, 10
    assert out["p95_seconds"] == pytest.approx(8.8)
    assert out["credits_spent"] == 4 + 0 + 5

    by_name = {a["algorithm"]: a for a in out["per_algorithm"]}
    assert list(by_name) == ["lightning", "pro"]  # most generations first
    assert by_name["lightning"] == {
        "algorithm": "lightning", "total": 5, "completed": 4, "failed": 1, "success_rate": 0.8,
        "p50_seconds": 2.5, "p95_seconds": pytest.approx(3.85), "credits_spent": 4,
    }
    assert (by_name["pro"]["total"], by_name["pro"]["credits_spent"], by_name["pro"]["p50_seconds"]) == (1, 5, 10.0)


def test_analytics_window_is_relative_to_now(services, make_account, client):
    user_id = uuid.UUID(make_account().user["id"])
    with services.db.session() as session:
        _generation(session, user_id, seconds=1.0, age=timedelta(days=3))
        _generation(session, user_id, seconds=1.0)
        session.commit()
        earlier = analytics(session, 2, now=utcnow() - timedelta(days=2))  # the day before yesterday and the day before
    assert [d["total"] for d in earlier["per_day"]] == [1, 0]
    assert earlier["per_algorithm"][0]["total"] == 1  # today's row is after that window


def test_analytics_of_an_empty_window_has_zero_days_and_no_rates(services):
    with services.db.session() as session:
        out = analytics(session, 3)
    assert [d["total"] for d in out["per_day"]] == [0, 0, 0]
    assert out["success_rate"] is None and out["p50_seconds"] is None and out["p95_seconds"] is None
    assert out["credits_spent"] == 0 and out["per_algorithm"] == []


def test_analytics_route_for_admins_only(client, services, make_account, make_admin):
    user = make_account()
    with services.db.session() as session:
        _generation(session, uuid.UUID(user.user["id"]), seconds=2.0, charge=[("reserve", -1), ("commit", 0)])
        session.commit()
    assert client.get("/api/v1/admin/analytics").status_code == 401
    refused = client.get("/api/v1/admin/analytics", headers=user.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    admin = make_admin()
    body = client.get("/api/v1/admin/analytics?days=14", headers=admin.headers).json()
    assert body["days"] == 14 and len(body["per_day"]) == 14
    assert body["per_day"][-1]["completed"] == 1 and body["credits_spent"] == 1
    assert client.get("/api/v1/admin/analytics?days=0", headers=admin.headers).status_code == 422


def _job(session, status: str, *, owner: str | None = None, finished_ago: timedelta | None = None,
         not_before=None) -> None:
    """A job row of a kind no worker here knows (so nothing runs it): leased by ``owner`` for an hour."""
    now = utcnow()
    session.add(Job(
        kind="test_system", subject_id=uuid.uuid4().hex, status=status, priority=0, attempt=1 if owner else 0,
        lease_owner=owner, lease_expires_at=now + timedelta(hours=1) if owner else None, not_before=not_before,
        finished_at=now - finished_ago if finished_ago is not None else None,
    ))


def test_system_status_counts_jobs_workers_and_template_backlog(client, services, make_account, make_admin):
    services.queue.reaper.stop()  # it would schedule the periodic clean-up again
    with services.db.session() as session:
        session.execute(delete(Job))  # e.g. the periodic clean-up the app's reaper scheduled
        _job(session, "pending")
        _job(session, "pending", not_before=utcnow() + timedelta(hours=1))  # scheduled, not waiting
        _job(session, "paused")
        _job(session, "running", owner="worker-a")
        _job(session, "running", owner="worker-a")
        _job(session, "running", owner="worker-b")
        _job(session, "completed", finished_ago=timedelta(hours=1))
        _job(session, "failed", finished_ago=timedelta(hours=1))
        _job(session, "failed", finished_ago=timedelta(days=2))  # older than 24 h
        for i, status in enumerate(("pending_analysis", "pending_analysis", "failed", "analyzed")):
            session.add(TemplateRecord(slug=f"u-test{i:06d}", name=f"t{i}", category="gaming", status=status,
                                       is_active=False))
        session.commit()

    status = system_status(services)
    assert status["health"]["status"] == "healthy"
    assert set(status["health"]["services"]) >= {"database", "storage", "queue", "events"}
    assert status["queue"]["backend"] == services.queue.name and isinstance(status["queue"]["depth"], int)
    assert status["jobs"] == {"pending": 1, "running": 3, "failed_24h": 1, "completed_24h": 1, "scheduled": 1,
                              "paused": 1}
    assert status["workers"] == [{"id": "worker-a", "jobs_running": 2}, {"id": "worker-b", "jobs_running": 1}]
    assert status["templates"] == {"pending_analysis": 2, "failed": 1}

    user = make_account()
    assert client.get("/api/v1/admin/system", headers=user.headers).status_code == 403
    body = client.get("/api/v1/admin/system", headers=make_admin().headers).json()
    assert body["jobs"] == status["jobs"] and body["templates"] == status["templates"]
    assert body["health"]["status"] == "healthy" and body["workers"] == status["workers"]


def test_health_detailed_and_system_share_the_checks(client, services, make_admin):
    detailed = client.get("/health/detailed")
    assert detailed.status_code == 200 and detailed.json()["status"] == "healthy"
    system = client.get("/api/v1/admin/system", headers=make_admin().headers).json()
    assert set(system["health"]["services"]) == set(detailed.json()["services"])
    assert system["health"]["services"]["database"]["backend"] == services.db.dialect
