"""The admin system page's data (``GET /api/v1/admin/system``): backing-service health, the
queue, job counts, which workers hold leases, and the template library's analysis backlog.

The health part is :func:`routix.health.service.health_report`, the very checks behind
``/health/detailed``. Workers are read from the job rows (the truth, ARCHITECTURE.md): a worker
is any ``lease_owner`` holding an unexpired lease on an unfinished generation, so an idle
worker does not appear (the queue cannot list idle Celery workers without a broker round trip).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from routix.store.models import (
    FINAL_STATUSES,
    GenerationRequest,
    TemplateRecord,
    utcnow,
)


def system_status(services) -> dict[str, Any]:
    """``{"health": <the /health/detailed body>, "queue": {"backend", "depth"},
    "jobs": {"pending", "running", "failed_24h", "completed_24h"},
    "workers": [{"id", "jobs_running"}] (most busy first), "templates": {"pending_analysis", "failed"}}``.

    ``depth`` is -1 when the queue cannot tell; counts are ints. Never raises for an unhealthy
    backing service (its check says ``unhealthy``); the database must answer for the counts.
    """
    from routix.health.service import health_report

    health, _ = health_report(services)
    now = utcnow()
    since = now - timedelta(hours=24)
    G = GenerationRequest
    try:
        depth = int(services.queue.depth())
    except Exception:  # noqa: BLE001 - reported as unknown, like the health check does
        depth = -1
    with services.db.session() as session:
        by_status = dict(session.execute(
            select(G.status, func.count()).where(G.status.not_in(FINAL_STATUSES)).group_by(G.status)
        ).all())
        finished = dict(session.execute(
            select(G.status, func.count()).where(G.status.in_(FINAL_STATUSES), G.completed_at >= since)
            .group_by(G.status)
        ).all())
        workers = session.execute(
            select(G.lease_owner, func.count()).where(
                G.status.not_in(FINAL_STATUSES), G.lease_owner.is_not(None), G.lease_expires_at > now,
            ).group_by(G.lease_owner)
        ).all()
        templates = dict(session.execute(
            select(TemplateRecord.status, func.count())
            .where(TemplateRecord.status.in_(("pending_analysis", "failed"))).group_by(TemplateRecord.status)
        ).all())
    pending = int(by_status.pop("pending", 0))
    return {
        "health": health,
        "queue": {"backend": services.queue.name, "depth": depth},
        "jobs": {
            "pending": pending, "running": int(sum(by_status.values())),
            "failed_24h": int(finished.get("failed", 0)), "completed_24h": int(finished.get("completed", 0)),
        },
        "workers": [{"id": owner, "jobs_running": int(count)}
                    for owner, count in sorted(workers, key=lambda w: (-w[1], w[0]))],
        "templates": {"pending_analysis": int(templates.get("pending_analysis", 0)),
                      "failed": int(templates.get("failed", 0))},
    }


__all__ = ["system_status"]
