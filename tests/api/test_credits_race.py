"""The credit race: one user with credits for N generations fires 50 at once.

Exactly N are accepted, the others get InsufficientCredits (402 ``insufficient_credits``), the
balance never goes below 0 and still equals the sum of the ledger. Through the service
function (50 threads, a session each) and through the HTTP API (50 threads on one
TestClient, with the real workers settling the accepted jobs meanwhile). Runs on SQLite and,
with ROUTIX_TEST_BACKEND=scaled, on PostgreSQL.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from api.credits_support import assert_ledger_invariants, balance
from api.jobs_support import new_user, use_null_queue, wait_final
from routix.credits import service as ledger
from routix.generations.params import GenerationParams
from routix.generations.service import submit_generation
from routix.store.models import User

REQUESTS = 50


def _set_balance(services, user_id, credits: int) -> None:
    """Bring the user's balance to ``credits`` through the ledger (an admin deduction)."""
    with services.db.session() as session:
        ledger.admin_adjust(session, None, uuid.UUID(str(user_id)), credits - balance(services, user_id), "test setup")


def _race(fire, n: int = REQUESTS) -> list:
    """Run ``fire()`` in ``n`` threads released together; returns their results (or exceptions)."""
    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait()
        try:
            return fire()
        except Exception as exc:  # noqa: BLE001 - returned to the test, which checks the kind
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def _submit(services, user_id, algorithm: str):
    with services.db.session() as session:
        user = session.get(User, user_id)
        row, created = submit_generation(session, services, user, GenerationParams(prompt="race", algorithm=algorithm))
        assert created
        return row.id


def test_fifty_concurrent_accepts_through_the_service(services):
    use_null_queue(services)
    user = new_user(services)
    _set_balance(services, user.id, 7)
    results = _race(lambda: _submit(services, user.id, "lightning"))
    accepted = [r for r in results if isinstance(r, uuid.UUID)]
    refused = [r for r in results if isinstance(r, ledger.InsufficientCredits)]
    others = [r for r in results if not isinstance(r, (uuid.UUID, ledger.InsufficientCredits))]
    assert others == [], others[:3]
    assert (len(accepted), len(refused)) == (7, REQUESTS - 7)
    assert all(r.balance == 0 and r.cost == 1 for r in refused)
    assert assert_ledger_invariants(services, user.id) == 0


def test_costlier_algorithm_race_leaves_the_remainder(services):
    use_null_queue(services)
    user = new_user(services)
    _set_balance(services, user.id, 20)  # v1 costs 3: six fit, 2 credits stay
    results = _race(lambda: _submit(services, user.id, "v1"))
    assert sum(isinstance(r, uuid.UUID) for r in results) == 6
    assert sum(isinstance(r, ledger.InsufficientCredits) for r in results) == REQUESTS - 6
    assert assert_ledger_invariants(services, user.id) == 2


def test_fifty_concurrent_requests_through_the_api(client, services, make_account):
    account = make_account()
    user_id = account.user["id"]
    _set_balance(services, user_id, 5)
    responses = _race(lambda: client.post("/api/v1/generation/create", headers=account.headers,
                                          json={"prompt": "race through the API", "algorithm": "lightning"}))
    assert not [r for r in responses if isinstance(r, Exception)]
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 5 + [402] * (REQUESTS - 5), codes
    problem = next(r for r in responses if r.status_code == 402)
    assert problem.headers["content-type"].startswith("application/problem+json")
    assert problem.json()["code"] == "insufficient_credits" and "balance" in problem.json()["detail"]
    for response in responses:
        if response.status_code == 201:
            assert wait_final(client, account.headers, response.json()["id"])["status"] == "completed"
    assert assert_ledger_invariants(services, user_id) == 0
    view = client.get("/api/v1/credits", headers=account.headers).json()
    assert view["balance"] == 0
    assert sorted(t["type"] for t in view["transactions"] if t["generation_id"]) == ["commit"] * 5 + ["reserve"] * 5
