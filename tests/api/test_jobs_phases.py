"""A job that ends a phase hands its worker back: the next phase waits behind other jobs' first
phases. The runner with the tests' own kinds, then the ``generation`` kind itself (thumbnail
first, extras after, a crash between the phases, one charge)."""

from __future__ import annotations

from api.credits_support import assert_ledger_invariants
from api.jobs_kinds import _add, _load, _wait
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
)
from routix.jobs import control
from routix.jobs.context import JobContext, NextPhase
from routix.jobs.inline import InlineQueue
from routix.jobs.runner import run_job, run_next


def test_a_phase_that_ends_lets_every_first_phase_run_before_the_next_phase(services, kind, journal):
    use_null_queue(services)
    checkpoints: list[tuple[str, object]] = []

    def two_phases(ctx: JobContext):
        journal.note(ctx)
        return NextPhase("second", {"made": ctx.subject_id}) if ctx.phase == "first" else "done"

    def checkpoint(session, ctx: JobContext, result):
        checkpoints.append((ctx.subject_id, result))

    staged = kind("staged", run=two_phases, phases=("first", "second"), checkpoint=checkpoint)
    jobs = [_add(services, staged, f"s{i}") for i in range(3)]
    queue = InlineQueue(services, workers=1, reaper_interval=60)
    queue.start()  # one worker: the order of the runs is the claim order
    try:
        _wait(lambda: len(journal.finished) == 3, "three completions")
    finally:
        queue.stop()
    assert [(subject, phase) for _, subject, phase, _ in journal.runs] == [
        ("s0", "first"), ("s1", "first"), ("s2", "first"), ("s0", "second"), ("s1", "second"), ("s2", "second")]
    assert checkpoints == [(f"s{i}", {"made": f"s{i}"}) for i in range(3)]
    for job in jobs:
        row = _load(services, job)
        # the hand-back between the phases is not an attempt; the phase lowered the priority
        assert (row.status, row.phase, row.attempt, row.priority) == ("completed", "second", 1, staged.priority - 1)
    assert all(attempt == 1 for *_, attempt in journal.runs)


def test_a_cancel_asked_during_a_phase_ends_the_job_at_the_next_claim(services, kind, journal):
    use_null_queue(services)

    def cancelled_meanwhile(ctx: JobContext):
        journal.note(ctx)
        assert control.cancel(services, ctx.job_id) == "cancelling"
        return NextPhase("second")

    staged = kind("staged", run=cancelled_meanwhile, phases=("first", "second"))
    job = _add(services, staged, "s")
    assert run_job(services, job.id, "w") == "next_phase"
    assert _load(services, job).control == "cancel"  # the hand-back kept the request
    assert run_job(services, job.id, "w") == "cancelled"
    assert [phase for _, _, phase, _ in journal.runs] == ["first"] and journal.failures == [("s", "cancelled")]


def test_a_burst_of_generations_gets_every_thumbnail_before_any_extras(services):
    use_null_queue(services)
    bus = use_recording_bus(services)
    ids = [new_job(services) for _ in range(3)]
    order = []
    while (outcome := run_next(services, "w")) is not None:
        order.append(outcome)
    assert order == ["next_phase"] * 3 + ["completed"] * 3
    names = [(event["event"], event["data"]["request_id"]) for _, event in list(bus.events)
             if event["event"] in ("generation:thumbnail", "generation:completed")]
    assert [name for name, _ in names] == ["generation:thumbnail"] * 3 + ["generation:completed"] * 3
    assert {rid for _, rid in names[:3]} == set(ids)
    for rid in ids:
        [early] = bus.named("generation:thumbnail", rid)
        assert early["thumbnail_url"] and early["progress"] == 75
        made = {event["name"] for event in bus.named("generation:output", rid)}
        assert {"thumbnail.png", "cover.jpg", "design.psd", "design-1x1.psd", "quality.json"} <= made
        row = load_row(services, rid)
        assert row.status == "completed" and "cover.jpg" in row.outputs
        # the second phase ran the OCR check when the service reads titles at all
        assert (row.quality["legible_at_small"] is not None) == services.settings.ocr


def test_a_crash_between_the_phases_resumes_the_second_and_charges_once(services, monkeypatch):
    use_null_queue(services)
    bus = use_recording_bus(services)
    rid = new_job(services)
    assert run_job(services, job_id(services, rid), "w1") == "next_phase"
    first = load_row(services, rid)
    assert (first.status, first.stage, first.progress) == ("generating", "finalizing", 75)
    assert first.design and "thumbnail.jpg" in first.outputs and "cover.jpg" not in first.outputs
    thumbnail_key = first.outputs["thumbnail.jpg"]
    thumbnail_bytes = services.blobs.get(thumbnail_key)

    import routix.generations.phases as phases

    def crash(*args, **kwargs):
        raise RuntimeError("the worker died while rendering the cover")

    monkeypatch.setattr(phases, "make_extras", crash)
    assert run_job(services, job_id(services, rid), "w2") == "retry"
    job = load_job(services, rid)
    assert (job.status, job.phase) == ("pending", "extras")
    set_job(services, job.id, not_before=None)
    monkeypatch.undo()
    assert run_generation_job(services, rid, "w3") == "completed"
    row = load_row(services, rid)
    assert row.status == "completed" and {"cover.jpg", "design.psd", "quality.json"} <= set(row.outputs)
    # the second phase built on the first: the same thumbnail, not a new one
    assert row.outputs["thumbnail.jpg"] == thumbnail_key and services.blobs.get(thumbnail_key) == thumbnail_bytes
    assert len(bus.named("generation:thumbnail", rid)) == 1 and len(bus.named("generation:completed", rid)) == 1
    assert set(row.outputs.values()) == blob_keys(services, rid)
    assert_ledger_invariants(services, row.user_id)  # reserved once, settled once


def test_the_in_process_workers_set_the_library_threads_per_job(services):
    from routix.kit import cpu

    try:
        InlineQueue(services, workers=2)
        assert cpu.library_threads() == max(1, cpu.available_cores() // 2)
    finally:
        cpu.set_concurrency(1)
