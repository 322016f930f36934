"""Helpers for the credits tests: ledger invariants read straight from the database."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import func, select

from routix.store.models import CreditTransaction, GenerationRequest, User


def ledger_rows(services, user_id) -> list[CreditTransaction]:
    """The user's ledger entries, oldest first."""
    with services.db.session() as session:
        return list(session.scalars(
            select(CreditTransaction).where(CreditTransaction.user_id == uuid.UUID(str(user_id)))
            .order_by(CreditTransaction.created_at, CreditTransaction.id)
        ))


def balance(services, user_id) -> int:
    with services.db.session() as session:
        return int(session.scalar(select(User.credits).where(User.id == uuid.UUID(str(user_id)))))


def assert_ledger_invariants(services, user_id) -> int:
    """users.credits == sum(amount) >= 0; per generation at most one reserve and one settle
    (commit or release, never both); every final generation with a reserve is settled exactly
    once and a non-final one not at all. Returns the balance."""
    uid = uuid.UUID(str(user_id))
    with services.db.session() as session:
        credits = int(session.scalar(select(User.credits).where(User.id == uid)))
        total = int(session.scalar(
            select(func.coalesce(func.sum(CreditTransaction.amount), 0)).where(CreditTransaction.user_id == uid)
        ))
        entries = session.execute(
            select(CreditTransaction.generation_request_id, CreditTransaction.transaction_type)
            .where(CreditTransaction.user_id == uid, CreditTransaction.generation_request_id.is_not(None))
        ).all()
        statuses = dict(session.execute(
            select(GenerationRequest.id, GenerationRequest.status).where(GenerationRequest.user_id == uid)
        ).all())
    assert credits == total, f"users.credits {credits} != sum of the ledger {total}"
    assert credits >= 0
    kinds = Counter((gen, kind) for gen, kind in entries)
    for gen, status in statuses.items():
        reserves = kinds[(gen, "reserve")]
        settles = kinds[(gen, "commit")] + kinds[(gen, "release")]
        assert reserves <= 1 and settles <= 1, (gen, reserves, settles)
        if reserves:
            assert settles == (1 if status in ("completed", "failed") else 0), (gen, status, settles)
            if status == "completed":
                assert kinds[(gen, "release")] == 0
            if status == "failed":
                assert kinds[(gen, "commit")] == 0
        else:
            assert settles == 0
    return credits
