"""Every query of the batches domain. Runs in the caller's session; never commits.

Bulk moves of a batch's rows and their jobs (start, pause, resume, cancel) are single UPDATE
statements over the ``batch_rows`` (batch_id, status) index and the jobs' (kind, subject_id)
index, so a 1,000-row batch changes state in a few statements.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import GenerationRequest, Job, User, utcnow
from routix.store.models_batches import Batch, BatchComment, BatchRow, BatchShare, BatchTemplate

#: A user's batches, newest first.
BATCHES = Keyset("batches", SortKey(Batch.created_at, descending=True), SortKey(Batch.id, descending=True))
#: A batch's rows in sheet order.
ROWS = Keyset("batch_rows", SortKey(BatchRow.position), SortKey(BatchRow.id))
#: The job kind of a row (``routix.batches.jobs``).
ROW_KIND = "batch_row"


def _uuid(value: uuid.UUID | str, label: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(f"{label} not found") from None


def get_batch(session: Session, batch_id: uuid.UUID, *, lock: bool = False) -> Batch | None:
    """The batch or None (``lock``: SELECT ... FOR UPDATE on PostgreSQL, fresh values)."""
    if lock:
        return session.scalars(select(Batch).where(Batch.id == batch_id).with_for_update()
                               .execution_options(populate_existing=True)).first()
    return session.get(Batch, batch_id)


def get_visible_batch(session: Session, user_id: uuid.UUID, batch_id: uuid.UUID | str) -> tuple[Batch, bool]:
    """``(batch, owner)`` for a batch ``user_id`` owns (owner True) or that is shared with it
    (False); NotFound for every other id."""
    bid = _uuid(batch_id, "batch")
    row = session.get(Batch, bid)
    if row is None:
        raise NotFound("batch not found")
    if row.user_id == user_id:
        return row, True
    shared = session.scalar(select(BatchShare.id).where(BatchShare.batch_id == bid, BatchShare.user_id == user_id))
    if shared is None:
        raise NotFound("batch not found")
    return row, False


def list_batches(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[Batch]:
    """One page of ``user_id``'s batches (newest first)."""
    return paginate(session, select(Batch).where(Batch.user_id == user_id), BATCHES, page)


def add(session: Session, *rows: Any) -> None:
    """Add rows and flush them."""
    session.add_all(rows)
    session.flush()


def get_row(session: Session, row_id: uuid.UUID, *, lock: bool = False) -> BatchRow | None:
    query = select(BatchRow).where(BatchRow.id == row_id).execution_options(populate_existing=True)
    return session.scalars(query.with_for_update() if lock else query).first()


def get_batch_row(session: Session, batch_id: uuid.UUID, row_id: uuid.UUID | str) -> BatchRow:
    """Row ``row_id`` of batch ``batch_id``; NotFound otherwise."""
    row = session.get(BatchRow, _uuid(row_id, "row"))
    if row is None or row.batch_id != batch_id:
        raise NotFound("row not found")
    return row


def list_rows(session: Session, batch_id: uuid.UUID, page: PageRequest, status: str | None = None) -> Page[BatchRow]:
    """One page of a batch's rows in sheet order (optionally of one status)."""
    query = select(BatchRow).where(BatchRow.batch_id == batch_id)
    if status is not None:
        query = query.where(BatchRow.status == status)
    return paginate(session, query, ROWS, page)


def all_rows(session: Session, batch_id: uuid.UUID) -> list[BatchRow]:
    """Every row of the batch in sheet order."""
    return list(session.scalars(select(BatchRow).where(BatchRow.batch_id == batch_id).order_by(BatchRow.position)))


def counts(session: Session, batch_id: uuid.UUID) -> dict[str, int]:
    """``{status: rows}`` of the batch (one GROUP BY over the (batch_id, status) index)."""
    found = session.execute(select(BatchRow.status, func.count()).where(BatchRow.batch_id == batch_id)
                            .group_by(BatchRow.status)).all()
    return {status: int(n) for status, n in found}


def credits_spent(session: Session, batch_id: uuid.UUID) -> int:
    """Credits the batch's rows reserved or were charged (``batch_rows.credits``)."""
    return int(session.scalar(select(func.coalesce(func.sum(BatchRow.credits), 0))
                              .where(BatchRow.batch_id == batch_id)) or 0)


def row_seconds(session: Session, batch_id: uuid.UUID) -> float | None:
    """Mean seconds from start to end of the batch's completed rows (None before the first)."""
    rows = session.execute(select(BatchRow.started_at, BatchRow.finished_at).where(
        BatchRow.batch_id == batch_id, BatchRow.status == "completed", BatchRow.started_at.is_not(None))
        .limit(200)).all()
    spans = [(end - start).total_seconds() for start, end in rows if end is not None and start is not None]
    return sum(spans) / len(spans) if spans else None


