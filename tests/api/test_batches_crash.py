"""A worker killed with SIGKILL mid-batch: the batch resumes and every row ends exactly once,
charged once (both backends: standalone in-process workers on SQLite, a Celery worker on
PostgreSQL). The worker processes also inject one provider outage (``ROUTIX_BATCH_FAULTS``), so
a retry with backoff and Retry-After happens in another process too."""

from __future__ import annotations

import os
import signal
import uuid

import pytest
from sqlalchemy import select

from api.batches_support import db_rows, row_jobs, wait_until
from api.conftest_celery import WORKER_CODE, start_process, stop_process, worker_env
from api.credits_support import assert_ledger_invariants, balance
from api.jobs_support import new_user, use_null_queue
from routix.services import Services
from routix.store.models import CreditTransaction, GenerationRequest

CRASH_BROKER = os.environ.get("ROUTIX_TEST_CRASH_BROKER_URL", "redis://127.0.0.1:6379/14")
PROMPTS = ["epic gaming montage, explosions", "calm lofi study music", "podcast with a guest", "travel vlog japan"]


def _start_batch(services, user) -> str:
    from routix.batches import control
    from routix.batches.schemas import BatchCreate
    from routix.batches.service import create_from_json

    body = BatchCreate.model_validate({"name": "Crash", "settings": {"variants": 1},
                                       "rows": [{"prompt": p, "title": f"Part {i}"} for i, p in enumerate(PROMPTS)]})
    with services.db.session() as session:
        batch = create_from_json(session, services, user, body)
        control.start(session, services, batch)
        return str(batch.id)


def _progress(services, batch_id: str) -> int:
    ids = [r.generation_id for r in db_rows(services, batch_id) if r.generation_id]
    with services.db.session() as session:
        found = session.scalars(select(GenerationRequest.progress).where(GenerationRequest.id.in_(ids))).all()
    return max(found, default=0)


@pytest.mark.slow
def test_sigkill_mid_batch_then_restart_ends_every_row_once(services, backend, tmp_path):
    use_null_queue(services)
    user = new_user(services)
    before = balance(services, user.id)
    batch_id = _start_batch(services, user)
    scaled = backend["queue"] == "celery"
    extra = {"ROUTIX_WORKERS": "2", "ROUTIX_BATCH_FAULTS": "row4=1,retry_after=0.2"}
    if scaled:
        extra["ROUTIX_BROKER_URL"] = CRASH_BROKER
        args = ["-c", WORKER_CODE]
        dispatcher = Services(services.settings.model_copy(update={"broker_url": CRASH_BROKER}))
        dispatcher.queue.start()  # the API side: sends the jobs and runs the lease reaper
    else:
        args = ["-m", "routix.jobs.standalone"]
        dispatcher = None
    env = worker_env(backend, services.settings.effective_storage_url, services.settings.data_dir, **extra)
    log = tmp_path / "worker.log"
    try:
        first = start_process(args, env, log)
        try:
            wait_until(lambda: _progress(services, batch_id) > 10 or all(
                r.status == "completed" for r in db_rows(services, batch_id)), what="a row in the pipeline")
            assert not all(r.status == "completed" for r in db_rows(services, batch_id)), "finished before the kill"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
        finally:
            stop_process(first)
        killed = [j for j in row_jobs(services, batch_id) if j.status == "running"]
        assert killed, "no row job was running when the worker died"

        second = start_process(args, env, log)
        try:
            wait_until(lambda: all(r.status in ("completed", "failed") for r in db_rows(services, batch_id)),
                       what="every row to end")
        finally:
            stop_process(second)
    finally:
        if dispatcher is not None:
            dispatcher.close()
    rows = db_rows(services, batch_id)
    assert [r.status for r in rows] == ["completed"] * 4, log.read_text()[-3000:]
    assert rows[3].attempt >= 2  # the injected outage was retried
    jobs = {j.subject_id: j for j in row_jobs(services, batch_id)}
    assert len(jobs) == 4 and all(j.status == "completed" for j in jobs.values())
    assert any(jobs[str(j.subject_id)].attempt >= 2 for j in killed)
    generations = [r.generation_id for r in rows]
    assert len(set(generations)) == 4
    with services.db.session() as session:
        entries = session.execute(select(CreditTransaction.generation_request_id, CreditTransaction.transaction_type)
                                  .where(CreditTransaction.user_id == uuid.UUID(str(user.id)),
                                         CreditTransaction.generation_request_id.is_not(None))).all()
        statuses = session.scalars(select(GenerationRequest.status)
                                   .where(GenerationRequest.user_id == uuid.UUID(str(user.id)))).all()
    assert sorted(statuses) == ["completed"] * 4  # one generation per row: none made twice
    assert sorted(kind for _, kind in entries) == ["commit"] * 4 + ["reserve"] * 4
    assert balance(services, user.id) == before - 4
    assert_ledger_invariants(services, user.id)
