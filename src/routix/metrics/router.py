"""``GET /metrics``: the Prometheus text exposition, behind a token.

Access: with ``ROUTIX_METRICS_TOKEN`` set a scraper sends ``Authorization: Bearer <token>``
(missing -> 401, wrong -> 403); without it only loopback clients (127.0.0.1, ::1) may scrape
(others -> 403), so a fresh install never publishes its metrics. The route is left out of the
OpenAPI document (it answers text, not JSON).

Besides the counters and histograms of :mod:`routix.metrics.registry` a scrape reports the
job queue's depth read from the database at scrape time (``routix_jobs_queued{kind,status}``:
pending, running and paused jobs) and the age of its oldest waiting job
(``routix_jobs_oldest_pending_seconds{kind}``), so every API process reports the same shared values.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from routix.api.problems import problem
from routix.jobs.leases import due
from routix.metrics.middleware import MetricsMiddleware
from routix.metrics.registry import REGISTRY, multiprocess_dir
from routix.store.models import Job, utcnow

router = APIRouter()

#: Job statuses counted as the queue.
QUEUED = ("pending", "running", "paused")


class QueueDepth:
    """A collector of ``routix_jobs_queued{kind,status}`` and
    ``routix_jobs_oldest_pending_seconds{kind}`` read from the jobs table."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:

        family = GaugeMetricFamily("routix_jobs_queued", "Jobs waiting or running, by kind and status",
                                   labels=["kind", "status"])
        with self.services.db.session() as session:
            rows = session.execute(
                select(Job.kind, Job.status, func.count()).where(Job.status.in_(QUEUED)).group_by(Job.kind, Job.status)
            ).all()
        for kind, status, count in rows:
            family.add_metric([kind, status], float(count))
        yield family
        yield self._oldest()

    def _oldest(self) -> Metric:
        """``routix_jobs_oldest_pending_seconds{kind}``: how long the oldest pending, due job of
        each kind has waited since it became due (``not_before``, else its creation)."""
        family = GaugeMetricFamily("routix_jobs_oldest_pending_seconds", "Age of the oldest pending job that is "
                                   "due, by kind, seconds since it became due", labels=["kind"])
        now = utcnow()
        with self.services.db.session() as session:
            rows = session.execute(
                select(Job.kind, func.min(func.coalesce(Job.not_before, Job.created_at)))
                .where(Job.status == "pending", due(now)).group_by(Job.kind)
            ).all()
        for kind, since in rows:
            if since is not None:
                family.add_metric([kind], max(0.0, (now - since).total_seconds()))
        return family


class _Scrape:
    """Everything one scrape reports: the registry (or the merged multiprocess files) + the queue."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        folder = multiprocess_dir()
        if folder:
            merged = CollectorRegistry()
            MultiProcessCollector(merged, path=folder)
            yield from merged.collect()
        else:
            yield from REGISTRY.collect()
        yield from QueueDepth(self.services).collect()


def exposition(services: Any) -> bytes:
    """The Prometheus text format of every series (see the module docstring)."""
    return generate_latest(_Scrape(services))


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (the peer address) is a loopback address."""
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """The Prometheus exposition (see the module docstring for access)."""
    services = request.app.state.services
    token = services.settings.metrics_token
    if token is None:
        if not is_loopback(request.client.host if request.client else None):
            return _refuse(request, 403, "set ROUTIX_METRICS_TOKEN to scrape /metrics from another host")
    else:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return _refuse(request, 401, "send 'Authorization: Bearer <ROUTIX_METRICS_TOKEN>'")
        if not hmac.compare_digest(given.strip().encode(), token.get_secret_value().encode()):
            return _refuse(request, 403, "wrong metrics token")
    return Response(exposition(services), media_type=CONTENT_TYPE_LATEST)


def _refuse(request: Request, status: int, detail: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    code = "not_authenticated" if status == 401 else "forbidden"
    return problem(status, code, detail, instance=request.url.path, headers=headers)


def install(app: FastAPI) -> None:
    """Add ``/metrics`` and the HTTP middleware (outermost, so it times the whole stack)."""
    app.include_router(router)
    app.add_middleware(MetricsMiddleware)
