"""One worker process of :class:`routix.jobs.processes.ProcessQueue` (the child side).

``child_main(settings, conn, threads, jobs_at_once)`` runs in a process started with the
``spawn`` method: it builds its own ``Services`` over the same database and blob store, runs
``threads`` in-process workers (``InlineQueue`` without a reaper: the parent runs the one
reaper) and talks to the parent over one duplex ``multiprocessing`` pipe:

* parent -> child: ``("wake", job_id, request_id)`` (a job was dispatched: the idle workers look
  at the queue; ``request_id`` is the request that enqueued it, for the log lines) and
  ``("stop",)`` (finish the running jobs, then exit);
* child -> parent: ``("event", user_id, json)`` (an event for the parent's bus, which the
  WebSocket and SSE clients subscribe to), ``("dispatch", job_id, request_id)`` (a job this child
  enqueued or moved to its next phase: the parent wakes every worker process) and ``("ready",)``
  (warmed up, workers started).

A closed pipe (the parent died) stops the child like ``("stop",)``. The child warms the
pipeline up (:func:`routix.generate.warm.warm_up`) before it takes jobs.
"""

from __future__ import annotations

import logging
import threading
from multiprocessing.connection import Connection
from typing import Any

from routix.events.fanout import encode_event
from routix.events.ports import Event
from routix.kit.logs import origin_of, remember_origin

log = logging.getLogger("routix.jobs")


class PipeLink:
    """The child's end of the pipe: thread-safe sends (several worker threads publish)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._lock = threading.Lock()

    def send(self, message: tuple[Any, ...]) -> bool:
        """Send ``message``; False when the parent is gone (the pipe is closed)."""
        try:
            with self._lock:
                self.conn.send(message)
            return True
        except (OSError, EOFError, ValueError):
            return False


class PipeBus:
    """``EventBus`` of a worker process: every event goes to the parent, whose bus delivers it.

    Subscribing here is not supported (nobody listens in a worker process)."""

    def __init__(self, link: PipeLink) -> None:
        self.link = link
        self.closed = False

    def publish(self, user_id: str, event: Event) -> None:
        """Hand ``event`` to the parent; never raises (an event that cannot be encoded is logged
        and dropped: the database row stays the truth)."""
        try:
            payload = encode_event(event)
        except (TypeError, ValueError) as exc:
            log.warning("dropped an event for user %s: %s", user_id, exc)
            return
        self.link.send(("event", str(user_id), payload))

    def subscribe(self, user_id: str) -> Any:
        raise RuntimeError("a worker process has no event subscribers; subscribe on the API process's bus")

    def ping(self) -> None:
        if self.closed:
            raise RuntimeError("the event bus is closed")

    def close(self) -> None:
        self.closed = True


class ForwardingQueue:
    """``JobQueue`` seen by the jobs of a worker process: a dispatch wakes this process's idle
    workers and asks the parent to wake the others."""

    name = "processes"

    def __init__(self, local: Any, link: PipeLink) -> None:
        self.local, self.link = local, link

    def dispatch(self, job_id: str) -> None:
        self.local.dispatch(job_id)
        self.link.send(("dispatch", str(job_id), origin_of(str(job_id))))

    def start(self) -> None:
        self.local.start()

    def stop(self) -> None:
        self.local.stop()

    def depth(self) -> int:
        return int(self.local.depth())


def child_main(settings: Any, conn: Connection, threads: int, jobs_at_once: int) -> None:
    """Run ``threads`` workers against ``settings``' database until the parent says stop or dies.

    ``jobs_at_once``: jobs running at once in all worker processes together (library threads per
    job are ``cores // jobs_at_once``)."""
    from routix.kit.memory import limit_malloc_arenas, release_memory

    limit_malloc_arenas()
    from routix.kit.cpu import set_concurrency
    from routix.kit.logs import configure

    configure(settings.log_format, logging.INFO)
    from routix.jobs.inline import InlineQueue  # heavy (every job kind's modules): after the malloc tuning
    from routix.services import Services

    services = Services(settings)
    link = PipeLink(conn)
    services.__dict__["bus"] = PipeBus(link)
    local = InlineQueue(services, workers=threads, reaper=False, after_job=release_memory)
    set_concurrency(jobs_at_once)  # after InlineQueue, which counts only its own threads
    services.__dict__["queue"] = ForwardingQueue(local, link)
    from routix.generate.warm import warm_up

    log.info("worker process warmed up in %.1f s", warm_up())
    local.start()
    link.send(("ready",))
    try:
        _listen(conn, local)
    finally:
        services.close()  # lets running jobs finish (InlineQueue.join_timeout), leaves the rest pending


def _listen(conn: Connection, local: Any) -> None:
    """Serve the parent's messages until ``stop`` or a closed pipe."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        if message[0] == "wake":
            if message[2]:
                remember_origin(message[1], message[2])
            local.dispatch(message[1])


__all__ = ["ForwardingQueue", "PipeBus", "PipeLink", "child_main"]
