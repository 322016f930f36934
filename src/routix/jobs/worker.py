"""``run_worker(settings)``: a Celery worker process for every job kind (``routix worker``).

The worker runs jobs only (importing ``celery_app`` registers every kind); the reaper lives in
the API process (``serve``). The default
pool is ``threads``: one process loads the vision, embedding and OCR models once and runs
``concurrency`` jobs side by side (the pipeline is thread-safe), which suits image work better
than one model copy per forked child.
"""

from __future__ import annotations

from routix.config import Settings, get_settings
from routix.kit.cpu import set_concurrency
from routix.kit.logs import configure
from routix.kit.memory import limit_malloc_arenas


def worker_argv(settings: Settings, concurrency: int | None = None, *, pool: str = "threads",
                loglevel: str = "INFO") -> list[str]:
    """The ``celery worker`` arguments for ``settings``."""
    from routix.jobs.celery_app import queue_name  # heavy (Celery, every job kind)

    return [
        "worker", f"--concurrency={concurrency or settings.workers}", f"--pool={pool}",
        f"--queues={queue_name(settings)}", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle",
        "--prefetch-multiplier=1",
    ]


def run_worker(settings: Settings | None = None, concurrency: int | None = None, *, pool: str = "threads",
               loglevel: str = "INFO") -> None:
    """Run a Celery worker in this process until it is stopped (SIGTERM: warm shutdown)."""
    settings = settings or get_settings()
    limit_malloc_arenas()
    configure(settings.log_format, loglevel)  # Celery keeps a root handler it finds (worker_hijack_root_logger off)
    from routix.jobs.celery_app import celery_app  # heavy (Celery, every job kind): after the malloc tuning

    set_concurrency(concurrency or settings.workers)  # library threads per job, before any model loads
    celery_app(settings).worker_main(worker_argv(settings, concurrency, pool=pool, loglevel=loglevel))
