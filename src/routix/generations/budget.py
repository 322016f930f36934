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
from datetime import UTC, datetime, time

from routix.algorithms.config import runtime_overrides
from routix.generations import repository
from routix.providers import estimate_cost, get_provider_settings, provider_key
from routix.providers.budget import refusal
from routix.providers.secrets import KeyUnreadable


def start_of_utc_day(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return datetime.combine(now.date(), time.min, tzinfo=UTC)


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
        owner = uuid.UUID(str(user_id)) if user_id is not None else None
        with self.services.db.session() as session:
            return repository.cost_since(session, start_of_utc_day(), owner)

    def check(self, user_id: str | None, estimate_usd: float) -> None:
        """Raise BudgetExceeded (worded by :func:`routix.providers.budget.refusal`) when
        ``estimate_usd`` more would pass the user's or the service's budget today."""
        with self._lock:
            pending = self._pending
        if user_id is not None and self.user_daily_usd is not None:
            spent = self.spent_today(user_id) + pending
            if spent + estimate_usd > self.user_daily_usd:
                raise refusal("user", self.user_daily_usd, spent, estimate_usd)
        if self.daily_usd is not None:
            spent = self.spent_today() + pending
            if spent + estimate_usd > self.daily_usd:
                raise refusal("service", self.daily_usd, spent, estimate_usd)

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

    settings, keys = runtime if runtime is not None else (get_provider_settings(), {})
    chain = settings.chains.get(algorithm, [])

    def has_key(step: str) -> bool:
        provider = settings.image_models[step].provider
        return bool(keys.get(provider) or provider_key(provider))

    if not any(step in settings.image_models and has_key(step) for step in chain):
        return 0.0
    return estimate_cost(algorithm, settings=settings)


def runs_as(algorithm, secret: bytes | None = None) -> str | None:
    """What a generation with ``algorithm`` (a ``generation_algorithms`` row) really runs as
    right now: ``"lightning"`` when it is provider-backed and no step of its chain has an API
    key (every provider step would be skipped), else None (it runs as itself). A stored key the
    current secret cannot read counts as missing."""

    if algorithm.ai_provider == "local" or algorithm.name == "lightning":
        return None
    try:
        runtime = runtime_overrides(algorithm.name, algorithm.ai_provider, dict(algorithm.config or {}), secret=secret)
    except (KeyUnreadable, ValueError):  # unreadable key or impossible stored model: the worker cannot call it
        return "lightning"
    settings, keys = runtime
    chain = settings.chains.get(algorithm.name, [])
    for step in chain:
        model = settings.image_models.get(step)
        if model is not None and (keys.get(model.provider) or provider_key(model.provider)):
            return None
    return "lightning"


def check_before_accepting(services, user_id: str, algorithm) -> float:
    """Refuse (402 ``budget_exceeded``) a generation whose paid step would pass a daily budget;
    returns the estimate (US dollars, 0 for free or key-less algorithms). ``algorithm`` is the
    ``generation_algorithms`` row (its stored config counts; no extra database session)."""

    runtime = runtime_overrides(algorithm.name, algorithm.ai_provider, dict(algorithm.config or {}),
                                secret=services.settings.secret())
    estimate = paid_estimate(algorithm.name, runtime)
    if estimate > 0:
        DbBudget(services).check(user_id, estimate)
    return estimate
