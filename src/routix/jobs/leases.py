"""Job leases on the generation row: claim, renew, fenced writes, release.

A worker may run a job only while it holds the row's lease (``lease_owner`` = its worker id,
``lease_expires_at`` in the future). Every write a worker makes is *fenced*: a conditional
UPDATE ``WHERE id = :job AND lease_owner = :me AND status NOT IN (completed, failed)``. A worker
whose lease expired (it hung, or was presumed dead and the job was handed to another worker)
therefore changes nothing: its UPDATE matches no row and it gets ``LeaseLost``.

* ``claim`` - one conditional UPDATE (status not final AND (no lease OR lease expired)) that
  sets the owner, the expiry and ``attempt = attempt + 1``; exactly one of N racing workers wins
  on SQLite and PostgreSQL alike.
* ``Heartbeat`` - a thread that renews the lease every ``lease_seconds / 3`` s and sets
  ``lease.lost`` when a renewal matches no row.
* ``write_progress`` / ``release`` / ``fail`` / ``complete_values`` - fenced writes.

Times come from the worker's clock (UTC); workers on several machines need synchronised clocks
(NTP), with ``lease_seconds`` well above any skew.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from routix.store.db import Database
from routix.store.models import FINAL_STATUSES, GenerationRequest, utcnow

log = logging.getLogger("routix.jobs")
Row = GenerationRequest


class LeaseLost(Exception):
    """The worker no longer holds the job's lease: another worker owns it or it is final.
    Deliberately not a RoutixError - the job did not fail, this worker just stops."""


@dataclass
class Lease:
    """A held lease: job id, owner (worker id), the attempt number it started, and ``lost``
    (set by the heartbeat when a renewal fails)."""

    job_id: uuid.UUID
    owner: str
    attempt: int
    lost: threading.Event = field(default_factory=threading.Event)

    def check(self) -> None:
        """Raise LeaseLost if the heartbeat found the lease gone."""
        if self.lost.is_set():
            raise LeaseLost(f"lease on job {self.job_id} lost")


def _fence(lease: Lease):
    return and_(Row.id == lease.job_id, Row.lease_owner == lease.owner, Row.status.not_in(FINAL_STATUSES))


def _update(session: Session, where, values: dict[str, Any]) -> int:
    result = session.execute(
        update(Row).where(where).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim(db: Database, job_id: uuid.UUID, owner: str, lease_seconds: float) -> Lease | None:
    """Take the lease on job ``job_id`` for ``lease_seconds`` s, or None when the job is final,
    unknown, or leased by someone else whose lease has not expired. Increments ``attempt``."""
    now = utcnow()
    free = or_(Row.lease_owner.is_(None), Row.lease_expires_at.is_(None), Row.lease_expires_at < now)
    with db.session() as session:
        won = _update(session, and_(Row.id == job_id, Row.status.not_in(FINAL_STATUSES), free), {
            "lease_owner": owner, "lease_expires_at": now + timedelta(seconds=lease_seconds),
            "attempt": Row.attempt + 1, "updated_at": now,
        })
        if won != 1:
            return None
        _update(session, and_(Row.id == job_id, Row.started_at.is_(None)), {"started_at": now})
        attempt = session.scalar(select(Row.attempt).where(Row.id == job_id))
    return Lease(job_id, owner, int(attempt))


def renew(db: Database, lease: Lease, lease_seconds: float) -> bool:
    """Push the lease's expiry ``lease_seconds`` s ahead; False when it is no longer ours."""
    with db.session() as session:
        return _update(session, _fence(lease), {"lease_expires_at": utcnow() + timedelta(seconds=lease_seconds)}) == 1


def write_progress(db: Database, lease: Lease, *, status: str, stage: str, progress: int, message: str) -> bool:
    """Fenced progress write; False when the lease is gone."""
    with db.session() as session:
        return _update(session, _fence(lease), {
            "status": status, "stage": stage, "progress": progress, "message": message[:500], "updated_at": utcnow(),
        }) == 1


def release(db: Database, lease: Lease, *, message: str, error: str | None = None) -> bool:
    """Give the job back for a retry (lease cleared, status kept); False when not ours."""
    with db.session() as session:
        return _update(session, _fence(lease), {
            "lease_owner": None, "lease_expires_at": None, "message": message[:500], "error_message": error,
            "updated_at": utcnow(),
        }) == 1


def fail(session: Session, lease: Lease, *, code: str, message: str) -> bool:
    """Mark the job failed inside ``session`` (the caller commits); False when not ours."""
    now = utcnow()
    return _update(session, _fence(lease), {
        "status": "failed", "stage": "failed", "message": message[:500], "error_code": code[:100],
        "error_message": message, "completed_at": now, "lease_expires_at": None, "updated_at": now,
    }) == 1


def complete(session: Session, lease: Lease, values: dict[str, Any]) -> bool:
    """Mark the job completed with ``values`` (result columns) inside ``session``; False when
    the lease is gone (then nothing is written)."""
    now = utcnow()
    return _update(session, _fence(lease), {
        **values, "status": "completed", "stage": "completed", "progress": 100, "completed_at": now,
        "lease_expires_at": None, "error_code": None, "error_message": None, "updated_at": now,
    }) == 1


class Beat:
    """Context manager: a daemon thread calling ``beat()`` every ``interval`` s while the block
    runs. ``beat()`` returning False stops the thread; an exception is logged (as ``what``) and
    the next beat tries again. On exit the thread is stopped and joined (up to ``join_timeout`` s).
    """

    def __init__(self, beat: Callable[[], bool | None], interval: float, *, name: str, what: str,
                 join_timeout: float = 10.0) -> None:
        self._beat, self.interval, self.what, self.join_timeout = beat, interval, what, join_timeout
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self._beat() is False:
                    return
            except Exception:  # noqa: BLE001 - a DB hiccup must not kill the beat
                log.warning("%s failed", self.what, exc_info=True)

    def __enter__(self) -> "Beat":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.join_timeout)


class Heartbeat(Beat):
    """Context manager: a daemon thread renewing ``lease`` every ``lease_seconds / 3`` s.

    A renewal that matches no row sets ``lease.lost`` and stops the thread; a database error is
    logged and retried on the next beat (the lease survives ~2 missed beats).
    """

    def __init__(self, db: Database, lease: Lease, lease_seconds: float) -> None:
        self.db, self.lease, self.lease_seconds = db, lease, lease_seconds
        super().__init__(self._renew, lease_seconds / 3, name=f"heartbeat-{lease.job_id}",
                         what=f"lease renewal for job {lease.job_id}", join_timeout=lease_seconds)

    def _renew(self) -> bool:
        if renew(self.db, self.lease, self.lease_seconds):
            return True
        self.lease.lost.set()
        return False
