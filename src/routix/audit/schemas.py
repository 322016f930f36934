"""Response models of ``GET /api/v1/admin/audit``."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from routix.api.schemas import ResponseModel
from routix.kit.pagination import PageOut


class AuditEntryOut(ResponseModel):
    """One administrator action with the values it changed."""

    id: str
    created_at: str = Field(description="ISO 8601, UTC")
    admin_user_id: str | None = Field(description="null once that administrator's account is deleted")
    admin_email: str | None
    action: str = Field(description="<resource>.<verb>, e.g. user.update, template.delete")
    resource_type: str
    resource_id: str | None
    changes: dict[str, Any] = Field(description="{before, after, note?}: only the fields that changed")
    ip_address: str | None
    user_agent: str | None


class AuditListOut(PageOut):
    items: list[AuditEntryOut] = Field(description="newest first")


__all__ = ["AuditEntryOut", "AuditListOut"]
