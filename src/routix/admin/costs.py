"""Provider cost for the admin dashboard (``GET /api/v1/admin/costs``): what the AI providers
cost, from the usage each generation recorded (one entry per provider HTTP call, the same
calls ``/metrics`` counts in ``routix_provider_*``).

:func:`provider_costs` sums, over the generations created in the last ``days`` UTC days (today
included; the window of :func:`routix.admin.analytics.window_start`): calls, failed calls
(any outcome but ``ok``), US dollars and call latency (p50/p95, seconds) per provider, and
calls and dollars per provider and algorithm (the Routix Version the generation ran). The
generation rows carry the usage as JSON, so the sums are made in Python (portable across
SQLite and PostgreSQL, as the analytics are).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from routix.admin import repository
from routix.admin.analytics import MAX_DAYS, percentile, window_start
from routix.errors import InvalidInput
from routix.store.models import utcnow


def _bucket() -> dict[str, Any]:
    return {"calls": 0, "errors": 0, "cost_usd": 0.0, "latencies": []}


def _add(bucket: dict[str, Any], call: dict[str, Any]) -> None:
    bucket["calls"] += 1
    bucket["errors"] += call.get("outcome") != "ok"
    bucket["cost_usd"] += float(call.get("cost_usd") or 0.0)
    bucket["latencies"].append(float(call.get("latency_s") or 0.0))


def _figures(bucket: dict[str, Any]) -> dict[str, Any]:
    calls = bucket["calls"]
    return {"calls": calls, "errors": bucket["errors"], "error_rate": round(bucket["errors"] / calls, 4) if calls
            else None, "cost_usd": round(bucket["cost_usd"], 4)}


def provider_costs(session: Session, days: int = 30, *, now: datetime | None = None) -> dict[str, Any]:
    """Provider calls and cost of the last ``days`` UTC days (1..366), today included.

    Returns ``{"days", "calls", "errors", "cost_usd", "per_provider": [{"provider", "calls",
    "errors", "error_rate" (0..1), "cost_usd", "p50_latency_seconds", "p95_latency_seconds"}]
    (costliest first), "per_algorithm": [{"provider", "algorithm", "calls", "errors",
    "error_rate", "cost_usd"}] (costliest first)}``. A generation counts on the UTC day it was
    created; one that made no provider call adds nothing. Raises InvalidInput for ``days``
    out of range.
    """
    if not 1 <= int(days) <= MAX_DAYS:
        raise InvalidInput(f"days must be between 1 and {MAX_DAYS}")
    days = int(days)
    start = window_start(days, now or utcnow())
    total = _bucket()
    providers: dict[str, dict[str, Any]] = {}
    algorithms: dict[tuple[str, str], dict[str, Any]] = {}
    for algorithm, usage in repository.usage_in_window(session, start, start + timedelta(days=days)):
        for call in (usage or {}).get("calls") or []:
            if not isinstance(call, dict) or not call.get("provider"):
                continue
            provider = str(call["provider"])
            for bucket in (total, providers.setdefault(provider, _bucket()),
                           algorithms.setdefault((provider, algorithm), _bucket())):
                _add(bucket, call)
    per_provider = [
        {"provider": name, **_figures(b), "p50_latency_seconds": percentile(b["latencies"], 50),
         "p95_latency_seconds": percentile(b["latencies"], 95)}
        for name, b in providers.items()
    ]
    per_algorithm = [{"provider": provider, "algorithm": algorithm, **_figures(b)}
                     for (provider, algorithm), b in algorithms.items()]
    figures = _figures(total)
    return {
        "days": days, "calls": figures["calls"], "errors": figures["errors"], "cost_usd": figures["cost_usd"],
        "per_provider": sorted(per_provider, key=lambda r: (-r["cost_usd"], -r["calls"], r["provider"])),
        "per_algorithm": sorted(per_algorithm, key=lambda r: (-r["cost_usd"], -r["calls"], r["provider"],
                                                              r["algorithm"])),
    }


__all__ = ["provider_costs"]
