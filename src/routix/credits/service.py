"""The credits ledger: every change of ``users.credits`` is one ``credit_transactions`` row.

``users.credits`` is the spendable balance. Each function here moves it with ONE atomic
``UPDATE users SET credits = credits + :amount ... RETURNING credits`` and writes the matching
ledger row (with ``balance_after``) in the caller's transaction, so the invariant
``users.credits == sum(credit_transactions.amount)`` holds after every commit. Nothing here
commits: the caller's transaction decides. The statements themselves are in
:mod:`routix.credits.repository`.

A generation's life (amounts in credits, ``cost`` = the algorithm's ``credit_cost``):

- accepted -> :func:`reserve` ``-cost`` (``reserve:<gen>``); the UPDATE is conditional
  (``WHERE credits >= cost``), so 50 concurrent requests can never take the balance below 0 on
  SQLite or PostgreSQL: the losers get :class:`InsufficientCredits` (402 ``insufficient_credits``).
- completed -> :func:`settle` ``commit`` of ``reserved - actual`` (0, or the difference when
  v1/Pro fell back to Lightning and Lightning's cost is charged instead);
- failed -> :func:`settle` ``release`` of ``+reserved``.

Commit and release share the dedupe key ``settle:<gen>``: a generation is charged or refunded,
never both, and a second settle (a retried executor, a crash between the fenced update and
the commit) is a no-op. Keyed entries are written with ``INSERT ... ON CONFLICT (dedupe_key) DO
NOTHING``: a concurrent duplicate is silently dropped (and its balance move undone in the same
transaction) instead of raising an error that would break the executor's final transaction.

Plans: :func:`ensure_monthly_grant` adds the plan's monthly credits once per UTC month
(``plan:<user>:<YYYY-MM>``; see :mod:`routix.credits.plans`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, overload

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.audit import service as audit
from routix.credits import repository
from routix.credits.plans import plan_for, plan_key
from routix.errors import Conflict, InvalidInput, NotFound, RoutixError
from routix.kit.pagination import Page, PageRequest
from routix.metrics.recording import record_credit_entry
from routix.store.models import CreditTransaction, GenerationRequest, User, utcnow

#: The algorithm whose cost is charged when a provider-backed generation fell back to it.
LIGHTNING = "lightning"
#: Largest single admin grant or deduction, credits.
MAX_ADMIN_AMOUNT = 1_000_000


class InsufficientCredits(RoutixError):
    """The balance does not cover a generation: 402 problem ``insufficient_credits``.

    ``balance`` and ``cost`` are credits; both are also in the message."""

    code = "insufficient_credits"
    status = 402

    def __init__(self, balance: int, cost: int) -> None:
        super().__init__(
            f"This generation costs {cost} credit{'s' if cost != 1 else ''} and your balance is {balance}. "
            "Pick a cheaper algorithm, or wait for your plan's monthly credits."
        )
        self.balance = balance
        self.cost = cost


def reserve_key(generation_id: uuid.UUID | str) -> str:
    """The dedupe key of a generation's reservation: ``reserve:<generation id>``."""
    return f"reserve:{generation_id}"


def settle_key(generation_id: uuid.UUID | str) -> str:
    """The dedupe key of a generation's settlement (commit or release): ``settle:<generation id>``."""
    return f"settle:{generation_id}"


def balance_of(session: Session, user_id: uuid.UUID) -> int:
    """``users.credits`` as stored now (NotFound for an unknown user)."""
    credits = repository.get_balance(session, user_id)
    if credits is None:
        raise NotFound("user not found")
    return credits


def reserve(session: Session, user_id: uuid.UUID, generation_id: uuid.UUID, cost: int, *,
            description: str = "") -> CreditTransaction | None:
    """Take ``cost`` credits for generation ``generation_id`` (whose row must already be
    flushed). Returns the ``reserve`` entry, or None when ``cost`` is 0 (free algorithms
    reserve nothing). Raises InsufficientCredits (nothing written) when the balance is lower."""
    if cost < 0:
        raise InvalidInput("a credit cost cannot be negative")
    if cost == 0:
        return None
    return _post(session, user_id, "reserve", -cost, need_funds=True, dedupe_key=reserve_key(generation_id),
                 generation_id=generation_id, description=description or f"Reserved {cost} for a generation")


