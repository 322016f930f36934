"""Users administration: list/search, detail, change plan/active/admin flags, delete.

Every change writes an audit row in the same transaction (``user.update``, ``user.delete``).
Guards: an administrator cannot remove their own admin flag, disable themselves or delete
themselves through these functions (Conflict, 409), so the service never loses its last
administrator by accident. A disabled user (``is_active`` False) can no longer log in, refresh,
or use an access token or API key (:mod:`routix.accounts.service` refuses them).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.accounts.data import delete_user
from routix.admin import repository
from routix.admin.repository import UserFilter, generation_counts
from routix.audit import service as audit
from routix.credits.plans import PLAN_NAMES
from routix.errors import Conflict, InvalidInput
from routix.kit.pagination import Page, PageRequest
from routix.services import Services
from routix.store.models import User

#: Fields an administrator may change.
EDITABLE = ("subscription_tier", "is_active", "is_admin")


def user_view(user: User, generations: int) -> dict[str, Any]:
    """UserAdmin: ``{id, email, username, credits, subscription_tier, is_active, is_admin,
    created_at, last_login, generations}`` (never the password hash)."""
    view = audit.snapshot(user, ("id", "email", "username", "credits", "subscription_tier", "is_active", "is_admin",
                                 "created_at", "last_login"))
    return {**view, "generations": int(generations)}


def list_users(session: Session, filters: UserFilter | None = None, page: PageRequest | None = None
               ) -> Page[dict[str, Any]]:
    """One page of UserAdmin views matching ``filters``, newest account first, with the total
    count and the next page's cursor."""
    found = repository.search_users(session, filters or UserFilter(), page or PageRequest())
    counts = generation_counts(session, [u.id for u in found.items])
    return found.with_items([user_view(u, counts.get(u.id, 0)) for u in found.items])


def get_user(session: Session, user_id: uuid.UUID | str) -> User:
    """The user ``user_id``; NotFound otherwise (also for a malformed id)."""
    return repository.get_user(session, user_id)


def user_detail(session: Session, user: User) -> dict[str, Any]:
    """UserAdmin view of one user."""
    return user_view(user, generation_counts(session, [user.id]).get(user.id, 0))


def update_user(session: Session, admin: User, user: User, changes: dict[str, Any], *,
                request: Request | None = None) -> User:
    """Apply ``changes`` (keys of :data:`EDITABLE`; None values are ignored) and audit
    ``user.update`` (the caller commits). Raises InvalidInput for an unknown plan or field, Conflict when
    ``admin`` would remove their own admin flag or disable themselves."""
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot change {sorted(unknown)}")
    if "subscription_tier" in changes and changes["subscription_tier"] not in PLAN_NAMES:
        raise InvalidInput(f"unknown plan {changes['subscription_tier']!r}; choose one of {list(PLAN_NAMES)}",
                           code="unknown_plan")
    if user.id == admin.id and (changes.get("is_admin") is False or changes.get("is_active") is False):
        raise Conflict("you cannot remove your own admin rights or disable your own account", code="self_lockout")
    before = audit.snapshot(user, EDITABLE)
    for name, value in changes.items():
        setattr(user, name, value)
    after = audit.snapshot(user, EDITABLE)
    if after != before:
        audit.record(session, admin, "user.update", "user", user.id, before=before, after=after, request=request)
    return user


def delete_user_as_admin(session: Session, services: Services, admin: User, user: User, *,
                         request: Request | None = None) -> None:
    """Delete ``user`` with their rows and files (:func:`routix.accounts.data.delete_user`),
    audited as ``user.delete`` by ``admin``. Conflict when an admin deletes themselves (use the
    self-service account deletion instead)."""
    if user.id == admin.id:
        raise Conflict("you cannot delete your own account from the admin panel", code="self_lockout")
    delete_user(session, services, user, actor=admin, request=request)


__all__ = ["EDITABLE", "UserFilter", "delete_user_as_admin", "generation_counts", "get_user", "list_users",
           "update_user", "user_detail", "user_view"]
