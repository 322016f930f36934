"""JSON views of the ledger for the API (``GET /api/v1/credits``, admin adjustments)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from routix.credits import service as ledger
from routix.credits.plans import plan_for
from routix.kit.pagination import PageRequest
from routix.store.models import CreditTransaction, User


def transaction_view(row: CreditTransaction) -> dict[str, Any]:
    """``{id, type, amount, balance_after, description, generation_id, created_at}`` (credits;
    ISO 8601 UTC time; ``generation_id`` null for grants)."""
    return {
        "id": str(row.id), "type": row.transaction_type, "amount": int(row.amount),
        "balance_after": int(row.balance_after), "description": row.description or "",
        "generation_id": str(row.generation_request_id) if row.generation_request_id else None,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def credits_view(session: Session, user: User, page: PageRequest | None = None) -> dict[str, Any]:
    """The caller's balance, plan and ledger page (newest first, with its paging fields). Grants
    this month's plan credits first when they are due (the caller commits)."""
    ledger.ensure_monthly_grant(session, user)
    found = ledger.transactions(session, user.id, page)
    plan = plan_for(user.subscription_tier)
    return {
        "balance": ledger.balance_of(session, user.id), "plan": plan.name, "monthly_credits": plan.monthly_credits,
        "transactions": [transaction_view(r) for r in found.items], **found.fields(),
    }


__all__ = ["credits_view", "transaction_view"]
