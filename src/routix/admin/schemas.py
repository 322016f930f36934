"""Request and response models of ``/api/v1/admin/users``, ``/analytics`` and ``/system``."""

from __future__ import annotations

from pydantic import Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.health.schemas import HealthReport
from routix.kit.pagination import PageOut


class UserPatch(RequestModel):
    """Fields to change; omitted (or null) fields stay as they are."""

    subscription_tier: str | None = Field(default=None, min_length=1, max_length=50)
    is_active: bool | None = None
    is_admin: bool | None = None


class UserAdminOut(ResponseModel):
    """An account as administrators see it (never the password hash)."""

    id: str
    email: str
    username: str
    credits: int
    subscription_tier: str
    is_active: bool
    is_admin: bool
    created_at: str | None = Field(description="ISO 8601, UTC")
    last_login: str | None = Field(description="ISO 8601, UTC")
    generations: int


class UserListOut(PageOut):
    """One page of accounts, newest first."""

    items: list[UserAdminOut]


class DayCounts(ResponseModel):
    date: str = Field(description="YYYY-MM-DD (UTC)")
    total: int
    completed: int
    failed: int


class GenerationStats(ResponseModel):
    total: int
    completed: int
    failed: int
    success_rate: float | None = Field(description="completed / finished, 0..1; null when nothing finished")
    p50_seconds: float | None = Field(description="median processing time of completed generations")
    p95_seconds: float | None
    credits_spent: int = Field(description="net credits charged")


class AlgorithmStats(GenerationStats):
    algorithm: str


class AnalyticsOut(GenerationStats):
    """Generations created in the last ``days`` UTC days, today included."""

    days: int
    per_day: list[DayCounts] = Field(description="oldest first, one entry per day (zeros included)")
    per_algorithm: list[AlgorithmStats] = Field(description="most generations first")


class CallFigures(ResponseModel):
    calls: int = Field(description="provider HTTP calls")
    errors: int = Field(description="calls that did not answer ok (error, blocked, timeout)")
    error_rate: float | None = Field(description="errors / calls, 0..1; null without calls")
    cost_usd: float = Field(description="US dollars")


class ProviderCost(CallFigures):
    provider: str
    p50_latency_seconds: float | None = Field(description="median call latency, seconds")
    p95_latency_seconds: float | None


class ProviderAlgorithmCost(CallFigures):
    provider: str
    algorithm: str = Field(description="the algorithm (Routix Version) the generation ran")


class CostsOut(ResponseModel):
    """Provider calls and cost of the generations created in the last ``days`` UTC days."""

    days: int
    calls: int
    errors: int
    cost_usd: float = Field(description="US dollars")
    per_provider: list[ProviderCost] = Field(description="costliest first")
    per_algorithm: list[ProviderAlgorithmCost] = Field(description="per provider and algorithm, costliest first")


class QueueOut(ResponseModel):
    backend: str
    depth: int = Field(description="jobs waiting; -1 when the queue cannot tell")


class JobCounts(ResponseModel):
    """Jobs of every kind: ``pending`` waiting for a worker now, ``scheduled`` pending but due
    later (retries in backoff, periodic jobs), finished ones of the last 24 hours."""

    pending: int
    running: int
    failed_24h: int
    completed_24h: int
    scheduled: int
    paused: int


class WorkerOut(ResponseModel):
    id: str
    jobs_running: int


class TemplateBacklog(ResponseModel):
    pending_analysis: int
    failed: int


class SystemOut(ResponseModel):
    health: HealthReport = Field(description="as /health/detailed")
    queue: QueueOut
    jobs: JobCounts
    workers: list[WorkerOut] = Field(description="workers holding leases, most busy first")
    templates: TemplateBacklog


__all__ = ["AlgorithmStats", "AnalyticsOut", "DayCounts", "GenerationStats", "JobCounts", "QueueOut", "SystemOut",
           "TemplateBacklog", "UserAdminOut", "UserListOut", "UserPatch", "WorkerOut"]
