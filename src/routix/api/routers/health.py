"""``/health`` (liveness) and ``/health/detailed`` (database, queue, storage, Redis), per seed 001."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ... import __version__
from ..deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict:
    return {"status": "healthy", "version": __version__}


def _check(fn) -> dict:
    start = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # a health check reports, it does not raise
        return {"status": "unhealthy", "error": f"{type(exc).__name__}: {exc}"[:300]}
    out = {"status": "healthy", "latency_ms": round((time.perf_counter() - start) * 1000, 2)}
    if isinstance(detail, dict):
        out.update(detail)
    return out


def health_report(services) -> tuple[dict, bool]:
    """``(body, healthy)``: each backing service (database, storage, queue, events, Redis) with
    its status and latency in ms. Shared by ``/health/detailed`` and the admin system page
    (:func:`routix.admin.system.system_status`)."""
    settings = services.settings
    checks = {
        "database": _check(lambda: (services.db.ping(), {"backend": services.db.dialect})[1]),
        "storage": _check(lambda: (services.blobs.ping(), {"backend": services.blobs.scheme})[1]),
        "queue": _check(lambda: {"backend": services.queue.name, "depth": services.queue.depth()}),
        "events": _check(lambda: (services.bus.ping(), {"backend": type(services.bus).__name__})[1]),
    }
    if settings.redis_url:
        checks["redis"] = checks["events"] if "Redis" in checks["events"].get("backend", "") else _check(
            lambda: __import__("redis").Redis.from_url(settings.redis_url).ping()
        )
    healthy = all(c["status"] == "healthy" for c in checks.values())
    body = {"status": "healthy" if healthy else "unhealthy", "version": __version__, "services": checks}
    return body, healthy


@router.get("/health/detailed")
def health_detailed(services: ServicesDep) -> JSONResponse:
    """Each backing service with its status and latency; 503 when any is unhealthy."""
    body, healthy = health_report(services)
    return JSONResponse(body, status_code=200 if healthy else 503)
