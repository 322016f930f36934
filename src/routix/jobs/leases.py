"""Job leases on the ``jobs`` row: claim, renew, fenced writes, finish, release.

A worker may run a job only while it holds the row's lease (``status = running``,
``lease_owner`` = its worker id, the attempt it claimed, ``lease_expires_at`` in the future).
Every write is *fenced*: a conditional UPDATE ``WHERE id = :job AND lease_owner = :me AND
attempt = :attempt AND status = 'running'``. A worker whose lease expired (it hung, or was
presumed dead and the job went to another worker) therefore changes nothing: its UPDATE matches
no row and it gets ``LeaseLost``. A domain write is fenced the same way: :func:`fence` runs the
conditional UPDATE first in the caller's transaction, which also locks the job row until commit.

* ``claim`` - one conditional UPDATE (pending and due, or running with an expired lease; under
  the kind's per-user limit) that sets the owner, the expiry and ``attempt = attempt + 1``;
  exactly one of N racing workers wins on SQLite and PostgreSQL alike. A job over its user's
  limit is not claimed: its ``not_before`` moves :data:`THROTTLE_SECONDS` ahead.
* ``claim_next`` - the best runnable job: priority high first, then oldest.
* ``Heartbeat`` - a thread renewing the lease every ``lease_seconds / 3`` s; it sets
  ``lease.lost`` when a renewal matches no row and ``lease.control`` when a pause or cancel was
  asked of the job. ``Lease.check()`` raises ``LeaseLost`` / ``Interrupted`` accordingly.

Times come from the worker's clock (UTC); workers on several machines need synchronised clocks
(NTP), with ``lease_seconds`` well above any skew.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from routix.jobs.registry import UnknownJobKind, get_kind
from routix.store.db import Database
from routix.store.models import Job, utcnow

log = logging.getLogger("routix.jobs")

#: Seconds a job over its user's concurrency limit waits before it is tried again.
THROTTLE_SECONDS = 2.0
#: Candidates ``claim_next`` tries per call (the rest wait for the next call).
CANDIDATES = 10


class LeaseLost(Exception):
    """The worker no longer holds the job's lease: another worker owns it or it is final.
    Deliberately not a RoutixError - the job did not fail, this worker just stops."""


class Interrupted(Exception):
    """A pause (``action == "pause"``) or cancel (``"cancel"``) was asked of the running job."""

    def __init__(self, action: str) -> None:
        super().__init__(f"job {action} requested")
        self.action = action


@dataclass
class Lease:
    """A held lease: job id, owner (worker id), the attempt it started, its length (seconds),
    ``lost`` (set when a renewal or fenced write failed) and ``control`` (a requested pause or
    cancel, seen by the last renewal)."""

    job_id: uuid.UUID
    owner: str
    attempt: int
    seconds: float
    lost: threading.Event = field(default_factory=threading.Event)
    control: str | None = None

    def check(self) -> None:
        """Raise LeaseLost if the lease is gone, Interrupted if a pause/cancel was asked."""
        if self.lost.is_set():
            raise LeaseLost(f"lease on job {self.job_id} lost")
        if self.control:
            raise Interrupted(self.control)


def due(now: datetime) -> ColumnElement[bool]:
    """Jobs whose ``not_before`` has passed (or is unset)."""
    return or_(Job.not_before.is_(None), Job.not_before <= now)


def runnable(now: datetime) -> ColumnElement[bool]:
    """Jobs a worker may claim now: pending and due, or running with an expired lease."""
    return or_(and_(Job.status == "pending", due(now)),
               and_(Job.status == "running", Job.lease_expires_at.is_not(None), Job.lease_expires_at < now))


def _fence(lease: Lease) -> ColumnElement[bool]:
    return and_(Job.id == lease.job_id, Job.lease_owner == lease.owner, Job.attempt == lease.attempt,
                Job.status == "running")


def _update(session: Session, where: ColumnElement[bool], values: dict[str, Any]) -> int:
    result = session.execute(update(Job).where(where).values(**values).execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _lock_user(session: Session, kind: str, user_id: uuid.UUID) -> None:
    """On PostgreSQL, serialise claims of one user's jobs of one kind (a transaction-scoped
    advisory lock), so two claims cannot both pass the limit; SQLite serialises writers anyway."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"routix-job:{kind}:{user_id}".encode(), digest_size=8).digest()
    session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))


