"""ProcessQueue: the embedded queue with its workers in child processes, one interpreter each.

The in-process workers of :class:`routix.jobs.inline.InlineQueue` share one interpreter (and its
GIL) with the HTTP server, so the Python parts of jobs and requests queue behind each other and
a 2-core machine runs a burst on ~1.5 cores. ``ProcessQueue`` runs the same workers in
``processes`` child processes (``spawn``; each loads its models once), over the same database
(the queue: workers claim the best runnable job, whichever process they live in) and blob store:

* the API process keeps the reaper (one per deployment of the embedded default) and relays:
  events the children publish reach its event bus (the WebSocket and SSE subscribers), and a
  dispatch here wakes every child (``routix.jobs.child`` has the pipe protocol);
* a child that dies is started again (after 1 s, then up to 30 s between restarts while it
  keeps dying); its running job's lease expires and the reaper hands the job to a live worker;
* ``stop()`` asks every child to finish its running jobs (``join_timeout`` seconds, then they are
  killed: their jobs resume on the next start) and leaves waiting jobs pending.

``routix serve`` uses it on the embedded default when the machine has two cores or more
(``ROUTIX_WORKER_PROCESSES``; :func:`routix.cli.service.serve_settings` decides when it is unset).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from routix.events.fanout import decode_event
from routix.jobs.child import child_main
from routix.jobs.inline import waiting_jobs
from routix.jobs.reaper import Reaper
from routix.kit.logs import origin_of, remember_origin

log = logging.getLogger("routix.jobs")

#: Seconds before a dead worker process is started again, doubling while it keeps dying.
RESTART_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
#: A child that lived this many seconds counts as healthy again (its next death waits 1 s).
HEALTHY_AFTER = 60.0


@dataclass
class _Child:
    """One worker process and the parent's end of its pipe."""

    index: int
    process: BaseProcess
    conn: Connection
    started: float
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    ready: threading.Event = field(default_factory=threading.Event)

    def send(self, message: tuple[Any, ...]) -> None:
        try:
            with self.send_lock:
                self.conn.send(message)
        except (OSError, EOFError, ValueError):
            pass  # dead: the supervisor restarts it


class ProcessQueue:
    """JobQueue with worker processes (see the module docstring).

    ``workers``: jobs at once in all processes together (default ``settings.workers``), spread
    over ``processes`` children (at most one per job)."""

    name = "processes"

    def __init__(self, services: Any, *, processes: int, workers: int | None = None, join_timeout: float = 60.0,
                 reaper_interval: float | None = None, pending_grace: float = 5.0) -> None:
        if processes < 1:
            raise ValueError(f"processes must be >= 1, got {processes}")
        self.services = services
        self.workers = workers or services.settings.workers
        self.processes = min(processes, self.workers)
        self.join_timeout = join_timeout
        self.reaper = Reaper(services, self.dispatch, interval=reaper_interval, pending_grace=pending_grace)
        self._context = multiprocessing.get_context("spawn")
        self._children: dict[int, _Child] = {}
        self._deaths: dict[int, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # JobQueue ---------------------------------------------------------------------------
    def dispatch(self, job_id: str) -> None:
        """Wake every worker process (they claim by priority from the database)."""
        message = ("wake", str(job_id), origin_of(str(job_id)) if job_id else None)
        for child in self._live():
            child.send(message)

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        for index in range(self.processes):
            self._spawn(index)
        for target, name in ((self._relay, "routix-relay"), (self._supervise, "routix-supervisor")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self.reaper.start()

    def stop(self) -> None:
        self.reaper.stop()
        self._stopping.set()
        children = self._live()
        for child in children:
            child.send(("stop",))
        deadline = time.monotonic() + self.join_timeout
        for child in children:
            child.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if child.process.is_alive():
                log.warning("worker process %s did not stop in %.0f s; killing it", child.process.pid,
                            self.join_timeout)
                child.process.kill()
                child.process.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        with self._lock:
            for child in self._children.values():
                child.conn.close()
            self._children.clear()

    def depth(self) -> int:
        return waiting_jobs(self.services)

    # introspection ----------------------------------------------------------------------
    def pids(self) -> list[int]:
        """The process ids of the live worker processes."""
        return [child.process.pid for child in self._live() if child.process.pid is not None]

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every worker process has loaded and started its workers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            children = self._live()
            if len(children) == self.processes and all(child.ready.is_set() for child in children):
                return True
            time.sleep(0.05)
        return False

    # internals ------------------------------------------------------------------------------
    def _threads_of(self, index: int) -> int:
        """Worker threads of child ``index``: ``workers`` spread as evenly as possible."""
        return self.workers // self.processes + (1 if index < self.workers % self.processes else 0)

    def _spawn(self, index: int) -> None:
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=child_main, args=(self.services.settings, child_end, self._threads_of(index), self.workers),
            name=f"routix-worker-process-{index}", daemon=True,
        )
        process.start()
        child_end.close()  # the child holds its own copy: EOF here when it dies
        with self._lock:
            self._children[index] = _Child(index, process, parent_end, time.monotonic())
        log.info("worker process %s started (%d workers)", process.pid, self._threads_of(index))

    def _live(self) -> list[_Child]:
        with self._lock:
            return [child for child in self._children.values() if child.process.is_alive()]

    def _relay(self) -> None:
        """Move the children's messages to this process: events onto the bus, dispatches to all."""
        while not self._stopping.is_set():
            with self._lock:
                by_conn = {child.conn: child for child in self._children.values() if not child.conn.closed}
            if not by_conn:
                self._stopping.wait(0.1)
                continue
            for conn in wait(list(by_conn), timeout=0.2):
                child = by_conn[conn]  # type: ignore[index]
                try:
                    message = child.conn.recv()
                except (EOFError, OSError):
                    child.conn.close()  # the child is gone: the supervisor starts another one
                    continue
                self._handle(child, message)

    def _handle(self, child: _Child, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "event":
            try:
                self.services.bus.publish(message[1], decode_event(message[2]))
            except Exception:  # an event is a hint; the row is the truth
                log.warning("could not relay an event from worker process %s", child.process.pid, exc_info=True)
        elif kind == "dispatch":
            if message[2]:
                remember_origin(message[1], message[2])  # the request behind it, for every worker's log lines
            self.dispatch(message[1])
        elif kind == "ready":
            child.ready.set()

    def _supervise(self) -> None:
        """Start a dead child again (see ``RESTART_DELAYS``) until ``stop()``."""
        while not self._stopping.wait(0.5):
            with self._lock:
                dead = [child for child in self._children.values() if not child.process.is_alive()]
            for child in dead:
                if self._stopping.is_set():
                    return
                lived = time.monotonic() - child.started
                deaths = 0 if lived >= HEALTHY_AFTER else self._deaths.get(child.index, 0)
                delay = RESTART_DELAYS[min(deaths, len(RESTART_DELAYS) - 1)]
                log.warning("worker process %s exited with %s; starting it again in %.0f s",
                            child.process.pid, child.process.exitcode, delay)
                if self._stopping.wait(delay):
                    return
                self._deaths[child.index] = deaths + 1
                self._spawn(child.index)


__all__ = ["ProcessQueue"]
