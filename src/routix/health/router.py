"""``/health`` (liveness) and ``/health/detailed`` (database, queue, storage, events, Redis)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from routix import __version__
from routix.api.deps import ServicesDep
from routix.health.schemas import HealthOut, HealthReport
from routix.health.service import health_report

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health() -> dict[str, Any]:
    return {"status": "healthy", "version": __version__}


@router.get("/health/detailed", response_model=HealthReport,
            responses={503: {"model": HealthReport, "description": "a backing service is unhealthy"}})
def health_detailed(services: ServicesDep) -> JSONResponse:
    """Each backing service with its status and latency; 503 when any is unhealthy."""
    body, healthy = health_report(services)
    return JSONResponse(body, status_code=200 if healthy else 503)
