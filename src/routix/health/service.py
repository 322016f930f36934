"""Health of the backing services: the checks behind ``/health/detailed`` and the admin
system page.

:func:`health_report` pings the database, the blob store, the job queue, the event bus and
(when configured) Redis; each check reports its status and latency in milliseconds and never
raises.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from routix import __version__
from routix.services import Services


def _check(fn: Callable[[], Any]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
        return {"status": "unhealthy", "error": f"{type(exc).__name__}: {exc}"[:300]}
    out: dict[str, Any] = {"status": "healthy", "latency_ms": round((time.perf_counter() - start) * 1000, 2)}
    if isinstance(detail, dict):
        out.update(detail)
    return out


def _redis_ping(url: str) -> None:
    import redis

    redis.Redis.from_url(url).ping()


def health_report(services: Services) -> tuple[dict[str, Any], bool]:
    """``(body, healthy)``: ``body`` is ``{"status", "version", "services": {name: check}}``
    with one check per backing service (database, storage, queue, events, Redis), each
    ``{"status": "healthy"|"unhealthy", "latency_ms" | "error", ...details}``."""
    settings = services.settings

    def database() -> dict[str, Any]:
        services.db.ping()
        return {"backend": services.db.dialect}

    def storage() -> dict[str, Any]:
        services.blobs.ping()
        return {"backend": services.blobs.scheme}

    def events() -> dict[str, Any]:
        services.bus.ping()
        return {"backend": type(services.bus).__name__}

    checks = {
        "database": _check(database),
        "storage": _check(storage),
        "queue": _check(lambda: {"backend": services.queue.name, "depth": services.queue.depth()}),
        "events": _check(events),
    }
    if settings.redis_url:
        redis_url = settings.redis_url
        checks["redis"] = checks["events"] if "Redis" in checks["events"].get("backend", "") else _check(
            lambda: _redis_ping(redis_url)
        )
    healthy = all(c["status"] == "healthy" for c in checks.values())
    body = {"status": "healthy" if healthy else "unhealthy", "version": __version__, "services": checks}
    return body, healthy


__all__ = ["health_report"]
