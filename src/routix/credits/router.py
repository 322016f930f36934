"""Credits: ``GET /api/v1/credits`` (your balance, plan and ledger) and the administrators'
``POST /api/v1/admin/users/{id}/credits`` (grant or deduct with a reason; audited)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from routix.api.deps import AdminDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.credits import service as ledger
from routix.credits.repository import LEDGER
from routix.credits.schemas import AdjustmentOut, CreditAdjustment, CreditsOut
from routix.credits.views import credits_view, transaction_view
from routix.kit.pagination import PageRequest, pagination

router = APIRouter(tags=["credits"])


@router.get("/api/v1/credits", response_model=CreditsOut)
def my_credits(user: UserDep, session: SessionDep,
               page: Annotated[PageRequest, Depends(pagination(LEDGER))]) -> dict[str, Any]:
    """Your spendable credits, your plan and your ledger entries, newest first (a monthly plan
    grant that is due is added first); ``next_cursor`` pages on through the ledger."""
    return credits_view(session, user, page)


@router.post("/api/v1/admin/users/{user_id}/credits", response_model=AdjustmentOut,
             responses=responses({409: "a deduction would take the balance below 0 (`balance_too_low`)"}))
def adjust_credits(user_id: uuid.UUID, body: CreditAdjustment, request: Request, admin: AdminDep,
                   session: SessionDep) -> dict[str, Any]:
    """Grant or deduct credits (``admin_grant``/``admin_deduct``), audited as
    ``credits.grant``/``credits.deduct``. 404 unknown user, 409 ``balance_too_low`` when a
    deduction would take the balance below 0, 422 for 0 or a missing reason."""
    tx = ledger.admin_adjust(session, admin, user_id, body.amount, body.reason, request=request)
    return {"balance": int(tx.balance_after), "transaction": transaction_view(tx)}