def settle(session: Session, row: GenerationRequest) -> None:
    """Commit (completed) or release (failed) the credits reserved for generation ``row``.

    Called by the job executor inside the final fenced transaction. Idempotent (dedupe key
    ``settle:<gen>``): settling twice, or a completed generation after a failed one, changes
    nothing. A generation without a ``reserve`` entry (created before the ledger, or free)
    settles nothing; one that is not final yet is left alone.
    """
    if row.status not in ("completed", "failed"):
        return
    reserved_row = repository.get_entry_by_key(session, reserve_key(row.id))
    if reserved_row is None:
        return
    reserved = -int(reserved_row.amount)
    if row.status == "failed":
        kind, amount = "release", reserved
        description = f"Refunded {reserved}: the generation failed"
    else:
        actual = actual_cost(session, row, reserved)
        kind, amount = "commit", reserved - actual
        description = f"Charged {actual} for a {row.algorithm} generation"
        if amount:
            description = (f"Charged {actual} (Lightning's cost): {row.algorithm} fell back to Lightning, "
                           f"{amount} refunded")
    _post(session, row.user_id, kind, amount, dedupe_key=settle_key(row.id), generation_id=row.id,
          description=description)


def actual_cost(session: Session, row: GenerationRequest, reserved: int) -> int:
    """Credits a completed generation really costs: ``reserved``, except when a provider-backed
    algorithm fell back to Lightning (``row.usage["algorithm_used"] == "lightning"``): then
    Lightning's ``credit_cost`` (never more than ``reserved``)."""
    used = (row.usage or {}).get("algorithm_used")
    if row.algorithm == LIGHTNING or used != LIGHTNING:
        return reserved
    cost = repository.algorithm_credit_cost(session, LIGHTNING)
    return reserved if cost is None else max(0, min(reserved, cost))


def ensure_monthly_grant(session: Session, user: User, *, now: datetime | None = None) -> CreditTransaction | None:
    """Add ``user``'s plan credits for the UTC month of ``now`` unless that month was granted
    already (or is the month of their signup bonus). Returns the new ``plan_grant`` or None."""
    now = now or utcnow()
    plan = plan_for(user.subscription_tier)
    key = plan_key(user.id, now)
    if plan.monthly_credits <= 0 or repository.key_exists(session, key):
        return None
    return _post(session, user.id, "plan_grant", plan.monthly_credits, dedupe_key=key,
                 description=f"{plan.display_name} plan: {plan.monthly_credits} credits for {key.rsplit(':', 1)[1]}")


def grant_signup(session: Session, user: User, *, now: datetime | None = None) -> CreditTransaction | None:
    """A new account's first credits: its plan's monthly credits as ``signup_bonus``, keyed as
    the signup month's plan grant (so :func:`ensure_monthly_grant` does not add them again).
    ``user`` must be flushed."""
    now = now or utcnow()
    plan = plan_for(user.subscription_tier)
    if plan.monthly_credits <= 0:
        return None
    return _post(session, user.id, "signup_bonus", plan.monthly_credits, dedupe_key=plan_key(user.id, now),
                 description=f"Welcome: {plan.monthly_credits} credits ({plan.display_name} plan)")


