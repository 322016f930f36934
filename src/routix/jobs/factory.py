"""``open_queue(services)``: the JobQueue named by ``settings.queue``."""

from __future__ import annotations


def open_queue(services):
    """``inline`` -> InlineQueue (worker threads in this process); ``celery`` -> CeleryQueue
    (tasks sent to ``routix worker`` processes through the broker)."""
    if services.settings.queue == "celery":
        from routix.jobs.celery_app import CeleryQueue

        return CeleryQueue(services)
    from routix.jobs.inline import InlineQueue

    return InlineQueue(services)
