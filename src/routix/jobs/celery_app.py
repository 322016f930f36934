"""Celery: the scale-out queue. The broker (Redis or RabbitMQ, ``settings.effective_broker_url``)
only carries "run job X"; the job row stays the truth.

* ``celery_app(settings)`` - the Celery app with ONE task ``routix.run_job(job_id)`` for every
  job kind. ``acks_late`` + prefetch 1: a message is acknowledged after the job ran, and a worker
  holds one message at a time.
* priority: claim-by-priority at run time (``routix.jobs.runner.run_message``), not broker
  priorities: a message first runs every runnable job with a higher priority than its own job,
  then its own. Broker queues stay FIFO and work on every broker; an interactive job waiting
  behind batch messages runs as soon as any worker takes the next message.
* one broker queue per database (``queue_name``), so a shared broker never mixes deployments;
* ``CeleryQueue`` - the JobQueue of the API process: ``dispatch`` sends the task; ``start`` runs
  the reaper here (workers only run jobs), so jobs of dead workers, retries whose backoff passed
  and periodic jobs are sent when due.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

from celery import Celery

from routix.config import Settings
from routix.errors import Unavailable
from routix.jobs import kinds  # noqa: F401  (registers every job kind)
from routix.jobs.inline import worker_name
from routix.jobs.reaper import Reaper
from routix.jobs.runner import run_message
from routix.kit.logs import is_valid_request_id, origin_of
from routix.services import Services

log = logging.getLogger("routix.jobs")

TASK_NAME = "routix.run_job"
#: Seconds an API process waits for the broker before a dispatch counts as failed.
PUBLISH_TIMEOUT = 5.0

_worker_services: dict[int, Services] = {}
_lock = threading.Lock()


def queue_name(settings: Settings) -> str:
    """The broker queue of ``settings``' database: ``routix-<8 hex of the database URL's hash>``.
    Workers and API processes of one database share it; deployments (or test runs) that share a
    broker but not a database never run each other's jobs."""
    digest = hashlib.sha256(settings.effective_database_url.encode()).hexdigest()[:8]
    return f"routix-{digest}"


def celery_app(settings: Settings) -> Celery:
    """A Celery app for ``settings`` (raises Unavailable when no broker URL is configured)."""
    broker = settings.effective_broker_url
    if not broker:
        raise Unavailable("ROUTIX_QUEUE=celery needs ROUTIX_BROKER_URL or ROUTIX_REDIS_URL", code="invalid_config")
    app = Celery("routix", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True, worker_prefetch_multiplier=1, task_ignore_result=True,
        task_default_queue=queue_name(settings),
        task_serializer="json", accept_content=["json"], broker_connection_retry_on_startup=True,
        broker_transport_options={"max_retries": 3, "interval_start": 0, "interval_step": 0.5,
                                  "interval_max": 1.0},
        worker_hijack_root_logger=False, worker_send_task_events=False, enable_utc=True,
    )

    @app.task(name=TASK_NAME, ignore_result=True)
    def run_job(job_id: str, request_id: str | None = None) -> str:
        return run_message(_services_for(settings), job_id, worker_name("celery", threading.get_ident()),
                           request_id=request_id if is_valid_request_id(request_id) else None)

    return app


def _services_for(settings: Settings) -> Services:
    """One Services per worker process (its DB pool, blob store and event bus)."""
    with _lock:
        services = _worker_services.get(id(settings))
        if services is None:
            services = _worker_services[id(settings)] = Services(settings)
        return services


class CeleryQueue:
    """JobQueue over Celery (see module docstring). ``depth`` counts messages waiting in a
    Redis broker's queue; -1 for other brokers."""

    name = "celery"

    def __init__(self, services: Services, *, reaper_interval: float | None = None,
                 pending_grace: float = 30.0) -> None:
        self.services = services
        self.app = celery_app(services.settings)
        self.queue = queue_name(services.settings)
        self.reaper = Reaper(services, self.dispatch, interval=reaper_interval, pending_grace=pending_grace)

    def dispatch(self, job_id: str) -> None:
        request_id = origin_of(str(job_id))  # the enqueueing request's id, for the worker's log lines
        self.app.send_task(TASK_NAME, args=[str(job_id)], kwargs={"request_id": request_id} if request_id else {},
                           queue=self.queue, retry=True,
                           retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5})

    def start(self) -> None:
        self.reaper.start()

    def stop(self) -> None:
        self.reaper.stop()
        self.app.close()

    def depth(self) -> int:
        broker = self.services.settings.effective_broker_url or ""
        if not broker.startswith(("redis://", "rediss://")):
            return -1
        try:
            with self.app.connection_for_write() as connection:
                channel: Any = connection.default_channel  # a kombu Redis channel: ``client`` is redis-py
                return int(channel.client.llen(self.queue))
        except Exception:  # noqa: BLE001 - best effort
            return -1


__all__ = ["PUBLISH_TIMEOUT", "TASK_NAME", "CeleryQueue", "celery_app", "queue_name"]
