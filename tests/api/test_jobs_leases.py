"""Leases and the reaper on the jobs table (SQLite, or PostgreSQL on the scaled backend)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from api.jobs_support import load_job, new_job, set_job, use_null_queue
from routix.jobs import leases
from routix.jobs.reaper import Reaper
from routix.store.models import Job, utcnow


def _job(services) -> Job:
    """A pending generation job (the test claims and runs it itself)."""
    use_null_queue(services)
    return load_job(services, new_job(services))


def _reload(services, job: Job) -> Job:
    with services.db.session() as session:
        return session.get(Job, job.id)


def test_claim_is_exclusive_and_counts_attempts(services):
    job = _job(services)
    first = leases.claim(services.db, job.id, "worker-a", 30)
    assert first is not None and first.attempt == 1
    assert leases.claim(services.db, job.id, "worker-b", 30) is None
    row = _reload(services, job)
    assert (row.status, row.lease_owner, row.attempt) == ("running", "worker-a", 1) and row.started_at is not None
    assert row.lease_expires_at > utcnow()


def test_racing_claims_have_one_winner(services):
    job = _job(services)
    barrier = threading.Barrier(6)
    won: list[object] = []

    def race(name: str) -> None:
        barrier.wait()
        won.append(leases.claim(services.db, job.id, name, 30))

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [lease for lease in won if isinstance(lease, leases.Lease)]
    assert len(winners) == 1 and _reload(services, job).lease_owner == winners[0].owner


def test_expired_lease_is_taken_over_and_the_old_owner_is_fenced_off(services):
    job = _job(services)
    old = leases.claim(services.db, job.id, "dead-worker", 30)
    set_job(services, job, lease_expires_at=utcnow() - timedelta(seconds=1))
    new = leases.claim(services.db, job.id, "live-worker", 30)
    assert new is not None and new.attempt == 2
    # every write of the old owner now matches no row
    assert not leases.renew(services.db, old)
    with services.db.session() as session:
        with pytest.raises(leases.LeaseLost):
            leases.fence(session, old)
        assert old.lost.is_set()
        assert not leases.finish(session, old, "completed")
        assert not leases.finish(session, old, "failed", code="x", message="zombie failed")
        assert not leases.release(session, old, error="zombie")
        assert not leases.advance(session, old, "later", 1)
    row = _reload(services, job)
    assert (row.status, row.lease_owner, row.error_message) == ("running", "live-worker", None)
    with services.db.session() as session:
        leases.fence(session, new)  # the new owner's fenced writes go through
        assert leases.finish(session, new, "completed")
    assert _reload(services, job).status == "completed"


def test_final_and_paused_jobs_cannot_be_claimed(services):
    job = _job(services)
    lease = leases.claim(services.db, job.id, "w", 30)
    with services.db.session() as session:
        assert leases.finish(session, lease, "completed")
    set_job(services, job, lease_expires_at=utcnow() - timedelta(seconds=5))
    assert leases.claim(services.db, job.id, "other", 30) is None
    assert _reload(services, job).status == "completed"
    paused = _job(services)
    set_job(services, paused, status="paused")
    assert leases.claim(services.db, paused.id, "w", 30) is None
    assert leases.claim(services.db, "not-a-uuid", "w", 30) is None


def test_heartbeat_keeps_the_lease_and_notices_a_takeover_or_a_cancel(services):
    job = _job(services)
    lease = leases.claim(services.db, job.id, "beating", 0.6)
    with leases.Heartbeat(services.db, lease):
        time.sleep(1.5)  # more than two lease lengths: only renewals keep it alive
        assert leases.claim(services.db, job.id, "thief", 0.6) is None
        set_job(services, job, control="cancel")
        deadline = time.monotonic() + 5
        while lease.control is None and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(leases.Interrupted):
            lease.check()
        set_job(services, job, lease_owner="thief")  # someone else owns it now
        assert lease.lost.wait(5), "the heartbeat did not notice the lost lease"
    assert _reload(services, job).lease_owner == "thief"
    with pytest.raises(leases.LeaseLost):
        lease.check()


def test_reaper_releases_expired_leases_and_resumes_orphans_and_due_jobs(services):
    dead, orphan, fresh, running, done, later, retried = (_job(services) for _ in range(7))
    leases.claim(services.db, dead.id, "dead-worker", 30)
    set_job(services, dead, lease_expires_at=utcnow() - timedelta(seconds=1))
    set_job(services, orphan, updated_at=utcnow() - timedelta(seconds=60))
    leases.claim(services.db, running.id, "alive", 30)
    finished = leases.claim(services.db, done.id, "w", 30)
    with services.db.session() as session:
        leases.finish(session, finished, "completed")
    set_job(services, done, updated_at=utcnow() - timedelta(seconds=60))
    set_job(services, later, not_before=utcnow() + timedelta(hours=1), updated_at=utcnow() - timedelta(seconds=60))
    # a retry handed back 10 s ago with a 5 s backoff: due since 5 s, not dispatched since
    set_job(services, retried, not_before=utcnow() - timedelta(seconds=5), updated_at=utcnow() - timedelta(seconds=10))

    dispatched: list[str] = []
    reaper = Reaper(services, dispatched.append, pending_grace=30)
    ids = {str(j.id) for j in (dead, orphan, fresh, running, done, later, retried)}
    assert set(reaper.sweep()) & ids == {str(dead.id), str(orphan.id), str(retried.id)}
    released = _reload(services, dead)
    assert (released.status, released.lease_owner, released.attempt) == ("pending", None, 1)
    assert set(reaper.sweep()) & ids == set()  # just dispatched: not again before the grace passes
    # the start-up sweep: every waiting job that is due, whenever it was last touched
    assert set(reaper.sweep(grace=0)) & ids == {str(j.id) for j in (dead, orphan, fresh, retried)}
    assert str(running.id) not in dispatched and str(done.id) not in dispatched and str(later.id) not in dispatched


def test_a_pause_asked_of_a_dead_workers_job_parks_it(services):
    job = _job(services)
    leases.claim(services.db, job.id, "dead-worker", 30)
    set_job(services, job, control="pause", lease_expires_at=utcnow() - timedelta(seconds=1))
    assert Reaper(services, lambda _: None).sweep(grace=0) == []
    row = _reload(services, job)
    assert (row.status, row.control, row.lease_owner) == ("paused", None, None)
