"""Provider cost for the admin dashboard (``routix.admin.costs`` + ``/api/v1/admin/costs``):
calls, failed calls, dollars and latency per provider and per provider and algorithm, from the
usage the generations recorded (rows written directly: the providers are offline in tests)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from routix.admin.costs import provider_costs
from routix.store.models import GenerationRequest, utcnow


def _call(provider: str, cost: float, latency: float, outcome: str = "ok", model: str = "m") -> dict:
    return {"provider": provider, "model": model, "kind": "image", "outcome": outcome, "input_tokens": 0,
            "output_tokens": 0, "images": 1, "latency_s": latency, "cost_usd": cost, "error": None}


def _generation(session, user_id, algorithm: str, calls: list[dict], age: timedelta = timedelta(0)) -> None:
    created = utcnow() - age
    session.add(GenerationRequest(user_id=user_id, algorithm=algorithm, prompt="p", status="completed",
                                  stage="completed", created_at=created, completed_at=created,
                                  usage={"planner": None, "designer": None, "algorithm_used": algorithm,
                                         "fallbacks": [], "cost_usd": sum(c["cost_usd"] for c in calls),
                                         "calls": calls}))


@pytest.fixture
def recorded(services, make_account):
    user_id = uuid.UUID(make_account().user["id"])
    with services.db.session() as session:
        _generation(session, user_id, "pro", [_call("gemini", 0.04, 2.0), _call("openai", 0.01, 0.5)])
        _generation(session, user_id, "pro", [_call("gemini", 0.04, 4.0), _call("gemini", 0.0, 30.0, "timeout")],
                    age=timedelta(days=3))
        _generation(session, user_id, "v1", [_call("openai", 0.02, 1.0), _call("openai", 0.0, 0.2, "error")])
        _generation(session, user_id, "lightning", [])  # no provider call: adds nothing
        _generation(session, user_id, "pro", [_call("gemini", 5.0, 1.0)], age=timedelta(days=45))  # outside 30 days
    return user_id


def test_costs_per_provider_and_algorithm_over_the_period(services, recorded):
    with services.db.session() as session:
        found = provider_costs(session, 30)
    assert (found["days"], found["calls"], found["errors"]) == (30, 6, 2)
    assert found["cost_usd"] == pytest.approx(0.11)
    gemini, openai = found["per_provider"]  # costliest first
    assert gemini == {"provider": "gemini", "calls": 3, "errors": 1, "error_rate": pytest.approx(0.3333),
                      "cost_usd": pytest.approx(0.08), "p50_latency_seconds": 4.0, "p95_latency_seconds": 27.4}
    assert (openai["provider"], openai["calls"], openai["errors"], openai["cost_usd"]) == (
        "openai", 3, 1, pytest.approx(0.03))
    rows = {(r["provider"], r["algorithm"]): (r["calls"], r["cost_usd"]) for r in found["per_algorithm"]}
    assert rows == {("gemini", "pro"): (3, pytest.approx(0.08)), ("openai", "v1"): (2, pytest.approx(0.02)),
                    ("openai", "pro"): (1, pytest.approx(0.01))}
    assert [r["algorithm"] for r in found["per_algorithm"]] == ["pro", "v1", "pro"]

    with services.db.session() as session:
        today = provider_costs(session, 1)
    assert (today["calls"], today["cost_usd"]) == (4, pytest.approx(0.07))  # the 3-day-old generation is out
    with services.db.session() as session, pytest.raises(Exception, match="days must be between"):
        provider_costs(session, 0)


def test_the_costs_route_is_for_administrators(client, recorded, make_account, make_admin):
    admin = make_admin()
    answer = client.get("/api/v1/admin/costs?days=7", headers=admin.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["days"] == 7 and body["calls"] == 6 and [p["provider"] for p in body["per_provider"]] == [
        "gemini", "openai"]
    assert client.get("/api/v1/admin/costs", headers=make_account().headers).status_code == 403
    assert client.get("/api/v1/admin/costs").status_code == 401
    assert client.get("/api/v1/admin/costs?days=400", headers=admin.headers).status_code == 422


def test_no_usage_means_zeros(services):
    with services.db.session() as session:
        found = provider_costs(session, 30)
    assert found == {"days": 30, "calls": 0, "errors": 0, "cost_usd": 0.0, "per_provider": [], "per_algorithm": []}
