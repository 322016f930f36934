"""The ``generation`` job kind run by the job runner in this process: progress, events, retries
with backoff, fencing, cancellation, exactly-once results."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

import routix.generate as generate_pkg
from api.jobs_support import (
    blob_keys,
    job_id,
    load_job,
    load_row,
    new_job,
    run_generation_job,
    set_job,
    use_null_queue,
    use_recording_bus,
    wait_row,
)
from routix.errors import InvalidInput
from routix.jobs import control, leases
from routix.jobs.inline import InlineQueue
from routix.store.models import GENERATION_STATUSES, GenerationRequest, Message, utcnow

STAGE_ORDER = {status: i for i, status in enumerate(GENERATION_STATUSES)}


@pytest.fixture
def doubles(services):
    """(queue, bus): the test runs jobs itself and reads the events they publish."""
    return use_null_queue(services), use_recording_bus(services)


def _expire(services, generation_id) -> None:
    set_job(services, job_id(services, generation_id), lease_expires_at=utcnow() - timedelta(seconds=1))


def _claim(services, generation_id, owner: str, seconds: float = 30):
    return leases.claim(services.db, job_id(services, generation_id), owner, seconds)


def _broken_generate(monkeypatch, error: Exception) -> None:
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(generate_pkg, "make_thumbnail", broken)


def test_a_job_moves_monotonically_through_the_stages(services, doubles):
    queue, bus = doubles
    job = new_job(services, variants=1, title="Boss Fight")
    assert queue.dispatched == [str(job_id(services, job))]  # written first, dispatched second
    assert load_job(services, job).priority > 0  # interactive
    assert run_generation_job(services, job, "w1") == "completed"

    progress = bus.named("generation:progress", job)
    statuses = [p["status"] for p in progress]
    assert [STAGE_ORDER[s] for s in statuses] == sorted(STAGE_ORDER[s] for s in statuses)
    assert {"analyzing", "searching", "composing", "generating"} <= set(statuses)
    percents = [p["progress"] for p in progress]
    assert percents == sorted(percents) and percents[0] > 0 and percents[-1] < 100
    assert all(p["attempt"] == 1 for p in progress)
    [done] = bus.named("generation:completed", job)
    assert done["progress"] == 100 and done["thumbnail_url"] and done["algorithm_used"] == "lightning"
    assert not bus.named("generation:failed")

    row = load_row(services, job)
    assert (row.status, row.progress, row.attempt) == ("completed", 100, 1)
    record = load_job(services, job)
    assert (record.status, record.attempt, record.lease_expires_at, record.finished_at is not None) == (
        "completed", 1, None, True)
    assert {"thumbnail.jpg", "thumbnail.png", "cover.jpg", "design.psd", "design.json", "quality.json",
            "variant-1.jpg"} <= set(row.outputs)
    assert blob_keys(services, job) == set(row.outputs.values())
    assert row.template_id and row.template_ref and row.template_ref != row.template_id
    assert run_generation_job(services, job, "w2") == "skipped"  # a finished job is a no-op


def test_a_dead_workers_job_is_rerun_once_the_lease_expires(services, doubles):
    _, bus = doubles
    job = new_job(services)
    dead = _claim(services, job, "dead-worker")  # claims, then never renews
    assert dead.attempt == 1
    assert run_generation_job(services, job, "live") == "skipped"  # the lease is still live
    _expire(services, job)
    queue = InlineQueue(services, workers=1, reaper_interval=0.2)
    queue.start()  # the reaper finds the expired lease and dispatches the job again
    try:
        row = wait_row(services, job, lambda r: r.status in ("completed", "failed"))
    finally:
        queue.stop()
    assert (row.status, row.attempt) == ("completed", 2)
    assert load_job(services, job).lease_owner not in (None, "dead-worker")
    assert len(bus.named("generation:completed", job)) == 1
    assert blob_keys(services, job) == set(row.outputs.values())


def test_concurrent_runs_of_one_job_give_one_result(services, doubles):
    _, bus = doubles
    job = new_job(services, variants=2)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(name: str) -> None:
        barrier.wait()
        outcomes.append(run_generation_job(services, job, name))

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["completed", "skipped"]
    row = load_row(services, job)
    assert row.attempt == 1 and len(bus.named("generation:completed", job)) == 1
    assert blob_keys(services, job) == set(row.outputs.values())

    # a second, retried attempt overwrites the same keys: still one set of files
    first_keys = set(row.outputs.values())
    with services.db.session() as session:
        session.execute(update(GenerationRequest).where(GenerationRequest.id == row.id).values(status="generating"))
    set_job(services, job_id(services, job), status="pending", lease_owner=None)
    assert run_generation_job(services, job, "w3") == "completed"
    row = load_row(services, job)
    assert row.attempt == 2 and set(row.outputs.values()) == first_keys == blob_keys(services, job)


def test_routix_errors_fail_the_job_without_retry(services, doubles, monkeypatch):
    queue, bus = doubles
    job = new_job(services)
    _broken_generate(monkeypatch, InvalidInput("that template does not exist", code="unknown_template"))
    assert run_generation_job(services, job, "w1") == "failed"
    row = load_row(services, job)
    assert (row.status, row.error_code, row.attempt) == ("failed", "unknown_template", 1)
    assert (load_job(services, job).status, load_job(services, job).error_code) == ("failed", "unknown_template")
    assert row.error_message == "that template does not exist" and row.outputs == {}
    [failed] = bus.named("generation:failed", job)
    assert failed["code"] == "unknown_template" and failed["error"] == row.error_message
    assert queue.dispatched == [str(job_id(services, job))]  # only the original dispatch: no retry


def test_unexpected_errors_retry_with_backoff_until_max_attempts(services, doubles, monkeypatch):
    queue, bus = doubles
    job = new_job(services)
    _broken_generate(monkeypatch, RuntimeError("disk on fire"))
    tries = services.settings.max_attempts
    outcomes = []
    for attempt in range(1, tries + 1):
        outcomes.append(run_generation_job(services, job, f"w{attempt}"))
        record = load_job(services, job)
        if attempt < tries:  # handed back, due after the backoff: 2 s, then 4 s
            waited = (record.not_before - utcnow()).total_seconds()
            assert record.status == "pending" and 2 ** attempt - 1 < waited <= 2 ** attempt
            assert "disk on fire" in record.error_message  # internals stay on the job row
            assert run_generation_job(services, job, "eager") == "skipped"  # not due yet
            assert load_row(services, job).message == "Something went wrong; retrying"
            set_job(services, record, not_before=None)
    assert outcomes == ["retry"] * (tries - 1) + ["failed"]
    assert queue.dispatched == [str(job_id(services, job))]  # retries wait for their not_before, not a message
    row = load_row(services, job)
    assert (row.status, row.error_code, row.attempt) == ("failed", "internal_error", tries)
    [failed] = bus.named("generation:failed", job)
    assert failed["retry_possible"] is True
    assert "disk on fire" not in failed["error"]  # internals stay in the logs


def test_too_many_attempts_fail_at_claim(services, doubles):
    _, bus = doubles
    job = new_job(services)
    set_job(services, job_id(services, job), attempt=services.settings.max_attempts)
    assert run_generation_job(services, job, "w") == "failed"
    assert load_row(services, job).error_code == "too_many_attempts"
    assert len(bus.named("generation:failed", job)) == 1


def test_a_worker_that_lost_its_lease_writes_nothing(services, doubles, monkeypatch):
    _, bus = doubles
    job = new_job(services)

    def stolen(request, *, progress, sink, **kwargs):
        set_job(services, job_id(services, job), lease_owner="thief")  # another worker takes the job over
        progress(generate_pkg.Progress("generating", 60, "painting"))
        sink.put("thumbnail.jpg", b"zombie", "image/jpeg")
        raise AssertionError("the pipeline should have been stopped")

    monkeypatch.setattr(generate_pkg, "make_thumbnail", stolen)
    assert run_generation_job(services, job, "w1") == "lost"
    row = load_row(services, job)
    assert row.status != "completed" and load_job(services, job).lease_owner == "thief"
    assert row.progress < 60 and blob_keys(services, job) == set()
    assert not bus.named("generation:completed") and not bus.named("generation:failed")


def test_completion_and_chat_hook_commit_together(services, doubles, monkeypatch):
    _, bus = doubles
    job = new_job(services)
    import routix.generations.jobs as hooks  # the completion transaction calls chat.hooks through it

    def failing_hook(session, row):
        raise RuntimeError("chat table unavailable")

    monkeypatch.setattr(hooks, "on_generation_finished", failing_hook)
    assert run_generation_job(services, job, "w1") == "retry"
    row = load_row(services, job)
    # the second phase's result rolled back with the hook; the first phase's thumbnail stays
    assert row.status != "completed" and "thumbnail.jpg" in row.outputs and "cover.jpg" not in row.outputs
    job_row = load_job(services, job)
    assert (job_row.status, job_row.phase) == ("pending", "extras")  # the completion was rolled back too
    assert not bus.named("generation:completed")
    set_job(services, job_id(services, job), not_before=None)  # skip the backoff

    from routix.store.models import Conversation

    def posting_hook(session, row):
        conversation = Conversation(user_id=row.user_id, title="t")
        session.add(conversation)
        session.flush()
        message = Message(conversation_id=conversation.id, role="assistant", type="text", content="done!")
        session.add(message)
        session.flush()
        return [message]

    monkeypatch.setattr(hooks, "on_generation_finished", posting_hook)
    assert run_generation_job(services, job, "w2") == "completed"
    [chat] = bus.named("chat:message")
    assert chat["message"]["content"] == "done!" and chat["message"]["role"] == "assistant"
    assert load_row(services, job).attempt == 2


def test_progress_writes_are_fenced_monotonic_and_throttled(services, doubles):
    from routix.generations.reporting import ProgressWriter
    from routix.jobs.runner import context_for

    _, bus = doubles
    job = new_job(services)
    lease = _claim(services, job, "w")
    now = [0.0]
    writer = ProgressWriter(context_for(services, lease), uuid.UUID(job), "user", clock=lambda: now[0])
    P = generate_pkg.Progress
    writer(P("analyzing", 2, "reading"))
    writer(P("analyzing", 5, "too soon"))  # same stage within the interval: skipped
    now[0] += 1
    writer(P("analyzing", 10, "later"))
    writer(P("searching", 27, "new stage"))  # a new stage is written at once
    writer(P("searching", 20, "going back"))  # lower percent: ignored
    writer(P("finalizing", 95, "almost"))
    writer(P("completed", 100, "done"))  # the completion transaction writes this one
    seen = [(e["status"], e["stage"], e["progress"]) for e in bus.named("generation:progress", job)]
    assert seen == [("analyzing", "analyzing", 2), ("analyzing", "analyzing", 10), ("searching", "searching", 27),
                    ("generating", "finalizing", 95)]
    row = load_row(services, job)
    assert (row.status, row.stage, row.progress, row.message) == ("generating", "finalizing", 95, "almost")
    assert (row.attempt, row.started_at is not None) == (1, True)
    set_job(services, lease.job_id, lease_owner="thief")  # fenced: another worker's job now
    with pytest.raises(leases.LeaseLost):
        writer.write("finalizing", 97, "zombie")
    assert load_row(services, job).progress == 95


def test_template_preference_reuses_a_layout_without_revealing_it(services, doubles):
    from api.jobs_support import new_user

    _, bus = doubles
    user = new_user(services)
    first = new_job(services, user, prompt="cooking vlog, homemade pizza")
    assert run_generation_job(services, first, "w") == "completed"
    reference = load_row(services, first)
    same = new_job(services, user, prompt="finance news, market crash", template_preference=reference.template_ref)
    assert run_generation_job(services, same, "w") == "completed"
    assert load_row(services, same).template_id == reference.template_id

    # the template leaves the library: the job fails without naming it
    with services.db.session() as session:
        session.execute(update(GenerationRequest).where(GenerationRequest.id == reference.id)
                        .values(template_id="private-template-7"))
    gone = new_job(services, user, prompt="finance news, again", template_preference=reference.template_ref)
    assert run_generation_job(services, gone, "w") == "failed"
    row = load_row(services, gone)
    assert row.error_code == "unknown_template_ref" and "private-template-7" not in row.error_message
    assert "private-template-7" not in str(bus.events)


def test_files_of_a_generation_whose_user_was_deleted_mid_run_are_removed(services, doubles, monkeypatch):
    from routix.generations.jobs import discard_orphan_files
    from routix.jobs.leases import LeaseLost
    from routix.store.models import User

    job = new_job(services)
    kept = new_job(services)

    def deleted_mid_run(request, *, progress, sink, **kwargs):
        sink.put("thumbnail.jpg", b"written before the account went", "image/jpeg")
        assert blob_keys(services, job)
        with services.db.session() as session:  # the user deletes their account meanwhile
            row = session.get(GenerationRequest, uuid.UUID(job))
            session.delete(session.get(User, row.user_id))
        raise LeaseLost("row gone")  # what the next fenced write finds

    monkeypatch.setattr(generate_pkg, "make_thumbnail", deleted_mid_run)
    assert run_generation_job(services, job, "w1") == "lost"
    assert blob_keys(services, job) == set()
    assert discard_orphan_files(services, uuid.UUID(kept)) is False  # a live row keeps its files


def test_cancelling_a_waiting_generation_fails_it_and_refunds(services, doubles):
    from api.credits_support import assert_ledger_invariants

    _, bus = doubles
    job = new_job(services, algorithm="v1")
    assert control.cancel(services, job_id(services, job)) == "cancelled"
    row = load_row(services, job)
    assert (row.status, row.error_code) == ("failed", "cancelled")
    assert load_job(services, job).status == "cancelled"
    [failed] = bus.named("generation:failed", job)
    assert failed["code"] == "cancelled"
    assert assert_ledger_invariants(services, row.user_id) == 50  # reserved, then released
    assert run_generation_job(services, job, "w") == "skipped"
    assert control.cancel(services, job_id(services, job)) == "unchanged"


def test_cancelling_a_running_generation_stops_it_at_its_next_progress_report(services, doubles, monkeypatch):
    _, bus = doubles
    job = new_job(services)
    seen: list[str] = []

    def slow(request, *, progress, sink, **kwargs):
        progress(generate_pkg.Progress("searching", 20, "looking"))
        assert control.cancel(services, job_id(services, job)) == "cancelling"
        seen.append("asked")
        progress(generate_pkg.Progress("composing", 40, "laying out"))  # the fenced write sees the request
        seen.append("went on")
        raise AssertionError("the pipeline should have been stopped")

    monkeypatch.setattr(generate_pkg, "make_thumbnail", slow)
    assert run_generation_job(services, job, "w") == "cancelled"
    assert seen == ["asked"]
    row = load_row(services, job)
    assert (row.status, row.error_code, row.progress) == ("failed", "cancelled", 20)
    assert load_job(services, job).status == "cancelled" and bus.named("generation:failed", job)
