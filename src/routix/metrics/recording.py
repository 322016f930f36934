"""Recording functions: one call from each place where an outcome is known.

* :func:`record_http` - the HTTP middleware, once per answered request;
* :func:`record_job` - the job runner, once per run with its outcome; a completed generation
  also reports its pipeline stage durations (the ``timings`` on its row, seconds);
* :func:`record_provider_call` - ``UsageRecorder.record``, once per provider HTTP call;
* :func:`record_credit_entry` - the credits ledger, once per written entry; counted only once
  the entry's transaction has committed (a rolled-back reservation counts nothing).

Recording never raises into the caller: a metrics failure is logged and the work goes on.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.kit.transaction import after_commit
from routix.metrics.registry import (
    CREDITS,
    HTTP_LATENCY,
    HTTP_REQUESTS,
    JOBS,
    PROVIDER_COST,
    PROVIDER_LATENCY,
    PROVIDER_REQUESTS,
    STAGE_SECONDS,
)

log = logging.getLogger("routix.metrics")

#: Ledger entry kind -> credit movement (amounts as written in the ledger, credits).
_GRANTS = frozenset({"plan_grant", "signup_bonus", "admin_grant"})


def record_http(method: str, route: str, status: int, seconds: float) -> None:
    """One answered HTTP request: ``route`` is the route template, ``seconds`` the latency."""
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_LATENCY.labels(method, route).observe(max(0.0, seconds))


def record_job(ctx: Any, outcome: str) -> None:
    """One job run of kind ``ctx.kind.name`` that ended with ``outcome`` (a runner outcome:
    completed, failed, cancelled, paused, retry, lost). A completed ``generation`` also adds its
    stage durations from the row's ``timings``."""
    try:
        kind = ctx.kind.name
        JOBS.labels(kind, outcome).inc()
        if kind == "generation" and outcome == "completed":
            for stage, seconds in generation_timings(ctx.services, ctx.subject_id).items():
                STAGE_SECONDS.labels(stage).observe(max(0.0, float(seconds)))
    except Exception:  # metrics never break a job
        log.warning("recording a job's metrics failed", exc_info=True)


def generation_timings(services: Any, generation_id: str) -> dict[str, float]:
    """The ``timings`` (stage -> seconds) of generation ``generation_id``; {} when it is gone."""
    from routix.store.models import GenerationRequest

    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(str(generation_id)))
        return dict(row.timings or {}) if row is not None else {}


def record_provider_call(call: Any) -> None:
    """One provider HTTP call (a ``routix.providers.usage.ProviderCall``): its outcome, cost
    (US dollars) and latency (seconds) by provider and model."""
    try:
        PROVIDER_REQUESTS.labels(call.provider, call.model, call.kind, call.outcome).inc()
        if call.cost_usd:
            PROVIDER_COST.labels(call.provider, call.model).inc(max(0.0, float(call.cost_usd)))
        PROVIDER_LATENCY.labels(call.provider, call.model).observe(max(0.0, float(call.latency_s)))
    except Exception:  # metrics never break a provider call
        log.warning("recording a provider call failed", exc_info=True)


def record_credit_entry(session: Session, kind: str, amount: int, generation_id: uuid.UUID | None) -> None:
    """A ledger entry of ``kind`` moving ``amount`` credits, written in ``session``'s
    transaction; counted after the commit as reserved, charged, refunded, granted or deducted.

    A ``commit`` (a completed generation) charges the reservation minus ``amount`` (the part
    given back when a provider-backed algorithm fell back to Lightning), so it reads the
    generation's reservation from the ledger."""
    try:
        moves = credit_movements(session, kind, amount, generation_id)
    except Exception:  # metrics never break a ledger write
        log.warning("recording a credit movement failed", exc_info=True)
        return
    if moves:
        after_commit(session, lambda: _count_credits(moves))


def credit_movements(session: Session, kind: str, amount: int, generation_id: uuid.UUID | None) -> dict[str, int]:
    """Movement name -> credits (positive) of one ledger entry."""
    if kind == "reserve":
        return {"reserved": -amount}
    if kind == "release":
        return {"refunded": amount}
    if kind == "commit":
        from routix.credits import repository
        from routix.credits.service import reserve_key

        reserved_row = repository.get_entry_by_key(session, reserve_key(generation_id)) if generation_id else None
        reserved = -int(reserved_row.amount) if reserved_row is not None else amount
        return {"charged": reserved - amount, "refunded": amount}
    if kind in _GRANTS or amount > 0:
        return {"granted": amount}
    return {"deducted": -amount}


def _count_credits(moves: dict[str, int]) -> None:
    for movement, credits in moves.items():
        if credits > 0:
            CREDITS.labels(movement).inc(credits)