def admin_adjust(session: Session, admin: User | None, user_id: uuid.UUID, amount: int, reason: str, *,
                 request: Request | None = None) -> CreditTransaction:
    """An administrator's grant (``amount`` > 0, ``admin_grant``) or deduction (< 0,
    ``admin_deduct``) with a reason, audited as ``credits.grant``/``credits.deduct`` with the
    balance before and after. Raises InvalidInput (0, |amount| > 1,000,000, empty reason),
    NotFound (unknown user) and Conflict ``balance_too_low`` (a deduction below 0)."""
    reason = (reason or "").strip()
    if amount == 0 or abs(amount) > MAX_ADMIN_AMOUNT:
        raise InvalidInput(f"amount must be a non-zero whole number of credits up to {MAX_ADMIN_AMOUNT:,}")
    if not reason or len(reason) > 255:
        raise InvalidInput("reason must be 1-255 characters")
    before = balance_of(session, user_id)
    kind = "admin_grant" if amount > 0 else "admin_deduct"
    try:
        tx = _post(session, user_id, kind, amount, need_funds=amount < 0, actor_id=admin.id if admin else None,
                   description=reason)
    except InsufficientCredits as exc:
        raise Conflict(f"cannot deduct {-amount} credits: the balance is {exc.balance}",
                       code="balance_too_low") from None
    audit.record(session, admin, "credits.grant" if amount > 0 else "credits.deduct", "user", user_id,
                 before={"credits": before}, after={"credits": tx.balance_after}, request=request, note=reason)
    return tx


def transactions(session: Session, user_id: uuid.UUID, page: PageRequest | None = None) -> Page[CreditTransaction]:
    """One page of the user's ledger entries, newest first, with how many there are."""
    return repository.list_entries(session, user_id, page or PageRequest())


# internals ------------------------------------------------------------------------------------

@overload
def _post(session: Session, user_id: uuid.UUID, kind: str, amount: int, *, need_funds: bool = ...,
          dedupe_key: None = ..., generation_id: uuid.UUID | None = ..., description: str = ...,
          actor_id: uuid.UUID | None = ...) -> CreditTransaction: ...


@overload
def _post(session: Session, user_id: uuid.UUID, kind: str, amount: int, *, need_funds: bool = ...,
          dedupe_key: str, generation_id: uuid.UUID | None = ..., description: str = ...,
          actor_id: uuid.UUID | None = ...) -> CreditTransaction | None: ...


def _post(session: Session, user_id: uuid.UUID, kind: str, amount: int, *, need_funds: bool = False,
          dedupe_key: str | None = None, generation_id: uuid.UUID | None = None, description: str = "",
          actor_id: uuid.UUID | None = None) -> CreditTransaction | None:
    """Move the balance by ``amount`` and write the entry, in the caller's transaction.

    ``need_funds``: the move may not take the balance below 0 (InsufficientCredits, nothing
    written). With a ``dedupe_key`` that exists already nothing happens and None is returned;
    an entry without a key is always written.
    """
    if dedupe_key is not None and repository.key_exists(session, dedupe_key):
        return None
    balance = _move(session, user_id, amount, need_funds=need_funds)
    values: dict[str, Any] = {
        "id": uuid.uuid4(), "user_id": user_id, "generation_request_id": generation_id, "transaction_type": kind,
        "amount": amount, "balance_after": balance, "description": description[:255], "dedupe_key": dedupe_key,
        "actor_id": actor_id, "created_at": utcnow(),
    }
    if dedupe_key is None:
        repository.insert_entry(session, values)
    elif not repository.insert_entry_once(session, values):  # a concurrent writer of the same key won: undo our move
        _move(session, user_id, -amount)
        return None
    record_credit_entry(session, kind, amount, generation_id)
    return repository.get_entry(session, values["id"])


def _move(session: Session, user_id: uuid.UUID, amount: int, *, need_funds: bool = False) -> int:
    """Add ``amount`` to the balance with one atomic conditional UPDATE
    (:func:`routix.credits.repository.add_to_balance`) and return the new balance. Raises
    NotFound for an unknown user, InsufficientCredits when ``need_funds`` and the balance is
    lower than ``-amount``."""
    balance = repository.add_to_balance(session, user_id, amount, need_funds=need_funds)
    if balance is None:
        current = balance_of(session, user_id)  # NotFound for an unknown user
        raise InsufficientCredits(current, -amount)
    return balance


__all__ = [
    "InsufficientCredits", "MAX_ADMIN_AMOUNT", "actual_cost", "admin_adjust", "balance_of", "ensure_monthly_grant",
    "grant_signup", "reserve", "reserve_key", "settle", "settle_key", "transactions",
]
