"""The job runner itself, with job kinds of the tests' own: priority, not-before times, per-user
limits, pause/cancel, periodic jobs, multi-phase resume, retries with backoff, commit-then-dispatch.

Every job here runs in this process (the runner's functions, or an InlineQueue started by the
test) against the backend's database, so the scaled backend checks the SQL on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.jobs_kinds import WAIT, Crash, _add, _load, _wait
from api.jobs_support import new_user, set_job, use_null_queue
from routix.jobs import control, leases, registry
from routix.jobs.context import JobContext
from routix.jobs.enqueue import commit_then_dispatch, enqueue
from routix.jobs.inline import InlineQueue
from routix.jobs.reaper import Reaper
from routix.jobs.registry import PRIORITY_BATCH, PRIORITY_INTERACTIVE, RetryPolicy
from routix.jobs.runner import run_job, run_message, run_next
from routix.store.models import Job, utcnow


def test_the_best_runnable_job_is_claimed_first_not_the_oldest(services, kind, journal):
    use_null_queue(services)
    batch = kind("batch", priority=PRIORITY_BATCH, phases=("plan", "render"))
    live = kind("live", priority=PRIORITY_INTERACTIVE)
    rendering = _add(services, batch, "row-1", phase="render")  # a second phase waits behind first ones
    planning = _add(services, batch, "row-2")
    interactive = _add(services, live, "user-request")
    assert (_load(services, rendering).priority, _load(services, planning).priority) == (PRIORITY_BATCH - 1,
                                                                                          PRIORITY_BATCH)
    queue = InlineQueue(services, workers=1, reaper_interval=60)
    queue.start()  # one worker: the order it runs them is the claim order
    try:
        _wait(lambda: len(journal.runs) == 3, "three runs")
    finally:
        queue.stop()
    assert journal.subjects() == ["user-request", "row-2", "row-1"]
    assert all(_load(services, j).status == "completed" for j in (rendering, planning, interactive))


def test_a_celery_message_runs_higher_priority_work_first_and_stale_messages_nothing(services, kind, journal):
    use_null_queue(services)
    batch, live = kind("batch", priority=PRIORITY_BATCH), kind("live")
    mine = _add(services, batch, "batch-row")
    urgent = _add(services, live, "urgent")
    assert run_message(services, mine.id, "celery-1") == "completed"
    assert journal.subjects() == ["urgent", "batch-row"]
    assert _load(services, urgent).status == "completed"
    late = _add(services, live, "late")
    assert run_message(services, uuid.uuid4(), "celery-1") == "skipped"  # a message for a job that is gone
    assert run_message(services, mine.id, "celery-1") == "skipped"  # ... or finished: it takes nothing else
    assert _load(services, late).status == "pending"


def test_a_job_is_not_claimed_before_its_not_before_time(services, kind, journal):
    use_null_queue(services)
    later = kind("later")
    job = _add(services, later, "s", not_before=utcnow() + timedelta(hours=1))
    assert run_job(services, job.id, "w") == "skipped"
    assert run_next(services, "w") is None
    dispatched: list[str] = []
    reaper = Reaper(services, dispatched.append, pending_grace=3600)
    assert str(job.id) not in reaper.sweep(grace=0)
    # an hour passes: the time has come (the row was last touched when it was scheduled)
    set_job(services, job, not_before=utcnow() - timedelta(seconds=1), updated_at=utcnow() - timedelta(hours=1))
    assert str(job.id) in reaper.sweep()  # due since its last touch: dispatched despite the long grace
    assert run_next(services, "w") == "completed" and journal.subjects() == ["s"]


def test_a_job_over_its_users_limit_waits_and_is_retried_later(services, kind, journal):
    use_null_queue(services)
    limited = kind("limited", per_user_limit=1)
    alice, bob = new_user(services), new_user(services)
    first = _add(services, limited, "a1", user_id=alice.id)
    second = _add(services, limited, "a2", user_id=alice.id)
    other = _add(services, limited, "b1", user_id=bob.id)
    held = leases.claim(services.db, first.id, "w1", 30)
    assert held is not None
    assert leases.claim(services.db, second.id, "w2", 30) is None  # alice already runs one
    waiting = _load(services, second)
    assert waiting.status == "pending" and waiting.attempt == 0
    assert 0 < (waiting.not_before - utcnow()).total_seconds() <= leases.THROTTLE_SECONDS
    assert run_next(services, "w3") == "completed" and journal.subjects() == ["b1"]  # bob is not held up
    with services.db.session() as session:
        assert leases.finish(session, held, "completed")
    assert run_job(services, second.id, "w2") == "skipped"  # not before its retry time
    set_job(services, second, not_before=None)
    assert run_job(services, second.id, "w2") == "completed"
    assert _load(services, other).status == "completed"


def test_racing_claims_respect_the_per_user_limit(services, kind):
    use_null_queue(services)
    limited = kind("limited", per_user_limit=2)
    user = new_user(services)
    jobs = [_add(services, limited, f"s{i}", user_id=user.id) for i in range(6)]
    barrier = threading.Barrier(len(jobs))
    won: list[object] = []

    def race(job: Job, name: str) -> None:
        barrier.wait()
        won.append(leases.claim(services.db, job.id, name, 30))

    threads = [threading.Thread(target=race, args=(job, f"w{i}")) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([lease for lease in won if lease is not None]) == 2


def test_a_paused_job_waits_until_resumed(services, kind, journal):
    queue = use_null_queue(services)
    pausable = kind("pausable")
    job = _add(services, pausable, "s")
    assert control.pause(services, job.id) == "paused"
    assert run_job(services, job.id, "w") == "skipped" and run_next(services, "w") is None
    assert control.resume(services, job.id) == "resumed"
    assert queue.dispatched == [str(job.id)]
    assert run_job(services, job.id, "w") == "completed"
    assert control.pause(services, job.id) == "unchanged"  # finished


def test_a_running_job_pauses_at_its_next_check_and_resumes_in_its_phase(services, kind, journal):
    use_null_queue(services)
    go_on = threading.Event()

    def steps(ctx: JobContext) -> None:
        journal.note(ctx)
        if ctx.phase == "first":
            ctx.advance("second")
            assert control.pause(ctx.services, ctx.job_id) == "pausing"
            with ctx.transaction():  # a fenced write sees the request and stops the job
                raise AssertionError("the pause should have stopped the job")
        go_on.set()

    staged = kind("staged", run=steps, phases=("first", "second"))
    job = _add(services, staged, "s")
    assert run_job(services, job.id, "w") == "paused"
    parked = _load(services, job)
    assert (parked.status, parked.phase, parked.attempt, parked.control) == ("paused", "second", 0, None)
    assert control.resume(services, job.id) == "resumed"
    assert run_job(services, job.id, "w") == "completed" and go_on.is_set()
    assert [(phase, attempt) for _, _, phase, attempt in journal.runs] == [("first", 1), ("second", 1)]


def test_cancelling_a_waiting_job_runs_its_failure_hook_at_once(services, kind, journal):
    use_null_queue(services)
    cancellable = kind("cancellable")
    job = _add(services, cancellable, "s")
    assert control.cancel(services, job.id) == "cancelled"
    assert journal.failures == [("s", "cancelled")]
    ended = _load(services, job)
    assert (ended.status, ended.error_code) == ("cancelled", "cancelled")
    assert run_job(services, job.id, "w") == "skipped" and journal.runs == []
    assert control.cancel(services, job.id) == "unchanged"


def test_a_cancelled_running_job_stops_at_its_next_heartbeat(services, kind, journal):
    use_null_queue(services)
    started = threading.Event()

    def long_running(ctx: JobContext) -> None:
        started.set()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            ctx.check()  # raises once the heartbeat has seen the cancel
            time.sleep(0.05)
        raise AssertionError("the cancel was never seen")

    cancellable = kind("cancellable", run=long_running)
    job = _add(services, cancellable, "s")
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(run_job(services, job.id, "w")))
    worker.start()
    assert started.wait(WAIT)
    assert control.cancel(services, job.id) == "cancelling"
    worker.join(WAIT)
    assert outcome == ["cancelled"]
    assert journal.failures == [("s", "cancelled")] and journal.finished == []
    assert _load(services, job).status == "cancelled"


def test_periodic_kinds_are_scheduled_when_due_and_never_twice_at_once(services, kind, journal):
    use_null_queue(services)
    cleanup = kind("cleanup", every=0.3, priority=registry.PRIORITY_MAINTENANCE)
    reapers = [Reaper(services, lambda _: None) for _ in range(4)]

    def jobs() -> list[Job]:
        with services.db.session() as session:
            return list(session.scalars(select(Job).where(Job.kind == cleanup.name).order_by(Job.created_at)))

    barrier = threading.Barrier(len(reapers))

    def schedule(reaper: Reaper) -> None:
        barrier.wait()
        reaper.schedule_periodic()

    threads = [threading.Thread(target=schedule, args=(reaper,)) for reaper in reapers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [first] = jobs()  # four reapers at once: one job
    assert first.status == "pending" and 0 < (first.not_before - utcnow()).total_seconds() <= 0.3
    reapers[0].schedule_periodic()
    assert len(jobs()) == 1  # an unfinished one exists: not again
    assert run_job(services, first.id, "w") == "skipped"  # not due yet
    _wait(lambda: run_job(services, first.id, "w") == "completed", "the periodic run")
    reapers[0].schedule_periodic()
    first, second = jobs()
    assert second.status == "pending" and second.not_before >= first.not_before + timedelta(seconds=0.3)


def test_a_multi_phase_job_resumes_at_the_phase_it_reached_after_a_crash(services, kind, journal):
    use_null_queue(services)

    def two_phases(ctx: JobContext) -> str:
        journal.note(ctx)
        if ctx.phase == "plan":
            ctx.advance("render")  # fenced: recorded on the job row
        if ctx.attempt == 1:
            raise Crash()  # the worker dies in the second phase
        return "done"

    staged = kind("staged", run=two_phases, phases=("plan", "render"))
    job = _add(services, staged, "s")
    assert _load(services, job).phase == "plan"
    with pytest.raises(Crash):
        run_job(services, job.id, "w1")
    crashed = _load(services, job)
    assert (crashed.status, crashed.phase, crashed.priority) == ("running", "render", staged.priority - 1)
    set_job(services, job, lease_expires_at=utcnow() - timedelta(seconds=1))
    assert run_job(services, job.id, "w2") == "completed"
    assert [(phase, attempt) for _, _, phase, attempt in journal.runs] == [("plan", 1), ("render", 2)]
    with pytest.raises(ValueError):
        staged.phase_rank("unknown")


def test_unexpected_errors_are_retried_with_backoff_then_fail(services, kind, journal):
    use_null_queue(services)

    def broken(ctx: JobContext) -> None:
        journal.note(ctx)
        raise RuntimeError("flaky disk")

    flaky = kind("flaky", run=broken, retry=RetryPolicy(max_attempts=3, backoff=10, factor=3))
    job = _add(services, flaky, "s")
    for attempt, backoff in ((1, 10), (2, 30)):
        assert run_job(services, job.id, f"w{attempt}") == "retry"
        waiting = _load(services, job)
        assert waiting.status == "pending" and waiting.lease_owner is None
        assert backoff - 2 < (waiting.not_before - utcnow()).total_seconds() <= backoff
        assert "flaky disk" in waiting.error_message
        assert run_job(services, job.id, "eager") == "skipped"
        set_job(services, job, not_before=None)
    assert run_job(services, job.id, "w3") == "failed"
    assert journal.failures == [("s", "internal_error")] and len(journal.runs) == 3
    assert _load(services, job).error_code == "internal_error"


def test_commit_then_dispatch_commits_first_and_survives_a_failed_dispatch(services, kind):
    plain = kind("plain")
    seen: list[str] = []

    class Queue:
        name = "test"

        def dispatch(self, job_id: str) -> None:
            with services.db.session() as other:  # a worker must find the committed row
                seen.append(other.get(Job, uuid.UUID(job_id)).status)
            raise ConnectionError("broker down")

        def stop(self) -> None: ...

    services.__dict__["queue"] = Queue()
    with services.db.session() as session:
        job = enqueue(session, plain, "s")
        commit_then_dispatch(session, services, job)
    assert seen == ["pending"] and _load(services, job).status == "pending"  # the reaper will send it
    with pytest.raises(IntegrityError), services.db.session() as session:  # one unfinished job per subject
        enqueue(session, plain, "s")
    with pytest.raises(registry.UnknownJobKind), services.db.session() as session:
        enqueue(session, "no_such_kind", "s")
