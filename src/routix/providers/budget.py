"""Daily spend caps on paid provider calls: per user and for the whole service.

``BudgetGuard`` is the port; :class:`MemoryBudget` keeps the day's spend in memory (one process).
The service adds a database-backed guard with the same two methods. Days are UTC calendar days.
Defaults come from ``routix.config.Settings``: ``daily_budget_usd`` (global, $200/month spread
over 30 days, the planned provider budget) and ``user_daily_budget_usd``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Protocol

from routix.config import get_settings
from routix.providers.errors import BudgetExceeded


class BudgetGuard(Protocol):
    """Port: refuse a paid call that would exceed a daily budget; count what was spent."""

    def check(self, user_id: str | None, estimate_usd: float) -> None:
        """Raise :class:`BudgetExceeded` if spending ``estimate_usd`` more today would pass the
        user's or the global daily budget. ``user_id`` None (CLI) checks the global one only."""
        ...

    def record(self, user_id: str | None, cost_usd: float) -> None:
        """Add ``cost_usd`` (US dollars, >= 0) to today's spend of the user and of the service."""
        ...


def utc_today() -> date:
    return datetime.now(UTC).date()


def refusal(scope: str, daily_usd: float, spent_usd: float, estimate_usd: float) -> BudgetExceeded:
    """The error for a paid call refused by the daily budget of ``scope`` ("user" or "service"),
    worded after what happened: "used" only when today's spend reached the budget; otherwise
    the call would cost more than is left (possibly with nothing spent yet). US dollars."""
    who, whose = ("You have", "your") if scope == "user" else ("The service has", "the service's")
    if spent_usd >= daily_usd:
        head = f"{who} used today's AI budget (${daily_usd:.2f} a day)."
    else:
        head = (f"This generation may cost up to ${estimate_usd:.2f}, more than is left of {whose} AI budget "
                f"today (${daily_usd - spent_usd:.2f} of ${daily_usd:.2f} a day).")
    return BudgetExceeded(f"{head} Pick Lightning, which is free, or try again tomorrow (UTC).")


class MemoryBudget:
    """In-memory :class:`BudgetGuard` (thread-safe). ``None`` for a limit means no cap.

    ``check`` and ``record`` are separate steps, as for the providers' own billing: two calls
    checked at the same moment may both pass and overshoot by at most one call's cost.
    """

    def __init__(
        self, *, daily_usd: float | None, user_daily_usd: float | None, today: Callable[[], date] = utc_today
    ) -> None:
        self.daily_usd = daily_usd
        self.user_daily_usd = user_daily_usd
        self._today = today
        self._lock = threading.Lock()
        self._day: date | None = None
        self._total = 0.0
        self._users: dict[str, float] = defaultdict(float)

    @classmethod
    def from_settings(cls, settings=None) -> MemoryBudget:
        """Limits from ``routix.config.get_settings()`` (or the given Settings)."""

        settings = settings or get_settings()
        return cls(daily_usd=settings.daily_budget_usd, user_daily_usd=settings.user_daily_budget_usd)

    def _roll(self) -> None:
        today = self._today()
        if today != self._day:
            self._day, self._total = today, 0.0
            self._users.clear()

    def spent(self, user_id: str | None = None) -> float:
        """Today's spend of ``user_id``, or of the whole service when None (US dollars)."""
        with self._lock:
            self._roll()
            return self._total if user_id is None else self._users.get(user_id, 0.0)

    def check(self, user_id: str | None, estimate_usd: float) -> None:
        with self._lock:
            self._roll()
            spent = self._users.get(user_id, 0.0) if user_id is not None else 0.0
            if user_id is not None and self.user_daily_usd is not None and spent + estimate_usd > self.user_daily_usd:
                raise refusal("user", self.user_daily_usd, spent, estimate_usd)
            if self.daily_usd is not None and self._total + estimate_usd > self.daily_usd:
                raise refusal("service", self.daily_usd, self._total, estimate_usd)

    def record(self, user_id: str | None, cost_usd: float) -> None:
        if cost_usd <= 0:
            return
        with self._lock:
            self._roll()
            self._total += cost_usd
            if user_id is not None:
                self._users[user_id] += cost_usd
