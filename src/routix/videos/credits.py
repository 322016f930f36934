"""What a video costs and how its credits move: reserved when it is accepted, settled once.

Rule: ``ceil(duration) x settings.video_credits_per_second`` credits (every started second
counts; default 1 credit a second, so a 2 s clip costs 2). The ledger rows are the credits
ledger's own (``routix.credits.repository``), with video dedupe keys:

- accepted -> ``reserve`` of ``-cost`` (``reserve:video:<id>``); the balance UPDATE is conditional,
  so too few credits raise :class:`InsufficientCredits` (402) and write nothing;
- completed -> ``commit`` of 0 (the reservation is the charge), failed or deleted before it
  finished -> ``release`` of ``+cost``; both share ``settle:video:<id>``, so a video is charged
  or refunded once, whatever retries, crashes and races do.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.credits import repository
from routix.errors import RoutixError
from routix.store.models import Video, utcnow


class InsufficientCredits(RoutixError):
    """The balance does not cover a video: 402 problem ``insufficient_credits``."""

    code = "insufficient_credits"
    status = 402

    def __init__(self, balance: int, cost: int, duration: float) -> None:
        super().__init__(f"This {duration:g} s video costs {cost} credit{'s' if cost != 1 else ''} and your balance "
                         f"is {balance}. Make it shorter, or wait for your plan's monthly credits.")
        self.balance, self.cost = balance, cost


def video_cost(duration: float, per_second: int) -> int:
    """Credits for a clip of ``duration`` seconds at ``per_second`` credits a started second."""
    return max(0, math.ceil(duration - 1e-9)) * max(0, per_second)


def reserve_key(video_id: uuid.UUID | str) -> str:
    return f"reserve:video:{video_id}"


def settle_key(video_id: uuid.UUID | str) -> str:
    return f"settle:video:{video_id}"


def reserve(session: Session, row: Video) -> None:
    """Take ``row.credits`` for the (flushed) video ``row``; nothing for a free one. Raises
    InsufficientCredits (nothing written) when the balance is lower."""
    if row.credits <= 0:
        return
    _post(session, row.user_id, "reserve", -row.credits, reserve_key(row.id),
          f"Reserved {row.credits} for a {row.duration:g} s video", need_funds=True, duration=row.duration)


def settle(session: Session, row: Video, *, refund: bool) -> None:
    """Charge (``refund`` False: the reservation stands, a ``commit`` of 0) or refund (a
    ``release``) the credits reserved for ``row``; once per video (``settle:video:<id>``); a
    video without a reservation settles nothing."""
    reserved_row = repository.get_entry_by_key(session, reserve_key(row.id))
    if reserved_row is None:
        return
    reserved = -int(reserved_row.amount)
    if refund:
        _post(session, row.user_id, "release", reserved, settle_key(row.id),
              f"Refunded {reserved}: the video was not made")
    else:
        _post(session, row.user_id, "commit", 0, settle_key(row.id),
              f"Charged {reserved} for a {row.duration:g} s video")


def _post(session: Session, user_id: uuid.UUID, kind: str, amount: int, key: str, description: str, *,
          need_funds: bool = False, duration: float = 0.0) -> None:
    """Move the balance by ``amount`` and write the keyed ledger row, once (see the credits
    ledger's own ``_post``: a concurrent writer of the same key wins and our move is undone)."""
    if repository.key_exists(session, key):
        return
    balance = repository.add_to_balance(session, user_id, amount, need_funds=need_funds)
    if balance is None:
        raise InsufficientCredits(repository.get_balance(session, user_id) or 0, -amount, duration)
    values: dict[str, Any] = {
        "id": uuid.uuid4(), "user_id": user_id, "generation_request_id": None, "transaction_type": kind,
        "amount": amount, "balance_after": balance, "description": description[:255], "dedupe_key": key,
        "actor_id": None, "created_at": utcnow(),
    }
    if not repository.insert_entry_once(session, values):
        repository.add_to_balance(session, user_id, -amount)


__all__ = ["InsufficientCredits", "reserve", "reserve_key", "settle", "settle_key", "video_cost"]