def claim(db: Database, job_id: uuid.UUID | str, owner: str, lease_seconds: float) -> Lease | None:
    """Take the lease on job ``job_id`` for ``lease_seconds`` s and increment its ``attempt``.

    None when the job is unknown, of a kind this process does not know, final, paused, not yet
    due, leased by someone else whose lease has not expired, or over its user's limit (then its
    ``not_before`` moves THROTTLE_SECONDS ahead)."""
    try:
        job_id = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except ValueError:
        return None
    now = utcnow()
    with db.session() as session:
        found = session.execute(select(Job.kind, Job.user_id).where(Job.id == job_id)).first()
        if found is None:
            return None
        kind_name, user_id = found
        try:
            limit = get_kind(kind_name).per_user_limit if user_id is not None else None
        except UnknownJobKind:
            return None
        where = and_(Job.id == job_id, runnable(now))
        if limit is not None and user_id is not None:
            _lock_user(session, kind_name, user_id)
            busy = Job.__table__.alias("busy")
            running = (select(func.count()).select_from(busy).where(
                busy.c.user_id == user_id, busy.c.kind == kind_name, busy.c.status == "running",
                busy.c.lease_expires_at > now, busy.c.id != job_id,
            ).scalar_subquery())
            where = and_(where, or_(Job.status == "running", running < limit))
        won = _update(session, where, {
            "status": "running", "lease_owner": owner, "lease_expires_at": now + timedelta(seconds=lease_seconds),
            "attempt": Job.attempt + 1, "started_at": func.coalesce(Job.started_at, now), "updated_at": now,
        })
        if won != 1:
            if limit is not None:  # still waiting and due: it is the limit that refused it
                _update(session, and_(Job.id == job_id, Job.status == "pending", due(now)),
                        {"not_before": now + timedelta(seconds=THROTTLE_SECONDS), "updated_at": now})
            return None
        attempt, control = session.execute(select(Job.attempt, Job.control).where(Job.id == job_id)).one()
    return Lease(job_id, owner, int(attempt), lease_seconds, control=control)


def claim_next(db: Database, owner: str, lease_seconds: float, *, kinds: list[str],
               above: int | None = None) -> Lease | None:
    """Claim the best runnable job of ``kinds`` (priority high first, then oldest; only
    priorities above ``above`` when given); None when there is none."""
    if not kinds:
        return None
    query = (select(Job.id).where(Job.kind.in_(kinds), runnable(utcnow()))
             .order_by(Job.priority.desc(), Job.created_at, Job.id).limit(CANDIDATES))
    if above is not None:
        query = query.where(Job.priority > above)
    with db.session() as session:
        candidates = session.scalars(query).all()
    for job_id in candidates:
        lease = claim(db, job_id, owner, lease_seconds)
        if lease is not None:
            return lease
    return None


def renew(db: Database, lease: Lease) -> bool:
    """Push the lease's expiry ``lease.seconds`` ahead and read any requested pause/cancel into
    ``lease.control``; False when the lease is no longer ours."""
    with db.session() as session:
        if _update(session, _fence(lease), {"lease_expires_at": utcnow() + timedelta(seconds=lease.seconds)}) != 1:
            return False
        lease.control = session.scalar(select(Job.control).where(Job.id == lease.job_id))
        return True


