"""``/api/v1/admin/analytics`` (generation counts, success rate, latency percentiles, credits;
per day and per algorithm) and ``/api/v1/admin/system`` (health, queue, jobs, workers, template
analysis backlog). Administrators only (403 problem otherwise)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...admin.analytics import MAX_DAYS, analytics
from ...admin.system import system_status
from ..deps import AdminDep, ServicesDep, SessionDep

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@router.get("/analytics")
def get_analytics(admin: AdminDep, session: SessionDep, days: int = Query(30, ge=1, le=MAX_DAYS)) -> dict:
    """Generations of the last ``days`` UTC days: per day (zeros included), success rate,
    p50/p95 processing seconds, net credits charged, and the same per algorithm."""
    return analytics(session, days)


@router.get("/system")
def get_system(admin: AdminDep, services: ServicesDep) -> dict:
    """Backing-service health (as ``/health/detailed``), queue depth, job counts (pending,
    running, failed/completed in the last 24 h), workers holding leases, template backlog."""
    return system_status(services)
