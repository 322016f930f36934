"""The admin audit log (table ``admin_audit_log``): every administrator action writes one row
with the before/after values it changed, the admin, their IP address and user agent.

Call :func:`record` inside the same session (transaction) as the change itself, so a change and
its audit row commit or roll back together::

    before = snapshot(row, ("credit_cost", "is_active"))
    row.credit_cost = 3
    audit.record(session, admin, "algorithm.update", "algorithm", row.id,
                 before=before, after=snapshot(row, ("credit_cost", "is_active")), request=request)

The service that records never commits: the code that opened the session does (the API once
per request, the CLI with ``with services.db.session() as session:``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.audit import repository
from routix.store.models import AdminAuditLog, User


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON (UUIDs, datetimes, Decimals and enums become strings/floats)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (uuid.UUID, Enum)):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    """``{field: value}`` of ``row``'s attributes, JSON-safe (for ``before``/``after``)."""
    return {name: jsonable(getattr(row, name)) for name in fields}


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """Only the keys whose value changed: ``{"before": {...}, "after": {...}}``."""
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return {"before": {k: before.get(k) for k in keys if k in before},
            "after": {k: after.get(k) for k in keys if k in after}}


def client_of(request: Request | None) -> tuple[str | None, str | None]:
    """(IP address, user agent) of a Starlette request, or (None, None) without one (CLI)."""
    if request is None:
        return None, None
    client = getattr(request, "client", None)
    ip = client.host if client else None
    agent = request.headers.get("user-agent")
    return ip, (agent[:500] if agent else None)


def record(session: Session, admin: User | None, action: str, resource_type: str, resource_id: Any = None, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, request: Request | None = None,
           note: str | None = None) -> AdminAuditLog:
    """Add one audit row to ``session`` (not committed) and return it.

    ``action`` is ``<resource>.<verb>`` (``template.update``, ``credits.grant``, ``user.delete``);
    ``changes`` stores only the fields that differ between ``before`` and ``after`` (both kept
    whole when one side is missing, e.g. create/delete), plus ``note`` when given. ``admin`` is
    None for actions taken by the system or the CLI without an account.
    """
    if before is None or after is None:
        changes: dict[str, Any] = {"before": jsonable(before), "after": jsonable(after)}
    else:
        changes = diff(jsonable(before), jsonable(after))
    if note:
        changes["note"] = note
    ip, agent = client_of(request)
    row = AdminAuditLog(
        admin_user_id=admin.id if admin is not None else None,
        admin_email=admin.email if admin is not None else None,
        action=action, resource_type=resource_type,
        resource_id=str(resource_id) if resource_id is not None else None,
        changes=changes, ip_address=ip, user_agent=agent,
    )
    return repository.add_entry(session, row)


__all__ = ["client_of", "diff", "jsonable", "record", "snapshot"]
