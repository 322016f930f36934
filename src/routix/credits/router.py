"""Credits: ``GET /api/v1/credits`` (your balance, plan and ledger) and the administrators'
``POST /api/v1/admin/users/{id}/credits`` (grant or deduct with a reason; audited)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Query, Request

from routix.api.deps import AdminDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.credits import service as ledger
from routix.credits.schemas import AdjustmentOut, CreditAdjustment, CreditsOut
from routix.credits.views import credits_view, transaction_view

router = APIRouter(tags=["credits"])


@router.get("/api/v1/credits", response_model=CreditsOut)
def my_credits(user: UserDep, session: SessionDep, limit: int = Query(50, ge=1, le=200),
               offset: int = Query(0, ge=0)) -> dict[str, Any]:
    """Your spendable credits, your plan and your ledger entries, newest first (a monthly plan
    grant that is due is added first)."""
    return credits_view(session, user, limit=limit, offset=offset)


@router.post("/api/v1/admin/users/{user_id}/credits", response_model=AdjustmentOut,
             responses=responses({409: "a deduction would take the balance below 0 (`balance_too_low`)"}))
def adjust_credits(user_id: uuid.UUID, body: CreditAdjustment, request: Request, admin: AdminDep,
                   session: SessionDep) -> dict[str, Any]:
    """Grant or deduct credits (``admin_grant``/``admin_deduct``), audited as
    ``credits.grant``/``credits.deduct``. 404 unknown user, 409 ``balance_too_low`` when a
    deduction would take the balance below 0, 422 for 0 or a missing reason."""
    tx = ledger.admin_adjust(session, admin, user_id, body.amount, body.reason, request=request)
    return {"balance": int(tx.balance_after), "transaction": transaction_view(tx)}
