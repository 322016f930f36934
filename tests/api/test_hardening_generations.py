"""Generations as an attacker and as a paying user see them: a replayed Idempotency-Key is
answered before the rate limit; a budget refusal says what happened ("used" only when spent);
a local custom algorithm is charged its own credit cost, with no "fell back" note, and runs with
its own options."""

from __future__ import annotations

import uuid

import pytest

from api.jobs_support import wait_final
from routix.config import Settings
from routix.generations.budget import DbBudget
from routix.providers.budget import MemoryBudget
from routix.providers.errors import BudgetExceeded

CREATE = "/api/v1/generation/create"
ALGORITHMS = "/api/v1/admin/algorithms"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):  # a Celery worker process on the scaled backend
    yield


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Generation limit 2/minute per user, in a namespace of this test (Redis is shared)."""
    return settings.model_copy(update={
        "rate_limits": True, "rate_limit_generation": "2/minute", "rate_limit_generation_ip": "100/minute",
        "rate_limit_prefix": f"test-{uuid.uuid4().hex[:12]}",
    })


def test_a_replay_at_the_limit_gets_the_accepted_generation(client, make_account):
    account = make_account()
    body = {"prompt": "gaming thumbnail with explosions", "algorithm": "lightning", "seed": 7}

    def create(key: str, **changes) -> object:
        return client.post(CREATE, json={**body, **changes}, headers={**account.headers, "Idempotency-Key": key})

    def regenerate(parent: str, key: str) -> object:
        return client.post(f"/api/v1/generation/{parent}/regenerate", json={},
                           headers={**account.headers, "Idempotency-Key": key})

    first = create("k-1")
    assert first.status_code == 201
    parent = first.json()["id"]
    again = regenerate(parent, "r-1")
    assert again.status_code == 201  # 2 of 2: the limit is reached
    replay = create("k-1")
    assert replay.status_code == 200, replay.text
    assert replay.json()["id"] == parent
    replayed = regenerate(parent, "r-1")
    assert replayed.status_code == 200 and replayed.json()["id"] == again.json()["id"]
    new = create("k-2")
    assert new.status_code == 429 and new.json()["code"] == "rate_limited"
    assert create("k-1", prompt="something else").status_code == 409  # a different body under the key


def test_a_budget_refusal_with_nothing_spent_does_not_say_used(services):
    guard = MemoryBudget(daily_usd=100.0, user_daily_usd=0.05)
    with pytest.raises(BudgetExceeded) as caught:
        guard.check("u", 0.2)
    message = str(caught.value)
    assert "used" not in message and "$0.20" in message and "$0.05 of $0.05" in message
    guard.record("u", 0.05)
    with pytest.raises(BudgetExceeded, match="You have used today's AI budget"):
        guard.check("u", 0.01)
    service_wide = MemoryBudget(daily_usd=0.1, user_daily_usd=None)
    with pytest.raises(BudgetExceeded) as caught:
        service_wide.check(None, 0.5)
    assert "used" not in str(caught.value) and "the service's AI budget" in str(caught.value)
    db_guard = DbBudget(services, daily_usd=100.0, user_daily_usd=0.05)
    with pytest.raises(BudgetExceeded) as caught:
        db_guard.check(str(uuid.uuid4()), 0.2)
    assert "used" not in str(caught.value) and "$0.20" in str(caught.value)


def test_a_local_algorithm_is_charged_its_own_cost_without_a_fallback_note(client, services, make_admin,
                                                                         make_account):
    from routix.design import Design, ProceduralFill

    admin, user = make_admin(), make_account()
    created = client.post(ALGORITHMS, headers=admin.headers, json={
        "name": "calm", "display_name": "Routix Calm", "ai_provider": "local", "credit_cost": 4,
        "config": {"motifs": ["bokeh", "soft_mesh"], "intensity": 0.4},
    })
    assert created.status_code == 201, created.text
    before = client.get("/api/v1/credits", headers=user.headers).json()["balance"]
    job = client.post(CREATE, headers=user.headers, json={"prompt": "gaming thumbnail with explosions",
                                                          "algorithm": "calm"})
    assert job.status_code == 201, job.text
    status = wait_final(client, user.headers, job.json()["id"])
    assert status["status"] == "completed", status
    credits = client.get("/api/v1/credits", headers=user.headers).json()
    assert credits["balance"] == before - 4
    entries = [e for e in credits["transactions"] if e.get("generation_id") == job.json()["id"]]
    assert entries and all("fell back" not in e["description"] for e in entries), entries
    result = client.get(f"/api/v1/generation/{job.json()['id']}", headers=user.headers).json()
    assert not any("Lightning because" in note for note in result.get("notes") or []), result
    # the algorithm's own options reached the design (motifs: see the test below)
    design = Design.model_validate(client.get(result["result"]["design_url"]).json())
    fill = next(layer.fill for layer in design.layers if isinstance(layer.fill, ProceduralFill))
    assert fill.intensity == 0.4
    assert design.meta.algorithm == "calm"


def test_a_local_algorithm_paints_with_its_own_motifs_and_intensity():
    from routix.algorithms.config import LocalConfig
    from routix.algorithms.local import LocalAlgorithm
    from routix.brief import get_planner
    from routix.design import BackgroundLayer, Design, ProceduralFill, Solid
    from routix.generate import MemoryAssets
    from routix.providers.usage import UsageRecorder

    brief = get_planner().analyze("gaming thumbnail with huge explosions")
    design = Design(palette=["#101010", "#F0F0F0"],
                    layers=[BackgroundLayer(id="background", name="Background", fill=Solid(color="#000000"))])
    recorder = UsageRecorder()
    calm = LocalAlgorithm("calm", LocalConfig(motifs=["bokeh", "soft_mesh"], intensity=0.4), recorder)
    painted = calm.fill_background(design, brief, seed=3, assets=MemoryAssets())
    fill = next(layer.fill for layer in painted.layers if isinstance(layer, BackgroundLayer))
    assert isinstance(fill, ProceduralFill)
    assert fill.motif in ("bokeh", "soft_mesh") and fill.intensity == 0.4
    assert painted.meta.algorithm == "calm"
    assert recorder.algorithm_used == "calm" and recorder.fallbacks == []
