"""The admin audit log's queries: adding an entry, and reading the log (``GET
/api/v1/admin/audit``) with filters, newest first, paginated.

What an entry holds is decided by :func:`routix.audit.service.record`; its JSON view is
:func:`routix.audit.views.audit_view`.
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


def add_entry(session: Session, row: AdminAuditLog) -> AdminAuditLog:
    """Add the audit entry ``row`` to ``session`` (written at the next flush) and return it."""
    session.add(row)
    return row


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


__all__ = ["AuditFilter", "add_entry", "list_audit"]
