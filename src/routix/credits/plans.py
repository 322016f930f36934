"""Plans (``users.subscription_tier``) and their monthly credit grants.

The product design names a "credit system" with subscriptions but leaves the rollover rule open
("Credit Rollover Rules" was an open question there), so Routix picks the simplest rule:
once per calendar month (UTC) a user's plan ADDS its monthly credits to the balance; unused
credits roll over. The grant is a ``plan_grant`` ledger entry with dedupe key
``plan:<user>:<YYYY-MM>``, so it happens at most once a month whatever retries or concurrent
requests do. A new account's ``signup_bonus`` carries the same key for its first month, so a
new user is never granted twice in the month they signed up.

=========  ===============  ==========================================
plan       credits / month  meant for
=========  ===============  ==========================================
free       50               trying Routix (50 Lightning thumbnails)
creator    500              a channel publishing every week
pro        2000             studios and agencies
=========  ===============  ==========================================

Unknown tiers (rows written before plans existed, or by hand) are treated as ``free``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Plan:
    """One plan: ``name`` (the ``subscription_tier`` value), ``display_name`` and the credits
    added once per calendar month (UTC)."""

    name: str
    display_name: str
    monthly_credits: int


#: The plans, cheapest first.
PLANS: dict[str, Plan] = {
    plan.name: plan
    for plan in (
        Plan("free", "Free", 50),
        Plan("creator", "Creator", 500),
        Plan("pro", "Pro", 2000),
    )
}
DEFAULT_PLAN = "free"
#: Tier names an admin may assign (``PATCH /api/v1/admin/users/{id}``).
PLAN_NAMES = tuple(PLANS)


def plan_for(tier: str | None) -> Plan:
    """The plan for a ``subscription_tier`` value; unknown or empty tiers are ``free``."""
    return PLANS.get(tier or DEFAULT_PLAN, PLANS[DEFAULT_PLAN])


def month_of(now: datetime) -> str:
    """``"YYYY-MM"`` of ``now`` in UTC (naive datetimes are taken as UTC)."""
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return f"{now.year:04d}-{now.month:02d}"


def plan_key(user_id: uuid.UUID | str, now: datetime) -> str:
    """The dedupe key of ``user_id``'s grant for the month of ``now``: ``plan:<user>:<YYYY-MM>``."""
    return f"plan:{user_id}:{month_of(now)}"


__all__ = ["DEFAULT_PLAN", "PLANS", "PLAN_NAMES", "Plan", "month_of", "plan_for", "plan_key"]
