"""The series Routix exports (names, labels, units) on one registry of its own.

Units: seconds for durations, credits for credit amounts, US dollars for provider cost.
Labels are bounded sets: the HTTP ``route`` is the route template (``/api/v1/generation/{request_id}``,
``unmatched`` for paths no route matches), never the raw path.

Multiprocess mode: when ``PROMETHEUS_MULTIPROC_DIR`` is set before this module is imported,
prometheus-client keeps every value in memory-mapped files in that folder, one set per
process, and :func:`routix.metrics.router.exposition` merges them at scrape time
(``MultiProcessCollector``), so API processes and Celery workers report together.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram

#: The registry the series below live on (not prometheus-client's global one, so importing
#: Routix never adds series to an embedding application's registry).
REGISTRY = CollectorRegistry(auto_describe=True)

#: Latency buckets of HTTP requests, seconds.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
#: Buckets of pipeline stages and provider calls, seconds.
STAGE_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)

HTTP_REQUESTS = Counter(
    "routix_http_requests", "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"], registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "routix_http_request_duration_seconds", "Time to answer an HTTP request, seconds, by method and route template",
    ["method", "route"], buckets=HTTP_BUCKETS, registry=REGISTRY,
)
JOBS = Counter(
    "routix_jobs", "Job runs by kind and outcome (completed, failed, cancelled, paused, retry, lost, skipped)",
    ["kind", "outcome"], registry=REGISTRY,
)
STAGE_SECONDS = Histogram(
    "routix_generation_stage_seconds", "Duration of a completed generation's pipeline stages, seconds",
    ["stage"], buckets=STAGE_BUCKETS, registry=REGISTRY,
)
PROVIDER_REQUESTS = Counter(
    "routix_provider_requests", "Provider HTTP calls by provider, model, kind (image, text) and outcome",
    ["provider", "model", "kind", "outcome"], registry=REGISTRY,
)
PROVIDER_COST = Counter(
    "routix_provider_cost_usd", "Provider cost by provider and model, US dollars",
    ["provider", "model"], registry=REGISTRY,
)
PROVIDER_LATENCY = Histogram(
    "routix_provider_request_duration_seconds", "Provider call latency by provider and model, seconds",
    ["provider", "model"], buckets=STAGE_BUCKETS, registry=REGISTRY,
)
CREDITS = Counter(
    "routix_credits", "Credits moved by the ledger: reserved (accepted generations), charged (completed), "
    "refunded (failed, or the difference of a fallback), granted (plans, sign-up, admins), deducted (admins)",
    ["movement"], registry=REGISTRY,
)


def multiprocess_dir() -> str | None:
    """The multiprocess folder (``PROMETHEUS_MULTIPROC_DIR``) or None in single-process mode."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
