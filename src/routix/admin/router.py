"""``/api/v1/admin/users``: list/search users, see one, change plan/active/admin flags, delete.
Administrators only (403 problem otherwise); every change is audited (``user.update``,
``user.delete``). Logic: :mod:`routix.admin.service`.

``/api/v1/admin/analytics`` (generation counts, success rate, latency percentiles, credits;
per day and per algorithm), ``/api/v1/admin/costs`` (provider calls, dollars and latency per
provider and algorithm) and ``/api/v1/admin/system`` (health, queue, jobs, workers, template
analysis backlog). Administrators only (403 problem otherwise).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from routix.admin import service as users
from routix.admin.analytics import MAX_DAYS, analytics
from routix.admin.costs import provider_costs
from routix.admin.repository import USERS
from routix.admin.schemas import AnalyticsOut, CostsOut, SystemOut, UserAdminOut, UserListOut, UserPatch
from routix.admin.system import system_status
from routix.api.deps import AdminDep, ServicesDep, SessionDep
from routix.api.problems import responses
from routix.kit.pagination import PageRequest, pagination

users_router = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])


@users_router.get("", response_model=UserListOut)
def list_users(
    admin: AdminDep, session: SessionDep, page: Annotated[PageRequest, Depends(pagination(USERS))],
    q: str | None = Query(None, max_length=255, description="substring of email or username"),
    plan: str | None = Query(None, max_length=50), is_active: bool | None = None, is_admin: bool | None = None,
) -> dict[str, Any]:
    """Accounts matching the filters, newest first, with their generation counts;
    ``next_cursor`` pages on (``?cursor=``)."""
    filters = users.UserFilter(q=q, plan=plan, is_active=is_active, is_admin=is_admin)
    found = users.list_users(session, filters, page)
    return {"items": found.items, **found.fields()}


@users_router.get("/{user_id}", response_model=UserAdminOut)
def get_user(user_id: uuid.UUID, admin: AdminDep, session: SessionDep) -> dict[str, Any]:
    """One account (404 for an unknown id)."""
    return users.user_detail(session, users.get_user(session, user_id))


@users_router.patch("/{user_id}", response_model=UserAdminOut, responses=responses({
    409: "you cannot remove your own admin flag or disable yourself (`self_lockout`)",
    422: "unknown plan (`unknown_plan`) or invalid field",
}))
def patch_user(user_id: uuid.UUID, body: UserPatch, request: Request, admin: AdminDep,
               session: SessionDep) -> dict[str, Any]:
    """Change plan, active or admin flag; answers the updated account."""
    user = users.get_user(session, user_id)
    users.update_user(session, admin, user, body.model_dump(exclude_unset=True), request=request)
    return users.user_detail(session, user)


@users_router.delete("/{user_id}", status_code=204,
                     responses=responses({409: "you cannot delete yourself here (`self_lockout`)"}))
def delete_user(user_id: uuid.UUID, request: Request, admin: AdminDep, session: SessionDep,
                services: ServicesDep) -> Response:
    """Delete the user, their rows and files (as account deletion does)."""
    users.delete_user_as_admin(session, services, admin, users.get_user(session, user_id), request=request)
    return Response(status_code=204)


analytics_router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@analytics_router.get("/analytics", response_model=AnalyticsOut)
def get_analytics(admin: AdminDep, session: SessionDep, days: int = Query(30, ge=1, le=MAX_DAYS)) -> dict[str, Any]:
    """Generations of the last ``days`` UTC days: per day (zeros included), success rate,
    p50/p95 processing seconds, net credits charged, and the same per algorithm."""
    return analytics(session, days)


@analytics_router.get("/costs", response_model=CostsOut)
def get_costs(admin: AdminDep, session: SessionDep, days: int = Query(30, ge=1, le=MAX_DAYS)) -> dict[str, Any]:
    """What the AI providers cost over the last ``days`` UTC days, from the usage the generations
    recorded: calls, failed calls, US dollars and latency per provider, and calls and dollars
    per provider and algorithm."""
    return provider_costs(session, days)


@analytics_router.get("/system", response_model=SystemOut)
def get_system(admin: AdminDep, services: ServicesDep) -> dict[str, Any]:
    """Backing-service health (as ``/health/detailed``), queue depth, job counts (pending,
    running, failed/completed in the last 24 h), workers holding leases, template backlog."""
    return system_status(services)


#: every route of this module, mounted by the app
router = APIRouter()
router.include_router(users_router)
router.include_router(analytics_router)
