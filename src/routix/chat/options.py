"""The ``algorithm_select`` options: the active "Routix versions" as the chat offers them.

Each option says what choosing it really does: its credit cost, the most it may cost in
provider fees, the typical time (from the generations that ran here, else a per-provider
guess) and, when its provider has no API key, ``runs_as``: the local algorithm it will run as
and be charged as (Lightning).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from routix.chat import repository
from routix.generations.budget import paid_estimate, runs_as

#: Typical seconds to a finished thumbnail per provider, before any generation was measured.
ESTIMATED_SECONDS = {"local": 3.0, "gemini": 15.0, "openai": 25.0}
#: Recent completed generations a measured time range is taken from (at least MIN_MEASURED).
MEASURED_WINDOW = 20
MIN_MEASURED = 3
#: A speed claim in an admin-written description ("About a second."): the option's times say it.
_TIME_CLAIM = re.compile(r"\s*\b(?:about|around|roughly|under)\s+(?:a|an|one|\d+(?:\.\d+)?)\s+seconds?\b\.?", re.I)


def measured_range(times: list[float]) -> list[float] | None:
    """``[fastest, slowest]`` seconds (one decimal) of ``times``, or None for fewer than
    ``MIN_MEASURED`` of them."""
    if len(times) < MIN_MEASURED:
        return None
    return [round(min(times), 1), round(max(times), 1)]


def algorithm_options(session: Session, secret: bytes | None = None) -> list[dict[str, Any]]:
    """The active algorithms as ``algorithm_select`` options (default first): ``{id, name,
    display_name, description, credit_cost, is_default, estimated_cost_usd (US dollars; 0 when
    it would run on Lightning), estimated_seconds, measured_seconds ([min, max] or None),
    runs_as ({name, display_name, credit_cost} or None)}``; an option that runs as another
    algorithm gets that algorithm's times. ``secret`` reads admin-stored keys."""
    rows = repository.active_algorithms(session)
    by_name = {row.name: row for row in rows}
    times: dict[str, tuple[float, list[float] | None]] = {}
    for row in rows:
        measured = measured_range(repository.recent_processing_times(session, row.name, limit=MEASURED_WINDOW))
        typical = (row.performance_metrics or {}).get("avg_seconds") or ESTIMATED_SECONDS.get(row.ai_provider, 10.0)
        times[row.name] = ((measured[0] + measured[1]) / 2 if measured else float(typical), measured)
    options = []
    for row in rows:
        actual = runs_as(row, secret)
        target = by_name.get(actual) if actual else None
        # a selection that runs as Lightning takes Lightning's time
        typical, measured = times[target.name] if target else times[row.name]
        options.append({
            "id": str(row.id), "name": row.name, "display_name": row.display_name,
            "description": _TIME_CLAIM.sub("", row.description or "").strip(),
            "credit_cost": row.credit_cost, "is_default": row.is_default,
            "estimated_cost_usd": paid_estimate(row.name) if actual is None else 0.0,
            "estimated_seconds": float(typical), "measured_seconds": measured,
            "runs_as": None if actual is None else {
                "name": actual, "display_name": target.display_name if target else "Routix Lightning",
                "credit_cost": min(row.credit_cost, target.credit_cost) if target else row.credit_cost,
            },
        })
    return options
