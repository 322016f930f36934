"""Job kinds of the tests' own, for the runner's tests: a :class:`Journal` of what they did, the
``journal`` and ``kind`` fixtures, and helpers to add, reload and wait for jobs."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from routix.jobs import registry
from routix.jobs.context import Failure, JobContext
from routix.jobs.enqueue import enqueue
from routix.jobs.registry import JobKind
from routix.store.models import Job

WAIT = 60


class Crash(BaseException):
    """Stands in for the worker process dying (the runner does not catch it)."""


class Journal:
    """What the test kinds did: ``runs`` [(kind, subject, phase, attempt)], ``failures``
    [(subject, code)], ``finished`` [subject]."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, str, str | None, int]] = []
        self.failures: list[tuple[str, str]] = []
        self.finished: list[str] = []
        self.lock = threading.Lock()

    def note(self, ctx: JobContext) -> None:
        with self.lock:
            self.runs.append((ctx.kind.name, ctx.subject_id, ctx.phase, ctx.attempt))

    def subjects(self) -> list[str]:
        return [subject for _, subject, _, _ in self.runs]


@pytest.fixture
def journal() -> Journal:
    return Journal()


@pytest.fixture
def kind(journal):
    """``kind(name, run=None, **options)`` registers a test kind (a unique name) for the test."""
    added: list[str] = []

    def fail(session, ctx: JobContext, failure: Failure):
        journal.failures.append((ctx.subject_id, failure.code))

    def finish(session, ctx: JobContext, result):
        journal.finished.append(ctx.subject_id)

    def make(name: str, run=None, **options) -> JobKind:
        unique = f"test_{name}_{uuid.uuid4().hex[:6]}"
        added.append(unique)
        return registry.register(JobKind(name=unique, run=run or journal.note, finish=finish, fail=fail, **options))

    yield make
    for name in added:
        registry.unregister(name)


def _add(services, kind, subject, **options) -> Job:
    with services.db.session() as session:
        job = enqueue(session, kind, subject, **options)
    return job


def _load(services, job: Job) -> Job:
    with services.db.session() as session:
        return session.get(Job, job.id)


def _wait(predicate, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {WAIT} s")
