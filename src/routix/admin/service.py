"""Users administration: list/search, detail, change plan/active/admin flags, delete.

Every change writes an audit row in the same transaction (``user.update``, ``user.delete``).
Guards: an administrator cannot remove their own admin flag, disable themselves or delete
themselves through these functions (Conflict, 409), so the service never loses its last
administrator by accident. A disabled user (``is_active`` False) can no longer log in, refresh,
or use an access token or API key (:mod:`routix.accounts.service` refuses them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from routix.audit import service as audit
from routix.errors import Conflict, InvalidInput
from routix.kit.rows import count_by, escape_like, get_or_404
from routix.store.models import GenerationRequest, User

#: Fields an administrator may change.
EDITABLE = ("subscription_tier", "is_active", "is_admin")


@dataclass(frozen=True)
class UserFilter:
    """``q``: case-insensitive substring of email or username; ``plan``: subscription tier;
    ``is_active``/``is_admin``: exact flags. All optional, combined with AND."""

    q: str | None = None
    plan: str | None = None
    is_active: bool | None = None
    is_admin: bool | None = None


def _conditions(f: UserFilter) -> list[Any]:
    out: list[Any] = []
    if f.q and f.q.strip():
        pattern = f"%{escape_like(f.q.strip().lower())}%"
        out.append(or_(func.lower(User.email).like(pattern, escape="\\"),
                       func.lower(User.username).like(pattern, escape="\\")))
    if f.plan:
        out.append(User.subscription_tier == f.plan)
    if f.is_active is not None:
        out.append(User.is_active.is_(f.is_active))
    if f.is_admin is not None:
        out.append(User.is_admin.is_(f.is_admin))
    return out


def generation_counts(session: Session, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """``{user id: number of generations}`` for ``user_ids`` (missing ids have none)."""
    return count_by(session, GenerationRequest.user_id, user_ids)


def user_view(user: User, generations: int) -> dict[str, Any]:
    """UserAdmin: ``{id, email, username, credits, subscription_tier, is_active, is_admin,
    created_at, last_login, generations}`` (never the password hash)."""
    view = audit.snapshot(user, ("id", "email", "username", "credits", "subscription_tier", "is_active", "is_admin",
                                 "created_at", "last_login"))
    return {**view, "generations": int(generations)}


def list_users(session: Session, filters: UserFilter | None = None, *, limit: int = 50, offset: int = 0
               ) -> tuple[list[dict[str, Any]], int]:
    """UserAdmin views matching ``filters``, newest account first, and the total count."""
    conditions = _conditions(filters or UserFilter())
    total = session.scalar(select(func.count()).select_from(User).where(*conditions)) or 0
    users = session.scalars(
        select(User).where(*conditions).order_by(User.created_at.desc(), User.id.desc()).limit(limit).offset(offset)
    ).all()
    counts = generation_counts(session, [u.id for u in users])
    return [user_view(u, counts.get(u.id, 0)) for u in users], int(total)


def get_user(session: Session, user_id: uuid.UUID | str) -> User:
    """The user ``user_id``; NotFound otherwise (also for a malformed id)."""
    return get_or_404(session, User, user_id, "user")


def user_detail(session: Session, user: User) -> dict[str, Any]:
    """UserAdmin view of one user."""
    return user_view(user, generation_counts(session, [user.id]).get(user.id, 0))


def update_user(session: Session, admin: User, user: User, changes: dict[str, Any], *, request=None) -> User:
    """Apply ``changes`` (keys of :data:`EDITABLE`; None values are ignored) and audit
    ``user.update`` (the caller commits). Raises InvalidInput for an unknown plan or field, Conflict when
    ``admin`` would remove their own admin flag or disable themselves."""
    from routix.credits.plans import PLAN_NAMES

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


def delete_user_as_admin(session: Session, services, admin: User, user: User, *, request=None) -> None:
    """Delete ``user`` with their rows and files (:func:`routix.accounts.data.delete_user`),
    audited as ``user.delete`` by ``admin``. Conflict when an admin deletes themselves (use the
    self-service account deletion instead)."""
    from routix.accounts.data import delete_user

    if user.id == admin.id:
        raise Conflict("you cannot delete your own account from the admin panel", code="self_lockout")
    delete_user(session, services, user, actor=admin, request=request)


__all__ = ["EDITABLE", "UserFilter", "delete_user_as_admin", "generation_counts", "get_user", "list_users",
           "update_user", "user_detail", "user_view"]