def set_rows(session: Session, batch_id: uuid.UUID, statuses: tuple[str, ...], **values: Any) -> list[uuid.UUID]:
    """Set ``values`` on the batch's rows in ``statuses``; returns their ids."""
    ids = list(session.scalars(select(BatchRow.id).where(BatchRow.batch_id == batch_id,
                                                         BatchRow.status.in_(statuses))))
    if ids:
        session.execute(update(BatchRow).where(BatchRow.batch_id == batch_id, BatchRow.status.in_(statuses))
                        .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    return ids


def _row_jobs(session: Session, batch_id: uuid.UUID, row_statuses: tuple[str, ...] | None = None) -> Any:
    """Jobs of the batch's rows (of ``row_statuses`` when given). ``subject_id`` is the row id
    as text, so the ids are read first: the column types differ per database."""
    query = select(BatchRow.id).where(BatchRow.batch_id == batch_id)
    if row_statuses is not None:
        query = query.where(BatchRow.status.in_(row_statuses))
    ids = [str(i) for i in session.scalars(query)]
    return and_(Job.kind == ROW_KIND, Job.subject_id.in_(ids))


def set_jobs(session: Session, batch_id: uuid.UUID, statuses: tuple[str, ...], *,
             row_statuses: tuple[str, ...] | None = None, **values: Any) -> int:
    """Set ``values`` on the row jobs of the batch in ``statuses`` (of rows in ``row_statuses``
    when given); returns how many."""
    result = session.execute(update(Job).where(_row_jobs(session, batch_id, row_statuses), Job.status.in_(statuses))
                             .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def job_ids(session: Session, batch_id: uuid.UUID, statuses: tuple[str, ...]) -> list[uuid.UUID]:
    """Ids of the batch's row jobs in ``statuses``."""
    return list(session.scalars(select(Job.id).where(_row_jobs(session, batch_id), Job.status.in_(statuses))))


def unfinished_rows(session: Session, batch_id: uuid.UUID) -> int:
    """Rows still queued or running."""
    return int(session.scalar(select(func.count()).where(BatchRow.batch_id == batch_id,
                                                         BatchRow.status.in_(("queued", "running")))) or 0)


def generations(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, GenerationRequest]:
    """The generations ``ids`` by id."""
    if not ids:
        return {}
    return {g.id: g for g in session.scalars(select(GenerationRequest).where(GenerationRequest.id.in_(ids)))}


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def add_share(session: Session, batch_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Share the batch with ``user_id``; False when it already was."""
    exists = session.scalar(select(BatchShare.id).where(BatchShare.batch_id == batch_id,
                                                        BatchShare.user_id == user_id))
    if exists is not None:
        return False
    add(session, BatchShare(batch_id=batch_id, user_id=user_id))
    return True


def list_shared(session: Session, user_id: uuid.UUID) -> list[Batch]:
    """Batches shared with ``user_id`` (newest first, at most 100)."""
    return list(session.scalars(select(Batch).join(BatchShare, BatchShare.batch_id == Batch.id)
                                .where(BatchShare.user_id == user_id).order_by(Batch.created_at.desc()).limit(100)))


def comments(session: Session, batch_id: uuid.UUID) -> list[tuple[BatchComment, str]]:
    """``(comment, author e-mail)`` of the batch, oldest first (at most 1,000)."""
    return [(c, email) for c, email in session.execute(
        select(BatchComment, User.email).join(User, User.id == BatchComment.user_id)
        .where(BatchComment.batch_id == batch_id).order_by(BatchComment.created_at, BatchComment.id).limit(1000))]


def get_template(session: Session, user_id: uuid.UUID, template_id: uuid.UUID | str) -> BatchTemplate:
    """``user_id``'s batch template; NotFound otherwise."""
    row = session.get(BatchTemplate, _uuid(template_id, "batch template"))
    if row is None or row.user_id != user_id:
        raise NotFound("batch template not found")
    return row


def template_named(session: Session, user_id: uuid.UUID, name: str) -> BatchTemplate | None:
    return session.scalars(select(BatchTemplate).where(BatchTemplate.user_id == user_id,
                                                       BatchTemplate.name == name)).first()


def list_templates(session: Session, user_id: uuid.UUID) -> list[BatchTemplate]:
    return list(session.scalars(select(BatchTemplate).where(BatchTemplate.user_id == user_id)
                                .order_by(BatchTemplate.name).limit(200)))


def delete(session: Session, row: Any) -> None:
    session.delete(row)

