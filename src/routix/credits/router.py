"""Credits: ``GET /api/v1/credits`` (your balance, plan and ledger) and the administrators'
``POST /api/v1/admin/users/{id}/credits`` (grant or deduct with a reason; audited)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request
from pydantic import Field, StrictInt

from routix.api.deps import AdminDep, SessionDep, UserDep
from routix.api.schemas import RequestModel
from routix.credits import service as ledger
from routix.credits.views import credits_view, transaction_view

router = APIRouter(tags=["credits"])


class CreditAdjustment(RequestModel):
    """An admin grant (``amount`` > 0) or deduction (< 0), whole credits, with a reason."""

    amount: StrictInt = Field(ge=-ledger.MAX_ADMIN_AMOUNT, le=ledger.MAX_ADMIN_AMOUNT,
                              description="credits; non-zero")
    reason: str = Field(min_length=1, max_length=255)


@router.get("/api/v1/credits")
def my_credits(user: UserDep, session: SessionDep, limit: int = Query(50, ge=1, le=200),
               offset: int = Query(0, ge=0)) -> dict:
    """``{"balance", "plan", "monthly_credits", "transactions": [...], "total", "limit", "offset"}``:
    your spendable credits, your plan and your ledger entries, newest first."""
    view = credits_view(session, user, limit=limit, offset=offset)
    session.commit()  # a monthly grant that was due
    return view


@router.post("/api/v1/admin/users/{user_id}/credits")
def adjust_credits(user_id: uuid.UUID, body: CreditAdjustment, request: Request, admin: AdminDep,
                   session: SessionDep) -> dict:
    """Grant or deduct credits (``admin_grant``/``admin_deduct``), audited as
    ``credits.grant``/``credits.deduct``. 404 unknown user, 409 ``balance_too_low`` when a
    deduction would take the balance below 0, 422 for 0 or a missing reason.
    Answers ``{"balance", "transaction"}``."""
    tx = ledger.admin_adjust(session, admin, user_id, body.amount, body.reason, request=request)
    session.commit()
    return {"balance": int(tx.balance_after), "transaction": transaction_view(tx)}
