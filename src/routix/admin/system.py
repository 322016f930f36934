"""The admin system page's data (``GET /api/v1/admin/system``): backing-service health, the
queue, job counts, which workers hold leases, and the template library's analysis backlog.

The health part is :func:`routix.health.service.health_report`, the very checks behind
``/health/detailed``. Jobs and workers are read from the ``jobs`` table (the truth, every kind):
a worker is any ``lease_owner`` holding an unexpired lease on a running job, so an idle worker
does not appear (the queue cannot list idle Celery workers without a broker round trip).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select

from routix.health.service import health_report
from routix.store.models import Job, TemplateRecord, utcnow


def system_status(services: Any) -> dict[str, Any]:
    """``{"health": <the /health/detailed body>, "queue": {"backend", "depth"},
    "jobs": {"pending", "running", "failed_24h", "completed_24h", "scheduled", "paused"},
    "workers": [{"id", "jobs_running"}] (most busy first), "templates": {"pending_analysis", "failed"}}``.

    ``pending`` counts jobs waiting for a worker now; ``scheduled`` pending ones due later
    (retries in backoff, periodic jobs); ``failed_24h``/``completed_24h`` jobs finished in the
    last 24 hours. ``depth`` is -1 when the queue cannot tell; counts are ints. Never raises for
    an unhealthy backing service (its check says ``unhealthy``); the database must answer for
    the counts.
    """
    health, _ = health_report(services)
    now = utcnow()
    since = now - timedelta(hours=24)
    try:
        depth = int(services.queue.depth())
    except Exception:  # noqa: BLE001 - reported as unknown, like the health check does
        depth = -1
    due = or_(Job.not_before.is_(None), Job.not_before <= now)
    with services.db.session() as session:
        pending = session.scalar(select(func.count()).select_from(Job).where(Job.status == "pending", due)) or 0
        scheduled = session.scalar(select(func.count()).select_from(Job).where(Job.status == "pending", ~due)) or 0
        by_status = dict(session.execute(
            select(Job.status, func.count()).where(Job.status.in_(("running", "paused"))).group_by(Job.status)
        ).all())
        finished = dict(session.execute(
            select(Job.status, func.count()).where(Job.status.in_(("completed", "failed")), Job.finished_at >= since)
            .group_by(Job.status)
        ).all())
        workers = session.execute(
            select(Job.lease_owner, func.count()).where(
                Job.status == "running", Job.lease_owner.is_not(None), Job.lease_expires_at > now,
            ).group_by(Job.lease_owner)
        ).all()
        templates = dict(session.execute(
            select(TemplateRecord.status, func.count())
            .where(TemplateRecord.status.in_(("pending_analysis", "failed"))).group_by(TemplateRecord.status)
        ).all())
    return {
        "health": health,
        "queue": {"backend": services.queue.name, "depth": depth},
        "jobs": {
            "pending": int(pending), "running": int(by_status.get("running", 0)),
            "failed_24h": int(finished.get("failed", 0)), "completed_24h": int(finished.get("completed", 0)),
            "scheduled": int(scheduled), "paused": int(by_status.get("paused", 0)),
        },
        "workers": [{"id": owner, "jobs_running": int(count)}
                    for owner, count in sorted(workers, key=lambda w: (-w[1], w[0]))],
        "templates": {"pending_analysis": int(templates.get("pending_analysis", 0)),
                      "failed": int(templates.get("failed", 0))},
    }


__all__ = ["system_status"]
