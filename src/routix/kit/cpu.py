"""How many threads each library may use, from the cores this process may run on and the jobs it
runs at once, so N jobs side by side never ask for more threads than there are cores.

A process that runs ``jobs`` at once (the in-process workers, a Celery worker's concurrency)
calls :func:`set_concurrency` before its models load; :func:`library_threads` is then
``max(1, cores // jobs)``: on the 2-core reference machine with the default 2 workers, one
thread per job for onnxruntime (the embedding and vision models; OCR always uses one) and
OpenCV. A single ``routix generate`` runs one job and keeps both cores. NumPy's BLAS is not on a
hot path (the vector searches are small matrix-vector products) and is left as it is.
"""

from __future__ import annotations

import os
import sys
import threading

_lock = threading.Lock()
_jobs_at_once = 1


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity; ``os.cpu_count()`` where that is unknown)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def library_threads() -> int:
    """Threads one job's library call may use: ``max(1, available_cores() // jobs at once)``."""
    with _lock:
        jobs = _jobs_at_once
    return max(1, available_cores() // jobs)


def set_concurrency(jobs: int) -> int:
    """Record that this process runs ``jobs`` (>= 1) jobs at once and set OpenCV's thread pool
    (when OpenCV is loaded) to match; models created afterwards use :func:`library_threads`.
    Returns the threads per job. ValueError for ``jobs`` < 1."""
    global _jobs_at_once
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    with _lock:
        _jobs_at_once = jobs
    threads = library_threads()
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        cv2.setNumThreads(threads)
    return threads


__all__ = ["available_cores", "library_threads", "set_concurrency"]