def fence(session: Session, lease: Lease, *, interruptible: bool = True) -> None:
    """Renew the lease inside ``session`` (locking the job row until the caller commits), so the
    caller's domain writes in the same transaction happen only while the lease is ours.

    Raises LeaseLost (and sets ``lease.lost``) when it is not; Interrupted when
    ``interruptible`` and a pause/cancel was asked."""
    if _update(session, _fence(lease), {"lease_expires_at": utcnow() + timedelta(seconds=lease.seconds)}) != 1:
        lease.lost.set()
        raise LeaseLost(f"lease on job {lease.job_id} lost")
    if interruptible:
        control = session.scalar(select(Job.control).where(Job.id == lease.job_id))
        if control:
            lease.control = control
            raise Interrupted(control)


def finish(session: Session, lease: Lease, status: str, *, code: str | None = None,
           message: str | None = None) -> bool:
    """Mark the job ``status`` (completed, failed or cancelled) inside ``session`` (the caller
    commits); False when the lease is gone (then nothing is written)."""
    now = utcnow()
    return _update(session, _fence(lease), {
        "status": status, "finished_at": now, "lease_expires_at": None, "control": None,
        "error_code": code[:100] if code else None, "error_message": message, "updated_at": now,
    }) == 1


def release(session: Session, lease: Lease, *, status: str = "pending", not_before: datetime | None = None,
            error: str | None = None, refund_attempt: bool = False) -> bool:
    """Give the job back (``pending`` for a retry, due at ``not_before``; or ``paused``) inside
    ``session``. ``refund_attempt``: the claim does not count as an attempt. False when not ours."""
    values: dict[str, Any] = {
        "status": status, "lease_owner": None, "lease_expires_at": None, "not_before": not_before,
        "control": None, "updated_at": utcnow(),
    }
    if error is not None:
        values["error_message"] = error
    if refund_attempt:
        values["attempt"] = Job.attempt - 1
    return _update(session, _fence(lease), values) == 1


def advance(session: Session, lease: Lease, phase: str, priority_drop: int) -> bool:
    """Record that the job reached ``phase`` (its priority lowered by ``priority_drop``)
    inside ``session``; False when the lease is gone."""
    return _update(session, _fence(lease), {"phase": phase, "priority": Job.priority - priority_drop,
                                             "updated_at": utcnow()}) == 1


def yield_phase(session: Session, lease: Lease, phase: str, priority_drop: int) -> bool:
    """Hand the job back between phases inside ``session``: ``phase`` recorded, priority lowered
    by ``priority_drop``, ``pending`` and due now, the claim refunded (a pause or cancel asked
    meanwhile stays asked). False when the lease is gone."""
    return _update(session, _fence(lease), {
        "phase": phase, "priority": Job.priority - priority_drop, "status": "pending", "lease_owner": None,
        "lease_expires_at": None, "not_before": None, "attempt": Job.attempt - 1, "updated_at": utcnow(),
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
            except Exception:
                log.warning("%s failed", self.what, exc_info=True)

    def __enter__(self) -> Beat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.join_timeout)


class Heartbeat(Beat):
    """Context manager: a daemon thread renewing ``lease`` every ``lease.seconds / 3`` s.

    A renewal that matches no row sets ``lease.lost`` and stops the thread; a database error is
    logged and retried on the next beat (the lease survives ~2 missed beats).
    """

    def __init__(self, db: Database, lease: Lease) -> None:
        self.db, self.lease = db, lease
        super().__init__(self._renew, lease.seconds / 3, name=f"heartbeat-{lease.job_id}",
                         what=f"lease renewal for job {lease.job_id}", join_timeout=lease.seconds)

    def _renew(self) -> bool:
        if renew(self.db, self.lease):
            return True
        self.lease.lost.set()
        return False


__all__ = ["CANDIDATES", "THROTTLE_SECONDS", "Beat", "Heartbeat", "Interrupted", "Lease", "LeaseLost", "advance",
           "claim", "claim_next", "due", "fence", "finish", "release", "renew", "runnable"]
