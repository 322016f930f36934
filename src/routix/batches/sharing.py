"""Read-only sharing of a batch and comments on its rows.

Kept inside ``batches`` with two small tables (``batch_shares``, ``batch_comments``) so it can
be folded into the one sharing domain later. Rules:

* only the owner shares; the answer is the same whether or not an account has that e-mail
  (it never reveals who is a user); sharing with yourself or twice changes nothing;
* a user a batch is shared with can read it (status, rows, exports) and comment; nothing else;
* every share and comment writes an audit row (``batch.share``, ``batch.comment``) in the same
  transaction.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from routix.audit import service as audit
from routix.batches import repository
from routix.store.models import User
from routix.store.models_batches import Batch, BatchComment


def share(session: Session, owner: User, batch: Batch, email: str, request: Request | None = None) -> None:
    """Share ``batch`` read-only with the account of ``email`` (if there is one)."""
    target = repository.user_by_email(session, email)
    added = target is not None and target.id != owner.id and repository.add_share(session, batch.id, target.id)
    audit.record(session, owner, "batch.share", "batch", batch.id, after={"email": email.strip().lower()},
                 request=request, note="shared" if added else "no change")


def comment(session: Session, user: User, batch: Batch, row_id: uuid.UUID | str, body: str,
            request: Request | None = None) -> dict[str, Any]:
    """Add ``user``'s comment to row ``row_id`` (NotFound for a row of another batch)."""
    row = repository.get_batch_row(session, batch.id, row_id)
    entry = BatchComment(batch_id=batch.id, row_id=row.id, user_id=user.id, body=body)
    repository.add(session, entry)
    audit.record(session, user, "batch.comment", "batch", batch.id,
                 after={"row": row.position, "comment": str(entry.id)}, request=request)
    return comment_view(entry, user.email)


def comments(session: Session, batch: Batch) -> list[dict[str, Any]]:
    """The batch's comments, oldest first."""
    return [comment_view(c, email) for c, email in repository.comments(session, batch.id)]


def comment_view(entry: BatchComment, author: str) -> dict[str, Any]:
    return {"id": entry.id, "row_id": entry.row_id, "author": author, "body": entry.body,
            "created_at": entry.created_at}


def shared_with(session: Session, user: User) -> list[Batch]:
    """Batches other users shared with ``user``."""
    return repository.list_shared(session, user.id)


__all__ = ["comment", "comments", "share", "shared_with"]
