"""InlineQueue: the embedded default - ``settings.workers`` worker threads in this process.

Job ids travel through a ``queue.Queue``; a job id already queued or running here is not queued
twice (the reaper may re-dispatch a job that is merely waiting its turn). ``start()`` starts
the workers and the lease reaper; ``stop()`` lets running jobs finish (up to ``join_timeout``
seconds) and leaves queued ones pending in the database, where the next start resumes them.
"""

from __future__ import annotations

import logging
import os
import queue
import secrets
import socket
import threading

from routix.jobs.executor import run_job
from routix.jobs.reaper import Reaper

log = logging.getLogger("routix.jobs")


def worker_name(kind: str, index: int | str) -> str:
    """A worker id unique across machines, processes and restarts: kind:host:pid:token:index."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{_TOKEN}:{index}"


_TOKEN = secrets.token_hex(3)


class InlineQueue:
    """JobQueue with in-process worker threads (see module docstring)."""

    name = "inline"

    def __init__(self, services, *, workers: int | None = None, join_timeout: float = 60.0,
                 reaper_interval: float | None = None, pending_grace: float = 5.0) -> None:
        self.services = services
        self.workers = workers or services.settings.workers
        self.join_timeout = join_timeout
        self._jobs: queue.Queue[str | None] = queue.Queue()
        self._known: set[str] = set()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self.reaper = Reaper(services, self.dispatch, interval=reaper_interval, pending_grace=pending_grace)

    def dispatch(self, job_id: str) -> None:
        """Queue ``job_id`` unless it is already queued or running in this process."""
        job_id = str(job_id)
        with self._lock:
            if job_id in self._known:
                return
            self._known.add(job_id)
        self._jobs.put(job_id)

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        for index in range(self.workers):
            thread = threading.Thread(target=self._work, args=(worker_name("inline", index),),
                                      name=f"routix-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        self.reaper.start()

    def stop(self) -> None:
        self.reaper.stop()
        self._stopping.set()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=self.join_timeout)
        self._threads = []

    def depth(self) -> int:
        return self._jobs.qsize()

    def _work(self, worker_id: str) -> None:
        while True:
            job_id = self._jobs.get()
            if job_id is None or self._stopping.is_set():
                with self._lock:
                    self._known.discard(job_id)
                return
            try:
                run_job(self.services, job_id, worker_id)
            except Exception:  # noqa: BLE001 - e.g. the DB is down; the reaper retries later
                log.exception("worker %s could not run job %s", worker_id, job_id)
            finally:
                with self._lock:
                    self._known.discard(job_id)
