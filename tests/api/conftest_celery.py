"""Scaled-backend plumbing: a real Celery worker in a separate process, sharing storage.

``celery_worker`` (session) starts ``run_worker()`` in a subprocess with the scaled backend's
environment (PostgreSQL URL, Redis as broker and event bus, the test secret, 3 s leases, OCR
off) and a blob folder shared with every test (``shared_storage_url``), so files written by
the worker download through the test's app. On the embedded backend it yields None.

``conftest.py`` re-exports these fixtures; the worker and the storage folder are process-wide.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from api.backends import LEASE_SECONDS, TEST_SECRET

#: injected provider failures (``routix.batches.faults``) of this test process's workers, in-process
#: or the Celery worker: a test writes the entries with the ``batch_faults`` fixture
FAULTS_FILE = Path(tempfile.gettempdir()) / f"routix-test-batch-faults-{os.getpid()}"

#: INFO and JSON lines, so a test can follow a job into the worker (``celery_worker_log``)
WORKER_CODE = "from routix.jobs.worker import run_worker; run_worker(loglevel='INFO')"


def worker_env(backend: dict, storage_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a worker subprocess on ``backend`` (the dict of the ``backend`` fixture)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROUTIX_")}
    env.update({
        "ROUTIX_DATA_DIR": str(data_dir), "ROUTIX_SECRET_KEY": TEST_SECRET, "ROUTIX_STORAGE_URL": storage_url,
        "ROUTIX_LEASE_SECONDS": str(LEASE_SECONDS), "ROUTIX_OCR": "false", "ROUTIX_WORKERS": "2",
        "ROUTIX_QUEUE": backend["queue"], "PYTHONUNBUFFERED": "1",
    })
    for name in ("database_url", "redis_url"):
        if backend.get(name):
            env[f"ROUTIX_{name.upper()}"] = backend[name]
    env.update(extra)
    return env


def start_process(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``python <args>`` with output going to ``log``."""
    handle = log.open("ab")
    return subprocess.Popen([sys.executable, *args], env=env, stdout=handle, stderr=subprocess.STDOUT)


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


#: Process-wide state: test modules import these fixtures, and pytest then keeps one session
#: instance per importing module; the worker and the storage folder must still be one.
_shared: dict[str, object] = {}


@pytest.fixture(scope="session")
def shared_storage_url(tmp_path_factory) -> str:
    if "storage" not in _shared:
        _shared["storage"] = f"file://{tmp_path_factory.mktemp('shared-blobs')}"
    return _shared["storage"]


@pytest.fixture(scope="session")
def celery_worker(backend, shared_storage_url, tmp_path_factory):
    """A ``routix worker`` (Celery) process for the session on the scaled backend, else None."""
    if backend["queue"] != "celery":
        yield None
        return
    owner = "worker" not in _shared
    if owner:
        folder = tmp_path_factory.mktemp("celery-worker")
        log = folder / "worker.log"
        env = worker_env(backend, shared_storage_url, folder, ROUTIX_LOG_FORMAT="json",
                         ROUTIX_BATCH_FAULTS=f"@{FAULTS_FILE}")
        process = start_process(["-c", WORKER_CODE], env, log)
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited at once:\n{log.read_text()[-4000:]}")
        _shared["worker"] = process
        _shared["worker_log"] = log
    yield _shared["worker"]
    if owner:
        stop_process(_shared.pop("worker"))



@pytest.fixture
def celery_worker_log(celery_worker) -> Path | None:
    """The shared Celery worker's log file (JSON lines), or None on the embedded backend."""
    return _shared.get("worker_log") if celery_worker is not None else None  # type: ignore[return-value]


@pytest.fixture
def batch_faults(monkeypatch) -> Iterator[Callable[[str], None]]:
    """``batch_faults("row2=1,retry_after=0.3")`` injects provider failures into batch rows run
    from now on, by this process's in-process workers and by the Celery worker alike; cleared
    after the test."""
    monkeypatch.setenv("ROUTIX_BATCH_FAULTS", f"@{FAULTS_FILE}")
    yield lambda entries: FAULTS_FILE.write_text(entries, encoding="utf-8")
    FAULTS_FILE.unlink(missing_ok=True)
