"""``open_queue(services)``: the JobQueue named by ``settings.queue``."""

from __future__ import annotations

from typing import Any

from routix.jobs.ports import JobQueue


def open_queue(services: Any) -> JobQueue:
    """``inline`` -> InlineQueue (worker threads in this process), or ProcessQueue (the same
    workers in ``settings.worker_processes`` child processes) when that is 1 or more; ``celery``
    -> CeleryQueue (tasks sent to ``routix worker`` processes through the broker). Celery is
    imported only when it is used."""
    if services.settings.queue == "celery":
        from routix.jobs.celery_app import CeleryQueue

        return CeleryQueue(services)
    if services.settings.worker_processes:
        from routix.jobs.processes import ProcessQueue

        return ProcessQueue(services, processes=services.settings.worker_processes)
    from routix.jobs.inline import InlineQueue

    return InlineQueue(services)
