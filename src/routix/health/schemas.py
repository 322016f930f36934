"""Response models of ``/health`` and ``/health/detailed`` (also part of the admin system page)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from routix.api.schemas import ResponseModel


class HealthOut(ResponseModel):
    status: str = Field(description="always healthy: the process answers")
    version: str


class ServiceCheck(ResponseModel):
    """One backing service: ``status``, and ``latency_ms`` with details (``backend``, the queue's
    ``depth``) when healthy or ``error`` when not."""

    model_config = ConfigDict(extra="allow")

    status: str = Field(description="healthy or unhealthy")


class HealthReport(ResponseModel):
    status: str = Field(description="healthy when every service is")
    version: str
    services: dict[str, ServiceCheck] = Field(description="database, storage, queue, events and (if configured) redis")


__all__ = ["HealthOut", "HealthReport", "ServiceCheck"]
