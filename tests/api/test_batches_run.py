"""Running batches: pause/resume, cancel, retry-failed, cost cap, running out of credits,
partial failure; every row ends once and is charged once (both backends)."""

from __future__ import annotations

from api.assets_support import encoded
from api.batches_support import charges, db_rows, row_jobs, wait_batch, wait_until
from api.credits_support import assert_ledger_invariants, balance

PROMPTS = ["calm lofi study music", "epic gaming montage", "podcast with a guest", "home cooking pasta",
           "travel vlog japan", "fitness workout at home", "tech review new phone", "minecraft build tutorial"]


def _batch(client, account, n: int, **extra) -> dict:
    body = {"name": "Run", "rows": [{"prompt": p, "name": f"r{i}"} for i, p in enumerate(PROMPTS[:n], start=1)],
            **extra}
    answer = client.post("/api/v1/batches", json=body, headers=account.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _action(client, account, batch_id: str, action: str, **kw):
    return client.post(f"/api/v1/batches/{batch_id}/{action}", headers=account.headers, **kw)


def _charged_rows(services, batch_id: str) -> int:
    return sum(r.credits for r in db_rows(services, batch_id))


def _settled(services, batch_id: str) -> None:
    """Every row is final; every row job is finished; credits on the rows match the ledger."""
    rows = db_rows(services, batch_id)
    assert all(r.status in ("completed", "failed", "cancelled", "invalid") for r in rows), [r.status for r in rows]
    assert all(j.status in ("completed", "failed", "cancelled") for j in row_jobs(services, batch_id))
    assert all(r.credits == (1 if r.status == "completed" else 0) for r in rows)


def test_pause_then_resume_finishes_every_row_once(client, make_account, services):
    account = make_account()
    before = balance(services, account.user["id"])
    batch = _batch(client, account, 8, start=True)
    paused = _action(client, account, batch["id"], "pause")
    assert paused.status_code == 200, paused.text
    status = client.get(f"/api/v1/batches/{batch['id']}/status", headers=account.headers).json()
    assert status["status"] == "paused" and status["pause_reason"] == "user"
    wait_until(lambda: not any(r.status == "running" for r in db_rows(services, batch["id"]))
               and not any(j.status == "running" for j in row_jobs(services, batch["id"])), what="running rows")
    waiting = [r for r in db_rows(services, batch["id"]) if r.status == "queued"]
    assert waiting, "every row finished before the pause"
    assert all(j.status == "paused" for j in row_jobs(services, batch["id"]) if j.subject_id in
               {str(r.id) for r in waiting})
    assert _action(client, account, batch["id"], "pause").status_code == 409
    assert _action(client, account, batch["id"], "resume").status_code == 200
    final = wait_batch(client, account.headers, batch["id"])
    assert final["status"] == "completed" and final["counts"]["completed"] == 8
    _settled(services, batch["id"])
    assert balance(services, account.user["id"]) == before - 8
    assert charges(services, account.user["id"]).get("reserve") == 8
    assert_ledger_invariants(services, account.user["id"])


def test_cancel_charges_only_rows_that_ran(client, make_account, services):
    account = make_account()
    before = balance(services, account.user["id"])
    batch = _batch(client, account, 8, start=True)
    cancelled = _action(client, account, batch["id"], "cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    wait_until(lambda: all(j.status in ("completed", "failed", "cancelled") for j in row_jobs(services, batch["id"])),
               what="row jobs to end")
    rows = db_rows(services, batch["id"])
    _settled(services, batch["id"])
    done = sum(r.status == "completed" for r in rows)
    assert any(r.status == "cancelled" for r in rows)
    assert balance(services, account.user["id"]) == before - done
    assert_ledger_invariants(services, account.user["id"])
    assert _action(client, account, batch["id"], "resume").status_code == 409


def test_cost_cap_pauses_with_the_reason(client, make_account, services):
    account = make_account()
    before = balance(services, account.user["id"])
    batch = _batch(client, account, 4, cost_cap=2, start=True)
    status = wait_batch(client, account.headers, batch["id"], statuses=("paused",))
    assert status["pause_reason"] == "cost_cap" and "cost cap of 2" in status["pause_message"]
    wait_until(lambda: sum(r.status == "completed" for r in db_rows(services, batch["id"])) == 2, what="2 rows")
    assert [r.status for r in db_rows(services, batch["id"])].count("queued") == 2
    assert balance(services, account.user["id"]) == before - 2
    assert _action(client, account, batch["id"], "resume", json={"cost_cap": 3}).status_code == 200
    again = wait_batch(client, account.headers, batch["id"], statuses=("paused",))
    assert again["pause_reason"] == "cost_cap" and again["cost_cap"] == 3
    wait_until(lambda: sum(r.status == "completed" for r in db_rows(services, batch["id"])) == 3, what="3 rows")
    assert balance(services, account.user["id"]) == before - 3
    assert _action(client, account, batch["id"], "cancel").status_code == 200
    wait_until(lambda: all(j.status in ("completed", "failed", "cancelled") for j in row_jobs(services, batch["id"])),
               what="row jobs to end")
    _settled(services, batch["id"])
    assert balance(services, account.user["id"]) == before - 3
    assert [r.status for r in db_rows(services, batch["id"])].count("cancelled") == 1
    assert_ledger_invariants(services, account.user["id"])


def test_running_out_of_credits_pauses_then_resumes(client, make_account, make_admin, services):
    account, admin = make_account(), make_admin()
    start = balance(services, account.user["id"])
    taken = client.post(f"/api/v1/admin/users/{account.user['id']}/credits",
                        json={"amount": -(start - 1), "reason": "test"}, headers=admin.headers)
    assert taken.status_code in (200, 201), taken.text
    batch = _batch(client, account, 3, start=True)
    estimate = client.get(f"/api/v1/batches/{batch['id']}/estimate", headers=account.headers).json()
    assert estimate["enough"] is False or estimate["rows"] < 3
    status = wait_batch(client, account.headers, batch["id"], statuses=("paused",))
    assert status["pause_reason"] == "insufficient_credits"
    wait_until(lambda: sum(r.status == "completed" for r in db_rows(services, batch["id"])) == 1, what="1 row")
    assert balance(services, account.user["id"]) == 0
    client.post(f"/api/v1/admin/users/{account.user['id']}/credits", json={"amount": 5, "reason": "top-up"},
                headers=admin.headers)
    assert _action(client, account, batch["id"], "resume").status_code == 200
    final = wait_batch(client, account.headers, batch["id"])
    assert final["counts"]["completed"] == 3
    _settled(services, batch["id"])
    assert balance(services, account.user["id"]) == 3
    assert_ledger_invariants(services, account.user["id"])


def test_a_failing_row_never_stops_the_others_and_retry_failed_runs_it_again(client, make_account, services):
    account = make_account()
    before = balance(services, account.user["id"])
    asset = client.post("/api/v1/assets", files={"file": ("me.jpg", encoded((120, 90)), "image/jpeg")},
                        data={"asset_type": "face"}, headers=account.headers).json()["id"]
    rows = [{"prompt": p} for p in PROMPTS[:3]] + [{"prompt": "fitness workout", "face_asset_ids": [asset]}]
    batch = client.post("/api/v1/batches", json={"rows": rows}, headers=account.headers).json()
    assert client.delete(f"/api/v1/assets/{asset}", headers=account.headers).status_code == 204
    assert _action(client, account, batch["id"], "start").status_code == 200
    final = wait_batch(client, account.headers, batch["id"])
    assert final["counts"] == {**final["counts"], "completed": 3, "failed": 1}
    failed = db_rows(services, batch["id"])[3]
    assert failed.error_code == "not_found" and failed.error_message and failed.credits == 0
    first_generation = failed.generation_id
    assert balance(services, account.user["id"]) == before - 3

    again = _action(client, account, batch["id"], "retry-failed")
    assert again.status_code == 200 and again.json()["rows"] == 1
    final = wait_batch(client, account.headers, batch["id"])
    assert final["counts"]["failed"] == 1
    retried = db_rows(services, batch["id"])[3]
    assert retried.generation_id not in (None, first_generation)
    _settled(services, batch["id"])
    assert balance(services, account.user["id"]) == before - 3
    assert_ledger_invariants(services, account.user["id"])
    assert _action(client, account, batch["id"], "start").status_code == 409


def test_provider_outages_retry_with_backoff_then_fail_with_a_reason(client, make_account, services, batch_faults):
    batch_faults("row2=1,row3=99,retry_after=0.3")
    account = make_account()
    before = balance(services, account.user["id"])
    batch = _batch(client, account, 4, start=True)
    final = wait_batch(client, account.headers, batch["id"])
    rows = db_rows(services, batch["id"])
    assert [r.status for r in rows] == ["completed", "completed", "failed", "completed"]
    assert rows[1].attempt == 2 and rows[2].attempt == 3
    assert rows[2].error_code == "internal_error" and "3 attempts" in rows[2].error_message
    assert final["credits_spent"] == 3
    _settled(services, batch["id"])
    assert balance(services, account.user["id"]) == before - 3
    assert charges(services, account.user["id"])["release"] == 1  # the failed row's reservation came back
    assert_ledger_invariants(services, account.user["id"])

    batch_faults("")
    assert _action(client, account, batch["id"], "retry-failed").status_code == 200
    assert wait_batch(client, account.headers, batch["id"])["counts"]["completed"] == 4
    assert balance(services, account.user["id"]) == before - 4
