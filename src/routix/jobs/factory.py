"""``open_queue(services)``: the JobQueue named by ``settings.queue``."""

from __future__ import annotations

from typing import Any

from routix.jobs.ports import JobQueue


def open_queue(services: Any) -> JobQueue:
    """``inline`` -> InlineQueue (worker threads in this process); ``celery`` -> CeleryQueue
    (tasks sent to ``routix worker`` processes through the broker). Celery is imported only
    when it is used."""
    if services.settings.queue == "celery":
        from routix.jobs.celery_app import CeleryQueue

        return CeleryQueue(services)
    from routix.jobs.inline import InlineQueue

    return InlineQueue(services)
