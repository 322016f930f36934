"""Jobs survive restarts: unfinished jobs resume when the app starts, and a worker process
killed with SIGKILL mid-generation leaves a job that finishes once, with one set of files."""

from __future__ import annotations

import os
import signal
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.conftest_celery import WORKER_CODE, start_process, stop_process, worker_env
from api.jobs_support import blob_keys, job_id, load_job, load_row, new_job, set_job, use_null_queue, wait_row
from routix.jobs import leases
from routix.services import Services
from routix.store.models import FINAL_STATUSES, utcnow

#: The crash test's Celery worker uses its own Redis database as broker, so the session's
#: worker (same database, same queue name) cannot take the job instead.
CRASH_BROKER = os.environ.get("ROUTIX_TEST_CRASH_BROKER_URL", "redis://127.0.0.1:6379/14")


def _final(row) -> bool:
    return row.status in FINAL_STATUSES


def test_unfinished_jobs_resume_when_the_app_starts(services, celery_worker):
    from routix.api.app import create_app

    use_null_queue(services)  # as if the process died right after writing the rows
    pending = new_job(services, prompt="calm study music, lofi")
    abandoned = new_job(services, prompt="podcast episode with a guest")
    leases.claim(services.db, job_id(services, abandoned), "dead-worker", 30)
    set_job(services, job_id(services, abandoned), lease_expires_at=utcnow() - timedelta(seconds=1))
    del services.__dict__["queue"]

    with TestClient(create_app(services, start_workers=True, migrate=False)):
        rows = [wait_row(services, job, _final) for job in (pending, abandoned)]
    assert [(r.status, r.attempt) for r in rows] == [("completed", 1), ("completed", 2)]
    for row in rows:
        assert blob_keys(services, row.id) == set(row.outputs.values())


@pytest.mark.slow
def test_sigkill_mid_generation_then_restart_finishes_once(services, backend, shared_storage_url, tmp_path):
    use_null_queue(services)
    job = new_job(services, prompt="epic gaming montage, explosions", title="Last One Standing", variants=2)
    scaled = backend["queue"] == "celery"
    storage = services.settings.effective_storage_url
    extra = {"ROUTIX_WORKERS": "1"}
    if scaled:
        extra["ROUTIX_BROKER_URL"] = CRASH_BROKER
        args = ["-c", WORKER_CODE]
        dispatcher = Services(services.settings.model_copy(update={"broker_url": CRASH_BROKER}))
        dispatcher.queue.start()  # the API side: sends the job now and runs the lease reaper
    else:
        args = ["-m", "routix.jobs.standalone"]  # workers + reaper over the same SQLite file
        dispatcher = None
    env = worker_env(backend, storage, services.settings.data_dir, **extra)
    log = tmp_path / "worker.log"
    try:
        first = start_process(args, env, log)
        try:
            row = wait_row(services, job, lambda r: _final(r) or 10 < r.progress < 100)
            assert not _final(row), "the job finished before the worker could be killed"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
        finally:
            stop_process(first)
        killed = load_row(services, job)
        killed_job = load_job(services, job)
        assert not _final(killed) and killed.attempt == 1 and killed_job.lease_owner is not None
        assert (killed_job.status, killed_job.attempt) == ("running", 1)

        second = start_process(args, env, log)
        try:
            row = wait_row(services, job, _final)
        finally:
            stop_process(second)
    finally:
        if dispatcher is not None:
            dispatcher.close()
    assert (row.status, row.attempt) == ("completed", 2), log.read_text()[-3000:]
    finished = load_job(services, job)
    assert (finished.status, finished.attempt) == ("completed", 2)
    assert finished.lease_owner not in (None, killed_job.lease_owner)
    assert blob_keys(services, job) == set(row.outputs.values())
    assert {"thumbnail.jpg", "variant-2.jpg", "design.psd"} <= set(row.outputs)
