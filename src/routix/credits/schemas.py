"""Request and response models of ``GET /api/v1/credits`` and the administrators' adjustments."""

from __future__ import annotations

from pydantic import Field, StrictInt

from routix.api.schemas import RequestModel, ResponseModel
from routix.credits.service import MAX_ADMIN_AMOUNT
from routix.kit.pagination import PageOut


class CreditAdjustment(RequestModel):
    """An admin grant (``amount`` > 0) or deduction (< 0), whole credits, with a reason."""

    amount: StrictInt = Field(ge=-MAX_ADMIN_AMOUNT, le=MAX_ADMIN_AMOUNT, description="credits; non-zero")
    reason: str = Field(min_length=1, max_length=255)


class TransactionOut(ResponseModel):
    """One ledger entry; ``amount`` and ``balance_after`` in credits."""

    id: str
    type: str = Field(description="signup_bonus, plan_grant, reserve, commit, release, admin_grant, admin_deduct")
    amount: int
    balance_after: int
    description: str
    generation_id: str | None = Field(description="the generation charged; null for grants")
    created_at: str | None = Field(description="ISO 8601, UTC")


class CreditsOut(PageOut):
    """Your spendable credits, your plan and a page of your ledger, newest first (the paging
    fields are the ledger's)."""

    balance: int
    plan: str
    monthly_credits: int
    transactions: list[TransactionOut]


class AdjustmentOut(ResponseModel):
    """The user's balance after the adjustment, and its ledger entry."""

    balance: int
    transaction: TransactionOut


__all__ = ["AdjustmentOut", "CreditAdjustment", "CreditsOut", "TransactionOut"]
