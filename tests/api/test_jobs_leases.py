"""Leases and the reaper on the real database (SQLite, or PostgreSQL on the scaled backend)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

from sqlalchemy import update

from api.jobs_support import load_row, new_job, use_null_queue
from routix.jobs import leases
from routix.jobs.reaper import Reaper
from routix.store.models import GenerationRequest, utcnow


def _set(services, job_id, **values) -> None:
    with services.db.session() as session:
        session.execute(update(GenerationRequest).where(GenerationRequest.id == uuid.UUID(job_id)).values(**values))


def _job(services) -> str:
    use_null_queue(services)
    return new_job(services)


def test_claim_is_exclusive_and_counts_attempts(services):
    job = _job(services)
    first = leases.claim(services.db, uuid.UUID(job), "worker-a", 30)
    assert first is not None and first.attempt == 1
    assert leases.claim(services.db, uuid.UUID(job), "worker-b", 30) is None
    row = load_row(services, job)
    assert (row.lease_owner, row.attempt) == ("worker-a", 1) and row.started_at is not None
    assert row.lease_expires_at > utcnow()


def test_racing_claims_have_one_winner(services):
    job = uuid.UUID(_job(services))
    barrier = threading.Barrier(6)
    won: list[object] = []

    def race(name: str) -> None:
        barrier.wait()
        won.append(leases.claim(services.db, job, name, 30))

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [lease for lease in won if lease is not None]
    assert len(winners) == 1 and load_row(services, str(job)).lease_owner == winners[0].owner


def test_expired_lease_is_taken_over_and_the_old_owner_is_fenced_off(services):
    job = _job(services)
    old = leases.claim(services.db, uuid.UUID(job), "dead-worker", 30)
    _set(services, job, lease_expires_at=utcnow() - timedelta(seconds=1))
    new = leases.claim(services.db, uuid.UUID(job), "live-worker", 30)
    assert new is not None and new.attempt == 2
    # every write of the old owner now matches no row
    assert not leases.renew(services.db, old, 30)
    assert not leases.write_progress(services.db, old, status="generating", stage="generating", progress=80,
                                     message="zombie")
    with services.db.session() as session:
        assert not leases.complete(session, old, {"message": "zombie done"})
        assert not leases.fail(session, old, code="x", message="zombie failed")
    row = load_row(services, job)
    assert (row.status, row.lease_owner, row.message) == ("pending", "live-worker", "Waiting for a worker")
    assert leases.write_progress(services.db, new, status="searching", stage="searching", progress=30, message="ok")
    assert load_row(services, job).progress == 30


def test_final_jobs_cannot_be_claimed(services):
    job = _job(services)
    lease = leases.claim(services.db, uuid.UUID(job), "w", 30)
    with services.db.session() as session:
        assert leases.complete(session, lease, {"message": "done"})
    _set(services, job, lease_expires_at=utcnow() - timedelta(seconds=5))
    assert leases.claim(services.db, uuid.UUID(job), "other", 30) is None
    assert load_row(services, job).status == "completed"


def test_heartbeat_keeps_the_lease_and_notices_a_takeover(services):
    job = uuid.UUID(_job(services))
    lease = leases.claim(services.db, job, "beating", 0.6)
    with leases.Heartbeat(services.db, lease, 0.6):
        time.sleep(1.5)  # more than two lease lengths: only renewals keep it alive
        assert leases.claim(services.db, job, "thief", 0.6) is None
        _set(services, str(job), lease_owner="thief")  # someone else owns it now
        assert lease.lost.wait(5), "the heartbeat did not notice the lost lease"
    assert load_row(services, str(job)).lease_owner == "thief"


def test_reaper_releases_expired_leases_and_resumes_orphans(services):
    dead, orphan, fresh, running, done = (_job(services) for _ in range(5))
    leases.claim(services.db, uuid.UUID(dead), "dead-worker", 30)
    _set(services, dead, lease_expires_at=utcnow() - timedelta(seconds=1))
    _set(services, orphan, updated_at=utcnow() - timedelta(seconds=60))
    leases.claim(services.db, uuid.UUID(running), "alive", 30)
    finished = leases.claim(services.db, uuid.UUID(done), "w", 30)
    with services.db.session() as session:
        leases.complete(session, finished, {"message": "done"})
    _set(services, done, updated_at=utcnow() - timedelta(seconds=60))

    dispatched: list[str] = []
    reaper = Reaper(services, dispatched.append, pending_grace=5)
    assert set(reaper.sweep()) == {dead, orphan}
    assert load_row(services, dead).lease_owner is None  # the dead worker's lease is gone
    assert reaper.sweep() == []  # just dispatched: not again before the grace passes
    assert set(reaper.sweep(grace=0)) == {dead, orphan, fresh}  # start-up sweep: every unleased job
    assert running not in dispatched and done not in dispatched
