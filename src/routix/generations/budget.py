"""Daily AI budgets over the database: the service's ``BudgetGuard`` (see routix.providers.budget).

Today's spend is the sum of ``generation_requests.cost_incurred`` for rows created since
00:00 UTC (per user, and for the whole service), plus what this guard itself recorded for the
generation in progress (not on its row until it completes). Jobs running at the same moment
do not see each other's in-flight calls, so the budget can overshoot by at most one call per
concurrent job (the providers bill the same way).
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, time, timezone
from decimal import Decimal

from sqlalchemy import func, select

from routix.providers.errors import BudgetExceeded
from routix.store.models import GenerationRequest


def start_of_utc_day(now: datetime | None = None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return datetime.combine(now.date(), time.min, tzinfo=timezone.utc)


class DbBudget:
    """``BudgetGuard`` for one generation. Limits in US dollars per UTC day (None: no cap)."""

    def __init__(self, services, *, daily_usd: float | None = None, user_daily_usd: float | None = None) -> None:
        settings = services.settings
        self.services = services
        self.daily_usd = settings.daily_budget_usd if daily_usd is None else daily_usd
        self.user_daily_usd = settings.user_daily_budget_usd if user_daily_usd is None else user_daily_usd
        self._pending = 0.0
        self._lock = threading.Lock()

    def spent_today(self, user_id: str | None = None) -> float:
        """US dollars spent today by ``user_id`` (or by everyone when None), from the rows."""
        query = select(func.coalesce(func.sum(GenerationRequest.cost_incurred), 0)).where(
            GenerationRequest.created_at >= start_of_utc_day()
        )
        if user_id is not None:
            query = query.where(GenerationRequest.user_id == uuid.UUID(str(user_id)))
        with self.services.db.session() as session:
            return float(session.scalar(query) or Decimal(0))

    def check(self, user_id: str | None, estimate_usd: float) -> None:
        with self._lock:
            pending = self._pending
        if user_id is not None and self.user_daily_usd is not None:
            if self.spent_today(user_id) + pending + estimate_usd > self.user_daily_usd:
                raise BudgetExceeded(
                    f"You have used today's AI budget (${self.user_daily_usd:.2f} a day). "
                    "Pick Lightning, which is free, or try again tomorrow (UTC)."
                )
        if self.daily_usd is not None and self.spent_today() + pending + estimate_usd > self.daily_usd:
            raise BudgetExceeded(
                f"The service has used today's AI budget (${self.daily_usd:.2f} a day). "
                "Pick Lightning, which is free, or try again tomorrow (UTC)."
            )

    def record(self, user_id: str | None, cost_usd: float) -> None:
        if cost_usd > 0:
            with self._lock:
                self._pending += cost_usd



def paid_estimate(algorithm: str, runtime: tuple | None = None) -> float:
    """The most one generation with ``algorithm`` may cost in US dollars (see
    ``routix.providers.estimate_cost``), or 0 when none of its providers has a key: those steps
    are skipped and the generation falls back to Lightning, which is free.

    ``runtime`` is ``(ProviderSettings, keys)`` from the algorithm's stored admin config (see
    ``routix.algorithms.config.runtime_overrides``), so an admin-set key counts exactly as
    the worker will run it; default: the process settings and environment keys.
    """
    from routix.providers import estimate_cost, get_provider_settings, provider_key

    settings, keys = runtime if runtime is not None else (get_provider_settings(), {})
    chain = settings.chains.get(algorithm, [])

    def has_key(step: str) -> bool:
        provider = settings.image_models[step].provider
        return bool(keys.get(provider) or provider_key(provider))

    if not any(step in settings.image_models and has_key(step) for step in chain):
        return 0.0
    return estimate_cost(algorithm, settings=settings)


def check_before_accepting(services, user_id: str, algorithm) -> float:
    """Refuse (402 ``budget_exceeded``) a generation whose paid step would pass a daily budget;
    returns the estimate (US dollars, 0 for free or key-less algorithms). ``algorithm`` is the
    ``generation_algorithms`` row (its stored config counts; no extra database session)."""
    from routix.algorithms.config import runtime_overrides

    runtime = runtime_overrides(algorithm.name, algorithm.ai_provider, dict(algorithm.config or {}),
                                secret=services.settings.secret())
    estimate = paid_estimate(algorithm.name, runtime)
    if estimate > 0:
        DbBudget(services).check(user_id, estimate)
    return estimate
