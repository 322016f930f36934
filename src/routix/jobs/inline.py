"""InlineQueue: the embedded default - ``settings.workers`` worker threads in this process.

The database is the queue: an idle worker claims the best runnable job of every kind this
process knows (``routix.jobs.runner.run_next``: priority high first, then oldest; not yet due,
paused and throttled jobs are skipped), so an interactive generation overtakes waiting batch
rows and a first phase overtakes a second one, whatever order they were dispatched in.
``dispatch(job_id)`` only wakes an idle worker; without it workers look again every
``poll_interval`` seconds, which also picks up jobs added by other processes and jobs whose
``not_before`` passed. ``start()`` starts the workers and the reaper (expired leases, periodic
kinds); ``stop()`` lets running jobs finish (up to ``join_timeout`` seconds) and leaves waiting
ones pending in the database, where the next start resumes them. ``reaper=False`` leaves the
reaper to another process (a worker process of ``ProcessQueue``: its parent runs the one reaper);
``after_job`` runs in the worker thread after each job (a worker process hands freed memory back).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from routix.jobs import kinds
from routix.jobs.leases import due
from routix.jobs.reaper import Reaper
from routix.jobs.runner import run_next
from routix.kit.cpu import set_concurrency
from routix.store.models import Job, utcnow

log = logging.getLogger("routix.jobs")


def worker_name(kind: str, index: int | str) -> str:
    """A worker id unique across machines, processes and restarts: kind:host:pid:token:index."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{_TOKEN}:{index}"


_TOKEN = secrets.token_hex(3)


def waiting_jobs(services: Any) -> int:
    """Runnable jobs waiting for a worker (pending and due, of the kinds known here): the depth
    of a queue whose workers claim from the database."""
    with services.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Job).where(
            Job.status == "pending", due(utcnow()), Job.kind.in_(kinds.known()))) or 0)


class InlineQueue:
    """JobQueue with in-process worker threads (see module docstring)."""

    name = "inline"

    def __init__(self, services: Any, *, workers: int | None = None, join_timeout: float = 60.0,
                 reaper_interval: float | None = None, pending_grace: float = 5.0,
                 poll_interval: float = 0.5, reaper: bool = True,
                 after_job: Callable[[], None] | None = None) -> None:
        self.services = services
        self.workers = workers or services.settings.workers
        set_concurrency(self.workers)  # library threads per job, before any model loads
        self.join_timeout = join_timeout
        self.poll_interval = poll_interval
        self.after_job = after_job
        self._wake = threading.Condition()
        self._signals = 0
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self.reaper = (Reaper(services, self.dispatch, interval=reaper_interval, pending_grace=pending_grace)
                       if reaper else None)

    def dispatch(self, job_id: str) -> None:
        """Wake the idle workers (``job_id`` is in the database; they claim by priority)."""
        with self._wake:
            self._signals += 1
            self._wake.notify_all()

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        for index in range(self.workers):
            thread = threading.Thread(target=self._work, args=(worker_name("inline", index),),
                                      name=f"routix-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.reaper is not None:
            self.reaper.start()

    def stop(self) -> None:
        if self.reaper is not None:
            self.reaper.stop()
        self._stopping.set()
        self.dispatch("")
        for thread in self._threads:
            thread.join(timeout=self.join_timeout)
        self._threads = []

    def depth(self) -> int:
        return waiting_jobs(self.services)

    def _work(self, worker_id: str) -> None:
        while not self._stopping.is_set():
            seen = self._signals
            try:
                ran = run_next(self.services, worker_id)
            except Exception:
                log.exception("worker %s could not run a job", worker_id)
                self._stopping.wait(self.poll_interval)
                continue
            if ran is None:
                self._idle(seen)
            elif self.after_job is not None:
                self.after_job()

    def _idle(self, seen: int) -> None:
        """Wait until a dispatch after ``seen`` signals, a stop, or ``poll_interval`` seconds."""
        with self._wake:
            self._wake.wait_for(lambda: self._signals != seen or self._stopping.is_set(), timeout=self.poll_interval)


__all__ = ["InlineQueue", "waiting_jobs", "worker_name"]
