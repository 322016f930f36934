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

from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.kit.rows import escape_like
from routix.store.models import AdminAuditLog

#: The audit log's order: newest first (ties: newest id first).
AUDIT = Keyset("audit", SortKey(AdminAuditLog.created_at, descending=True),
               SortKey(AdminAuditLog.id, descending=True))


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


def list_audit(session: Session, filters: AuditFilter | None = None, page: PageRequest | None = None
               ) -> Page[AdminAuditLog]:
    """One page of the audit rows matching ``filters`` in :data:`AUDIT` order (newest first,
    ties by id) and the total count. Raises InvalidCursor (422) for a cursor of another list."""
    query = select(AdminAuditLog).where(*_conditions(filters or AuditFilter()))
    return paginate(session, query, AUDIT, page or PageRequest())


__all__ = ["AUDIT", "AuditFilter", "add_entry", "list_audit"]
