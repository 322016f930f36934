"""Helpers for the generation and job tests."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select, update

from routix.store.models import GenerationRequest, Job

WAIT_SECONDS = 120


class RecordingBus:
    """An EventBus double that keeps every published event: ``events`` = [(user_id, event)]."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []
        self._lock = threading.Lock()

    def publish(self, user_id: str, event: dict) -> None:
        with self._lock:
            self.events.append((user_id, event))

    def named(self, name: str, request_id: str | None = None) -> list[dict]:
        with self._lock:
            found = [e["data"] for _, e in self.events if e["event"] == name]
        return [d for d in found if request_id is None or d.get("request_id") == request_id]

    def ping(self) -> None: ...

    def close(self) -> None: ...


class NullQueue:
    """A JobQueue double that only records dispatches (job ids; jobs are run by the test itself)."""

    name = "null"

    def __init__(self) -> None:
        self.dispatched: list[str] = []

    def dispatch(self, job_id: str) -> None:
        self.dispatched.append(str(job_id))

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def depth(self) -> int:
        return len(self.dispatched)


def wait_final(client, headers: dict, request_id: str, timeout: float = WAIT_SECONDS) -> dict:
    """Poll the status route until the generation is completed or failed; returns the status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/generation/{request_id}/status", headers=headers).json()
        if status["status"] in ("completed", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"generation {request_id} did not finish within {timeout} s")


def wait_row(services, request_id, predicate, timeout: float = WAIT_SECONDS) -> GenerationRequest:
    """Poll the row until ``predicate(row)`` holds; returns the row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with services.db.session() as session:
            row = session.get(GenerationRequest, uuid.UUID(str(request_id)))
            if row is not None and predicate(row):
                return row
        time.sleep(0.05)
    raise AssertionError(f"generation {request_id} did not reach the expected state within {timeout} s")


def load_row(services, request_id) -> GenerationRequest:
    with services.db.session() as session:
        return session.get(GenerationRequest, uuid.UUID(str(request_id)))


def blob_keys(services, request_id) -> set[str]:
    """Every key stored under ``generations/<id>/`` in the local blob store."""
    root = Path(services.blobs.root)
    folder = root / "generations" / str(request_id)
    if not folder.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}


def use_null_queue(services) -> NullQueue:
    """Replace ``services.queue`` by a NullQueue (returned) so the test runs jobs itself."""
    queue = NullQueue()
    services.__dict__["queue"] = queue
    return queue


def use_recording_bus(services) -> RecordingBus:
    bus = RecordingBus()
    services.__dict__["bus"] = bus
    return bus


def new_user(services):
    """A fresh user row (committed)."""
    from routix.accounts.service import register

    with services.db.session() as session:
        user = register(session, f"job-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery")
        session.flush()
        session.expunge(user)
    return user


def new_job(services, user=None, **params) -> str:
    """A pending generation row for ``user`` (default: a new user), dispatched to whatever
    ``services.queue`` is; returns its id."""
    from routix.generations.params import GenerationParams
    from routix.generations.service import create_generation

    user = user or new_user(services)
    params = {"prompt": "gaming thumbnail with explosions", **params}
    with services.db.session() as session:
        row = create_generation(session, services, user, GenerationParams(**params))
        return str(row.id)


def load_job(services, subject_id, kind: str = "generation") -> Job:
    """The newest job of ``kind`` for the domain row ``subject_id`` (a generation by default)."""
    from routix.jobs.enqueue import job_for

    with services.db.session() as session:
        job = job_for(session, kind, subject_id)
        assert job is not None, f"no {kind} job for {subject_id}"
        return job


def job_id(services, subject_id, kind: str = "generation") -> uuid.UUID:
    """The id of the newest job of ``kind`` for ``subject_id``."""
    return load_job(services, subject_id, kind).id


def set_job(services, job, **values) -> None:
    """UPDATE the job row ``job`` (a Job or an id) with ``values``."""
    jid = job.id if isinstance(job, Job) else uuid.UUID(str(job))
    with services.db.session() as session:
        session.execute(update(Job).where(Job.id == jid).values(**values))


def run_generation_job(services, generation_id, worker: str = "w") -> str:
    """Run the job of generation ``generation_id`` here, as ``worker``; returns the outcome."""
    from routix.jobs.runner import run_to_end

    return run_to_end(services, job_id(services, generation_id), worker)


def generation_count(services, user_id: str) -> int:
    """How many generation rows ``user_id`` has."""
    with services.db.session() as session:
        return session.scalar(
            select(func.count()).select_from(GenerationRequest).where(GenerationRequest.user_id == uuid.UUID(user_id))
        )
