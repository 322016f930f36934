"""Reading the admin audit log (``GET /api/v1/admin/audit``): filters, newest first, paginated.

Writing is :func:`routix.audit.service.record`; this module only reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routix.kit.rows import escape_like
from routix.store.models import AdminAuditLog


@dataclass(frozen=True)
class AuditFilter:
    """Filters of the audit list; every field is optional and they combine with AND.

    ``action``: a prefix (``"user."`` or ``"user"`` matches ``user.update`` and ``user.delete``;
    a full action matches itself). ``admin``: an admin's email (case-insensitive, exact) or user
    id. ``since``/``until``: timezone-aware datetimes, ``since <= created_at < until``.
    """

    action: str | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    admin: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _conditions(f: AuditFilter) -> list[Any]:
    A = AdminAuditLog
    out: list[Any] = []
    if f.action:
        out.append(A.action.like(escape_like(f.action) + "%", escape="\\"))
    if f.resource_type:
        out.append(A.resource_type == f.resource_type)
    if f.resource_id:
        out.append(A.resource_id == f.resource_id)
    if f.admin:
        try:
            out.append(A.admin_user_id == uuid.UUID(f.admin))
        except ValueError:
            out.append(func.lower(A.admin_email) == f.admin.strip().lower())
    if f.since is not None:
        out.append(A.created_at >= f.since)
    if f.until is not None:
        out.append(A.created_at < f.until)
    return out


def list_audit(session: Session, filters: AuditFilter | None = None, *, limit: int = 50, offset: int = 0
               ) -> tuple[list[AdminAuditLog], int]:
    """Audit rows matching ``filters``, newest first (ties by id), and the total count."""
    conditions = _conditions(filters or AuditFilter())
    total = session.scalar(select(func.count()).select_from(AdminAuditLog).where(*conditions)) or 0
    rows = session.scalars(
        select(AdminAuditLog).where(*conditions)
        .order_by(AdminAuditLog.created_at.desc(), AdminAuditLog.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), int(total)


def audit_view(row: AdminAuditLog) -> dict[str, Any]:
    """One audit row as JSON: ``{id, created_at, admin_user_id, admin_email, action,
    resource_type, resource_id, changes, ip_address, user_agent}``."""
    return {
        "id": str(row.id), "created_at": row.created_at.isoformat(),
        "admin_user_id": str(row.admin_user_id) if row.admin_user_id else None, "admin_email": row.admin_email,
        "action": row.action, "resource_type": row.resource_type, "resource_id": row.resource_id,
        "changes": row.changes or {}, "ip_address": row.ip_address, "user_agent": row.user_agent,
    }


__all__ = ["AuditFilter", "audit_view", "list_audit"]
