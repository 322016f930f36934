"""Generation algorithms ("Routix Versions", table ``generation_algorithms``) for admins:
list, create, read, update, delete. The chat's algorithm selector and generation requests read
the same table, so a change here shows up there at once.

Rules: ``config`` is validated per ``ai_provider`` (:mod:`routix.algorithms.config`;
unknown provider -> 422); exactly one algorithm is the default (making one default clears the
others; the default must stay active: deactivating it or un-defaulting it -> 409); the default
or an algorithm referenced by generations cannot be deleted (409: deactivate it instead).
Views never contain an API key (``api_key_set`` / ``api_key_hint`` instead). Every change is
audited (``algorithm.create`` / ``algorithm.update`` / ``algorithm.delete``) in its transaction.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.algorithms import repository
from routix.algorithms.config import check_runnable, public_config, validate_config
from routix.audit import service as audit
from routix.errors import Conflict, InvalidInput
from routix.generations.budget import runs_as
from routix.store.models import Algorithm, User

#: Audited fields (``config`` without the key token: its hint shows a key change).
AUDITED = ("name", "display_name", "description", "ai_provider", "config", "cost_per_generation", "credit_cost",
           "is_active", "is_default")
EDITABLE = ("name", "display_name", "description", "ai_provider", "config", "cost_per_generation", "credit_cost",
            "is_active", "is_default")


def algorithm_view(row: Algorithm, generations: int | None = None) -> dict[str, Any]:
    """``{id, name, display_name, description, ai_provider, config (no key), cost_per_generation
    (US dollars, float), credit_cost, is_active, is_default, performance_metrics, created_at,
    updated_at[, generations]}``."""
    view = audit.snapshot(row, ("id", "name", "display_name", "description", "ai_provider", "cost_per_generation",
                                "credit_cost", "is_active", "is_default", "performance_metrics", "created_at",
                                "updated_at"))
    view["config"] = public_config(row.config)
    if generations is not None:
        view["generations"] = int(generations)
    return view


def _audit_state(row: Algorithm) -> dict[str, Any]:
    state = audit.snapshot(row, AUDITED)
    state["config"] = public_config(row.config)
    return state


def list_algorithms(session: Session, secret: bytes | None = None) -> list[dict[str, Any]]:
    """Every algorithm (active or not), the default first, then by credit cost and name, with
    how many generations used each and ``runs_as`` ("lightning" when its provider has no key;
    ``secret`` reads admin-stored keys)."""
    rows = repository.list_algorithms(session)
    usage = repository.usage_counts(session, [r.id for r in rows])
    return [{**algorithm_view(r, usage.get(r.id, 0)), "runs_as": runs_as(r, secret)} for r in rows]


def get_algorithm(session: Session, algorithm_id: uuid.UUID | str) -> Algorithm:
    """The algorithm ``algorithm_id``; NotFound otherwise."""
    return repository.get_algorithm(session, algorithm_id)


def algorithm_detail(session: Session, row: Algorithm) -> dict[str, Any]:
    """:func:`algorithm_view` of ``row`` with how many generations used it."""
    return algorithm_view(row, repository.usage_counts(session, [row.id]).get(row.id, 0))


def _apply(row: Algorithm, values: dict[str, Any], secret: bytes | None) -> None:
    """Set ``values`` on ``row`` (config validated for the resulting provider)."""
    provider = values.get("ai_provider", row.ai_provider)
    if "config" in values or provider != row.ai_provider:
        previous = row.config if provider == row.ai_provider else None
        values["config"] = validate_config(provider, values.get("config") or {}, previous=previous, secret=secret)
    if "cost_per_generation" in values:
        values["cost_per_generation"] = Decimal(str(values["cost_per_generation"]))
    for name, value in values.items():
        setattr(row, name, value)
    if {"name", "ai_provider", "config"} & set(values):
        check_runnable(row.name, row.ai_provider, row.config or {})
    if row.is_default and not row.is_active:
        raise Conflict("the default algorithm must stay active; make another one the default first",
                       code="default_algorithm")


def _flush(session: Session) -> None:
    """Flush; a unique-name violation (a concurrent create or rename) raises Conflict
    ``name_taken``, and the caller's transaction is to be rolled back by whoever opened it."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("an algorithm with this name already exists", code="name_taken") from None


def create_algorithm(session: Session, admin: User, values: dict[str, Any], *, request: Request | None = None,
                     secret: bytes | None = None) -> Algorithm:
    """Create an algorithm from ``values`` (keys of :data:`EDITABLE`; ``name``, ``display_name``
    required); the caller commits. Raises InvalidInput (bad provider/config), Conflict (name taken)."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"unknown fields {sorted(unknown)}")
    values = dict(values)
    provider = values.pop("ai_provider", "local")
    row = Algorithm(ai_provider=provider, config={}, description="", is_active=True, is_default=False,
                    performance_metrics={}, credit_cost=1, cost_per_generation=Decimal("0"))
    _apply(row, {"ai_provider": provider, "config": values.pop("config", {}), **values}, secret)
    if repository.name_taken(session, row.name):
        raise Conflict("an algorithm with this name already exists", code="name_taken")
    repository.add_algorithm(session, row)
    _flush(session)
    if row.is_default:
        repository.clear_other_defaults(session, row)
    audit.record(session, admin, "algorithm.create", "algorithm", row.id, before=None, after=_audit_state(row),
                 request=request)
    return row


def update_algorithm(session: Session, admin: User, row: Algorithm, values: dict[str, Any], *,
                     request: Request | None = None,
                     secret: bytes | None = None) -> Algorithm:
    """Change ``values`` (keys of :data:`EDITABLE`; omitted fields stay) and audit; the caller commits.
    Un-defaulting the default without naming another -> Conflict; a default must be active."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"unknown fields {sorted(unknown)}")
    if values.get("is_default") is False and row.is_default:
        raise Conflict("one algorithm must be the default: make another one the default instead",
                       code="default_algorithm")
    before = _audit_state(row)
    if "name" in values and values["name"] != row.name and repository.name_taken(session, values["name"]):
        raise Conflict("an algorithm with this name already exists", code="name_taken")
    _apply(row, dict(values), secret)
    _flush(session)
    if row.is_default:
        repository.clear_other_defaults(session, row)
    after = _audit_state(row)
    if after != before:
        audit.record(session, admin, "algorithm.update", "algorithm", row.id, before=before, after=after,
                     request=request)
    return row


def delete_algorithm(session: Session, admin: User, row: Algorithm, *, request: Request | None = None) -> None:
    """Delete an algorithm no generation used; Conflict for the default or a used one
    (deactivate it instead). Audited; the caller commits."""
    if row.is_default:
        raise Conflict("the default algorithm cannot be deleted", code="default_algorithm")
    used = repository.usage_counts(session, [row.id]).get(row.id, 0)
    if used:
        raise Conflict(f"{used} generations used this algorithm: deactivate it instead of deleting it",
                       code="algorithm_in_use")
    audit.record(session, admin, "algorithm.delete", "algorithm", row.id, before=_audit_state(row), after=None,
                 request=request)
    repository.delete_algorithm(session, row)


__all__ = ["algorithm_detail", "algorithm_view", "create_algorithm", "delete_algorithm", "get_algorithm",
           "list_algorithms", "update_algorithm"]
