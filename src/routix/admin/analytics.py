"""Generation analytics for the admin dashboard (``GET /api/v1/admin/analytics``).

:func:`analytics` answers, for the generations created in the last ``days`` UTC days (today
included): counts per day (zero days included), the success rate, the median and 95th
percentile of ``processing_time`` (seconds, completed generations only), the net credits
charged for them, and the same figures per algorithm.

Portability: the rows of the window are selected with plain SQL (``created_at``, ``status``,
``algorithm``, ``processing_time``; the queries are in :mod:`routix.admin.repository`) and
bucketed/percentiled in Python, so the same code runs on
SQLite and PostgreSQL (no ``date_trunc``/``percentile_cont``). That is one light row per
generation in the window: fine at this service's scale (tens of thousands a month); a much
larger deployment would move the percentiles to ``percentile_cont`` on PostgreSQL.

Credits: ``credits_spent`` = ``-sum(amount)`` of the ``reserve``/``commit``/``release`` ledger
entries of those generations (a failed generation's reserve and release cancel out to 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from routix.admin import repository
from routix.errors import InvalidInput
from routix.store.models import utcnow

#: Ledger entry types that belong to charging a generation.
GENERATION_CHARGE_TYPES = ("reserve", "commit", "release")
MAX_DAYS = 366


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q``-th percentile (0..100) of ``values`` with linear interpolation between closest
    ranks (numpy's default "linear" method); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return round(value, 3)


def _summary(rows: list[tuple[str, float | None]], credits: int) -> dict[str, Any]:
    """Totals of ``rows`` ``[(status, processing_time)]``: total/completed/failed, success rate
    (completed / finished, None when nothing finished), p50/p95 seconds, credits spent."""
    completed = [t for status, t in rows if status == "completed"]
    failed = sum(1 for status, _ in rows if status == "failed")
    finished = len(completed) + failed
    times = [float(t) for t in completed if t is not None]
    return {
        "total": len(rows), "completed": len(completed), "failed": failed,
        "success_rate": round(len(completed) / finished, 4) if finished else None,
        "p50_seconds": percentile(times, 50), "p95_seconds": percentile(times, 95),
        "credits_spent": int(credits),
    }


def window_start(days: int, now: datetime) -> datetime:
    """Midnight UTC of the first day of a ``days``-day window ending today (``now``'s UTC date)."""
    today = now.astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)


def analytics(session: Session, days: int = 30, *, now: datetime | None = None) -> dict[str, Any]:
    """Generation analytics for the last ``days`` UTC days (1..366), today included.

    Returns ``{"days", "total", "completed", "failed", "per_day": [{"date": "YYYY-MM-DD", "total", "completed",
    "failed"}] (oldest first, one entry per day, zeros included), "success_rate" (0..1 or None),
    "p50_seconds", "p95_seconds" (None without completed generations), "credits_spent" (int),
    "per_algorithm": [{"algorithm", "total", "completed", "failed", "success_rate",
    "p50_seconds", "p95_seconds", "credits_spent"}] (most generations first)}``.
    A generation counts on the UTC day it was created. Raises InvalidInput for ``days`` out of range.
    """
    if not 1 <= int(days) <= MAX_DAYS:
        raise InvalidInput(f"days must be between 1 and {MAX_DAYS}")
    days = int(days)
    now = now or utcnow()
    start = window_start(days, now)
    end = start + timedelta(days=days)
    rows = repository.generations_in_window(session, start, end)
    credits = repository.ledger_sum_by_algorithm(session, start, end, GENERATION_CHARGE_TYPES)
    spent = {name: -total for name, total in credits.items()}

    first = start.date()
    per_day: dict[date, dict[str, Any]] = {
        first + timedelta(days=i): {"date": (first + timedelta(days=i)).isoformat(), "total": 0, "completed": 0,
                                    "failed": 0}
        for i in range(days)
    }
    by_algorithm: dict[str, list[tuple[str, float | None]]] = {}
    for created_at, status, algorithm, seconds in rows:
        bucket = per_day[created_at.astimezone(UTC).date()]
        bucket["total"] += 1
        if status in ("completed", "failed"):
            bucket[status] += 1
        by_algorithm.setdefault(algorithm, []).append((status, seconds))

    overall = _summary([(s, t) for _, s, _, t in rows], sum(spent.values()))
    per_algorithm = [
        {"algorithm": name, **_summary(items, spent.get(name, 0))}
        for name, items in sorted(by_algorithm.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    return {"days": days, "per_day": list(per_day.values()), **overall, "per_algorithm": per_algorithm}


__all__ = ["GENERATION_CHARGE_TYPES", "MAX_DAYS", "analytics", "percentile", "window_start"]
