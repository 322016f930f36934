"""The credits ledger under randomized runs (hypothesis) against a real database.

A state machine drives one user through accepts (the real ``submit_generation``), completions
and failures (the job runner's own fenced ``complete``/``end`` with the generation kind's
hooks), crashes inside the final
transaction (rolled back), worker takeovers whose stale worker then tries to finish, repeated
settles, admin grants/deductions, plan changes and new months on a frozen clock. A model
predicts the balance; after every step the database must agree and the invariants hold
(balance == sum of the ledger >= 0, at most one reserve and one settle per generation, every
finished generation settled exactly once, never both charged and refunded).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from api.credits_support import assert_ledger_invariants, balance, ledger_rows
from api.jobs_support import job_id, new_user, set_job, use_null_queue, use_recording_bus
from routix.credits import service as ledger
from routix.credits.plans import PLANS, plan_key
from routix.credits.views import credits_view
from routix.errors import Conflict
from routix.generations.jobs import GENERATION, fail_generation, finish_generation
from routix.generations.params import GenerationParams
from routix.generations.service import submit_generation
from routix.jobs import leases, registry
from routix.jobs.context import Failure
from routix.jobs.enqueue import enqueue
from routix.jobs.leases import LeaseLost
from routix.jobs.runner import complete, context_for, end
from routix.kit.pagination import PageRequest
from routix.store.models import GenerationRequest, User, utcnow

COST = {"lightning": 1, "v1": 3, "pro": 5}  # the seeded credit_cost of each algorithm


class LedgerMachine(RuleBasedStateMachine):
    services = None
    clock: list = []

    def __init__(self) -> None:
        super().__init__()
        self.clock[0] = datetime(2030, 1, 15, 12, tzinfo=UTC)
        self.user = new_user(self.services)  # signup bonus at the frozen clock's month
        self.expected = PLANS["free"].monthly_credits
        self.tier = "free"
        self.granted = {plan_key(self.user.id, self.clock[0])}
        self.gens: dict[str, dict] = {}  # id -> {"algorithm", "lease", "stale", "status"}

    # helpers ------------------------------------------------------------------------------
    def _grant_due(self) -> None:
        key = plan_key(self.user.id, self.clock[0])
        if key not in self.granted:
            self.granted.add(key)
            self.expected += PLANS[self.tier].monthly_credits

    def _pick(self, index: int, status: str) -> str:
        ids = [g for g, s in self.gens.items() if s["status"] == status]  # insertion order: reproducible
        return ids[index % len(ids)]

    def _has(self, status: str) -> bool:
        return any(s["status"] == status for s in self.gens.values())

    def _lease(self, gen: str):
        state = self.gens[gen]
        if state["lease"] is None:
            state["lease"] = leases.claim(self.services.db, job_id(self.services, gen), "worker-a", 300)
            assert state["lease"] is not None
        return state["lease"]

    def _user(self, session) -> User:
        return session.get(User, self.user.id)

    # rules -------------------------------------------------------------------------------
    @rule(algorithm=st.sampled_from(sorted(COST)))
    def accept(self, algorithm):
        self._grant_due()  # accepting grants the month's plan credits first
        with self.services.db.session() as session:
            user = self._user(session)
            try:
                row, created = submit_generation(session, self.services, user,
                                                 GenerationParams(prompt="gaming thumbnail", algorithm=algorithm))
            except ledger.InsufficientCredits as exc:
                assert self.expected < COST[algorithm] and exc.cost == COST[algorithm]
                assert exc.balance == self.expected
                return
        assert created and self.expected >= COST[algorithm]
        self.expected -= COST[algorithm]
        self.gens[str(row.id)] = {"algorithm": algorithm, "lease": None, "stale": None, "status": "pending"}

    @precondition(lambda self: self._has("pending"))
    @rule(index=st.integers(0, 50), fell_back=st.booleans(), retried=st.booleans())
    def complete(self, index, fell_back, retried):
        gen = self._pick(index, "pending")
        state = self.gens[gen]
        if retried:
            self._take_over(gen)
        used = "lightning" if fell_back or state["algorithm"] == "lightning" else "gemini:image-model"
        values = {"usage": {"algorithm_used": used, "fallbacks": [], "calls": []}, "message": "done"}
        assert complete(context_for(self.services, self._lease(gen)), values) == "completed"
        cost = COST[state["algorithm"]]
        charged = min(cost, COST["lightning"]) if used == "lightning" else cost
        self.expected += cost - charged
        state["status"] = "completed"

    @precondition(lambda self: self._has("pending"))
    @rule(index=st.integers(0, 50), retried=st.booleans())
    def fail(self, index, retried):
        gen = self._pick(index, "pending")
        if retried:
            self._take_over(gen)
        assert end(context_for(self.services, self._lease(gen)), Failure("render_failed", "boom")) == "failed"
        self.expected += COST[self.gens[gen]["algorithm"]]
        self.gens[gen]["status"] = "failed"

    @precondition(lambda self: self._has("pending"))
    @rule(index=st.integers(0, 50), completed=st.booleans())
    def crash_inside_the_final_transaction(self, index, completed):
        """The process dies after settle ran but before the final commit: nothing may stick."""
        gen = self._pick(index, "pending")
        lease = self._lease(gen)
        ctx = context_for(self.services, lease)
        with pytest.raises(RuntimeError), self.services.db.session() as session:
            if completed:
                assert leases.finish(session, lease, "completed")
                finish_generation(session, ctx, {"message": "done"})
            else:
                assert leases.finish(session, lease, "failed", code="x", message="x")
                fail_generation(session, ctx, Failure("x", "x"))
            raise RuntimeError("killed before commit")

    @precondition(lambda self: self._has("pending"))
    @rule(index=st.integers(0, 50))
    def another_worker_takes_over(self, index):
        self._take_over(self._pick(index, "pending"))

    def _take_over(self, gen: str) -> None:
        """The lease expires (worker presumed dead); a new worker claims the job (attempt + 1)."""
        old = self._lease(gen)
        set_job(self.services, old.job_id, lease_expires_at=utcnow() - timedelta(seconds=1))
        new = leases.claim(self.services.db, old.job_id, f"worker-{uuid.uuid4().hex[:6]}", 300)
        assert new is not None and new.attempt == old.attempt + 1
        self.gens[gen].update(lease=new, stale=old)

    @precondition(lambda self: any(s["stale"] is not None for s in self.gens.values()))
    @rule(index=st.integers(0, 50), completed=st.booleans())
    def the_stale_worker_tries_to_finish(self, index, completed):
        gens = [g for g, s in self.gens.items() if s["stale"] is not None]
        stale = self.gens[gens[index % len(gens)]]["stale"]
        if completed:
            with pytest.raises(LeaseLost):
                complete(context_for(self.services, stale), {"message": "late"})
        else:
            assert end(context_for(self.services, stale), Failure("late", "late")) == "lost"

    @precondition(lambda self: self._has("completed") or self._has("failed"))
    @rule(index=st.integers(0, 50))
    def settle_again(self, index):
        """A retried final transaction settles a finished generation a second time: a no-op."""
        finished = [g for g, s in self.gens.items() if s["status"] != "pending"]
        with self.services.db.session() as session:
            ledger.settle(session, session.get(GenerationRequest, uuid.UUID(finished[index % len(finished)])))

    @rule(amount=st.integers(1, 40))
    def admin_grant(self, amount):
        with self.services.db.session() as session:
            tx = ledger.admin_adjust(session, None, self.user.id, amount, "goodwill")
            assert tx.transaction_type == "admin_grant"
        self.expected += amount

    @rule(amount=st.integers(1, 80))
    def admin_deduct(self, amount):
        with self.services.db.session() as session:
            if amount > self.expected:
                with pytest.raises(Conflict):
                    ledger.admin_adjust(session, None, self.user.id, -amount, "correction")
                return
            ledger.admin_adjust(session, None, self.user.id, -amount, "correction")
        self.expected -= amount

    @rule(tier=st.sampled_from(sorted(PLANS)))
    def change_plan(self, tier):
        with self.services.db.session() as session:
            self._user(session).subscription_tier = tier
        self.tier = tier

    @rule(days=st.integers(1, 70))
    def time_passes(self, days):
        self.clock[0] = self.clock[0] + timedelta(days=days)

    @rule()
    def read_credits(self):
        self._grant_due()
        with self.services.db.session() as session:
            view = credits_view(session, self._user(session), PageRequest(limit=5))
        assert view["balance"] == self.expected and view["plan"] == self.tier

    @invariant()
    def ledger_agrees_with_the_model(self):
        assert assert_ledger_invariants(self.services, self.user.id) == self.expected
        for gen, state in self.gens.items():
            with self.services.db.session() as session:
                assert session.get(GenerationRequest, uuid.UUID(gen)).status == state["status"]


def test_randomized_runs_keep_the_ledger_exact(services, monkeypatch):
    # The machine models the ledger, not scheduling: crashed attempts keep their leases, and with
    # three of them the per-user limit of running generations would refuse the next claim.
    monkeypatch.setitem(registry._kinds, GENERATION.name, dataclasses.replace(GENERATION, per_user_limit=None))
    use_null_queue(services)
    use_recording_bus(services)
    clock = [None]
    monkeypatch.setattr(ledger, "utcnow", lambda: clock[0])
    LedgerMachine.services, LedgerMachine.clock = services, clock
    run_state_machine_as_test(LedgerMachine, settings=hsettings(
        max_examples=50, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))


def test_a_fallback_is_charged_lightnings_cost_and_says_so(services):
    use_null_queue(services)
    use_recording_bus(services)
    user = new_user(services)
    with services.db.session() as session:
        row, _ = submit_generation(session, services, session.get(User, user.id),
                                   GenerationParams(prompt="pro thumbnail", algorithm="pro"))
    lease = leases.claim(services.db, job_id(services, row.id), "w", 300)
    values = {"usage": {"algorithm_used": "lightning", "fallbacks": ["made with Lightning"], "calls": []}}
    complete(context_for(services, lease), values)
    kinds = [(t.transaction_type, t.amount, t.balance_after) for t in ledger_rows(services, user.id)]
    assert kinds == [("signup_bonus", 50, 50), ("reserve", -5, 45), ("commit", 4, 49)]
    commit = ledger_rows(services, user.id)[-1]
    assert "fell back to Lightning" in commit.description and commit.generation_request_id == row.id
    assert balance(services, user.id) == 49


def test_a_generation_from_before_the_ledger_settles_nothing(services):
    use_null_queue(services)
    use_recording_bus(services)
    user = new_user(services)
    with services.db.session() as session:
        row = GenerationRequest(user_id=user.id, prompt="old", algorithm="pro", status="pending")
        session.add(row)
        session.flush()
        job = enqueue(session, GENERATION, row.id, user_id=user.id)  # as migrated from before the jobs table
    lease = leases.claim(services.db, job.id, "w", 300)
    end(context_for(services, lease), Failure("render_failed", "boom"))
    assert [t.transaction_type for t in ledger_rows(services, user.id)] == ["signup_bonus"]
    assert assert_ledger_invariants(services, user.id) == 50


def test_a_new_month_grants_the_plan_once(services, monkeypatch):
    user = new_user(services)
    now = [datetime(2031, 3, 31, 23, 59, tzinfo=UTC)]
    monkeypatch.setattr(ledger, "utcnow", lambda: now[0])
    with services.db.session() as session:
        row = session.get(User, user.id)
        row.subscription_tier = "creator"
        first = ledger.ensure_monthly_grant(session, row)
        assert first is not None and first.amount == 500 and first.dedupe_key == f"plan:{user.id}:2031-03"
        assert ledger.ensure_monthly_grant(session, row) is None
        now[0] = datetime(2031, 4, 1, 0, 0, tzinfo=UTC)
        assert ledger.ensure_monthly_grant(session, row).amount == 500
        assert ledger.ensure_monthly_grant(session, row) is None
    assert assert_ledger_invariants(services, user.id) == 50 + 500 + 500
