"""JSON views of audit log entries for the API (``GET /api/v1/admin/audit``)."""

from __future__ import annotations

from typing import Any

from routix.store.models import AdminAuditLog


def audit_view(row: AdminAuditLog) -> dict[str, Any]:
    """One audit row as JSON: ``{id, created_at, admin_user_id, admin_email, action,
    resource_type, resource_id, changes, ip_address, user_agent}``."""
    return {
        "id": str(row.id), "created_at": row.created_at.isoformat(),
        "admin_user_id": str(row.admin_user_id) if row.admin_user_id else None, "admin_email": row.admin_email,
        "action": row.action, "resource_type": row.resource_type, "resource_id": row.resource_id,
        "changes": row.changes or {}, "ip_address": row.ip_address, "user_agent": row.user_agent,
    }


__all__ = ["audit_view"]
