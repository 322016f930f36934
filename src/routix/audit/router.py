"""``GET /api/v1/admin/audit``: the admin audit log, newest first, filtered and paginated.
Administrators only (403 problem otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from routix.api.deps import AdminDep, SessionDep
from routix.audit.repository import AUDIT, AuditFilter, list_audit
from routix.audit.schemas import AuditListOut
from routix.audit.views import audit_view
from routix.errors import InvalidInput
from routix.kit.pagination import PageRequest, pagination

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


def _aware(value: datetime | None) -> datetime | None:
    """ISO datetimes without an offset are read as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@router.get("/audit", response_model=AuditListOut)
def list_audit_log(
    admin: AdminDep, session: SessionDep, page: Annotated[PageRequest, Depends(pagination(AUDIT))],
    action: str | None = Query(None, max_length=100, description="prefix: 'user.' or 'template.update'"),
    resource_type: str | None = Query(None, max_length=100),
    resource_id: str | None = Query(None, max_length=100),
    admin_filter: str | None = Query(None, alias="admin", max_length=255, description="admin email or user id"),
    since: datetime | None = Query(None, description="ISO 8601; UTC when no offset"),
    until: datetime | None = Query(None, description="ISO 8601, exclusive; UTC when no offset"),
) -> dict[str, Any]:
    """Audit entries matching the filters, newest first (422 when ``since`` is not before
    ``until``); ``next_cursor`` pages on (``?cursor=``)."""
    since, until = _aware(since), _aware(until)
    if since and until and since >= until:
        raise InvalidInput("since must be before until")
    filters = AuditFilter(action=action, resource_type=resource_type, resource_id=resource_id,
                          admin=admin_filter, since=since, until=until)
    found = list_audit(session, filters, page)
    return {"items": [audit_view(r) for r in found.items], **found.fields()}
