"""``GET /api/v1/admin/audit``: the admin audit log, newest first, filtered and paginated.
Administrators only (403 problem otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query

from routix.api.deps import AdminDep, SessionDep
from routix.audit.repository import AuditFilter, list_audit
from routix.audit.schemas import AuditListOut
from routix.audit.views import audit_view
from routix.errors import InvalidInput

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


def _aware(value: datetime | None) -> datetime | None:
    """ISO datetimes without an offset are read as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@router.get("/audit", response_model=AuditListOut)
def list_audit_log(
    admin: AdminDep, session: SessionDep,
    action: str | None = Query(None, max_length=100, description="prefix: 'user.' or 'template.update'"),
    resource_type: str | None = Query(None, max_length=100),
    resource_id: str | None = Query(None, max_length=100),
    admin_filter: str | None = Query(None, alias="admin", max_length=255, description="admin email or user id"),
    since: datetime | None = Query(None, description="ISO 8601; UTC when no offset"),
    until: datetime | None = Query(None, description="ISO 8601, exclusive; UTC when no offset"),
    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Audit entries matching the filters, newest first (422 when ``since`` is not before ``until``)."""
    since, until = _aware(since), _aware(until)
    if since and until and since >= until:
        raise InvalidInput("since must be before until")
    filters = AuditFilter(action=action, resource_type=resource_type, resource_id=resource_id,
                          admin=admin_filter, since=since, until=until)
    rows, total = list_audit(session, filters, limit=limit, offset=offset)
    return {"items": [audit_view(r) for r in rows], "total": total, "limit": limit, "offset": offset}
