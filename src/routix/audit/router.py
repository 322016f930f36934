"""``GET /api/v1/admin/audit``: the admin audit log, newest first, filtered and paginated.
Administrators only (403 problem otherwise)."""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Query

from routix.api.deps import AdminDep, SessionDep
from routix.audit.repository import AuditFilter, audit_view, list_audit
from routix.errors import InvalidInput

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


def _aware(value: datetime | None) -> datetime | None:
    """ISO datetimes without an offset are read as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


@router.get("/audit")
def list_audit_log(
    admin: AdminDep, session: SessionDep,
    action: str | None = Query(None, max_length=100, description="prefix: 'user.' or 'template.update'"),
    resource_type: str | None = Query(None, max_length=100),
    resource_id: str | None = Query(None, max_length=100),
    admin_filter: str | None = Query(None, alias="admin", max_length=255, description="admin email or user id"),
    since: datetime | None = Query(None, description="ISO 8601; UTC when no offset"),
    until: datetime | None = Query(None, description="ISO 8601, exclusive; UTC when no offset"),
    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0),
) -> dict:
    """``{"items": [{id, created_at, admin_user_id, admin_email, action, resource_type,
    resource_id, changes: {before, after, note?}, ip_address, user_agent}], "total", "limit", "offset"}``."""
    since, until = _aware(since), _aware(until)
    if since and until and since >= until:
        raise InvalidInput("since must be before until")
    filters = AuditFilter(action=action, resource_type=resource_type, resource_id=resource_id,
                          admin=admin_filter, since=since, until=until)
    rows, total = list_audit(session, filters, limit=limit, offset=offset)
    return {"items": [audit_view(r) for r in rows], "total": total, "limit": limit, "offset": offset}
