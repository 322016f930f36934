"""Migrations and models agree on both backends; settings mask their secrets."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from routix.config import Settings, mask_url
from routix.store.models import Algorithm, Base
from routix.store.models_sharing import POSTGRESQL_FTS_COLUMN, POSTGRESQL_FTS_INDEX, SQLITE_FTS_TABLES

#: created by migrations on PostgreSQL only (0002: pgvector HNSW; 0013: the history's full
#: text), so they are not in the models
POSTGRESQL_ONLY_INDEXES = {"ix_templates_embedding_hnsw", POSTGRESQL_FTS_INDEX}


def _column_name(change) -> str | None:
    """The column a column change is about (``("remove_column", schema, table, column)``)."""
    return getattr(change[3], "name", None) if isinstance(change, tuple) and len(change) > 3 else None


def _index_name(change) -> str | None:
    return getattr(change[1], "name", None) if isinstance(change, tuple) and len(change) > 1 else None


def _table_name(change) -> str | None:
    """The table a change is about (the SQLite FTS5 index and its shadow tables are not models)."""
    if not (isinstance(change, tuple) and len(change) > 1):
        return None
    target = change[1]
    return getattr(target, "name", None) if change[0] == "remove_table" else getattr(
        getattr(target, "table", None), "name", None)


def test_migrated_schema_matches_the_models(services):
    with services.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert [c for c in diff if _index_name(c) not in POSTGRESQL_ONLY_INDEXES
            and _table_name(c) not in SQLITE_FTS_TABLES and _column_name(c) != POSTGRESQL_FTS_COLUMN] == []


def test_templates_have_an_hnsw_index_on_postgresql(services):
    if services.db.dialect != "postgresql":
        return  # SQLite uses the in-process numpy index
    with services.db.engine.connect() as conn:
        definition = conn.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_templates_embedding_hnsw'"
        )).scalar()
    assert "hnsw" in definition and "vector_cosine_ops" in definition


def test_existing_users_get_an_opening_balance(tmp_path):
    """Upgrading a 0001 database with users: each gets an opening_balance entry equal to their credits."""
    from sqlalchemy import create_engine

    from routix.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (id, email, username, password_hash, credits, subscription_tier, is_active, is_admin,"
            " created_at, updated_at) VALUES ('0123456789abcdef0123456789abcdef', 'old@example.com', 'old', 'x', 37,"
            " 'free', 1, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ))
    upgrade(url, "head")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT transaction_type, amount, balance_after FROM credit_transactions")).all()
    engine.dispose()
    assert rows == [("opening_balance", 37, 37)]


def test_algorithms_are_seeded_with_one_default(services):
    with services.db.session() as session:
        rows = session.scalars(select(Algorithm).order_by(Algorithm.credit_cost)).all()
    assert [r.name for r in rows] == ["lightning", "v1", "pro"]
    assert [r.name for r in rows if r.is_default] == ["lightning"]


def _head() -> str:
    """The newest revision in the migrations folder (the one ``migrate`` upgrades to)."""
    from alembic.script import ScriptDirectory

    from routix.store.migrate import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_migrations_are_idempotent(services):
    services.migrate()
    services.migrate()
    with services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()


def test_pgvector_is_installed_on_postgresql(services):
    if services.db.dialect != "postgresql":
        return  # SQLite uses the in-process numpy index
    with services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT extname FROM pg_extension WHERE extname = 'vector'")).scalar() == "vector"


def test_settings_public_masks_secrets(tmp_path):
    settings = Settings(
        data_dir=tmp_path, secret_key="s3cr3t-value", openai_api_key="sk-live-abc",
        database_url="postgresql+psycopg://routix:hunter2@db:5432/routix", redis_url="redis://:pw@cache:6379/0",
    )
    public = settings.public()
    text_form = repr(public)
    for secret in ("s3cr3t-value", "sk-live-abc", "hunter2", ":pw@"):
        assert secret not in text_form
    assert public["database_url"] == "postgresql+psycopg://routix:****@db:5432/routix"
    assert mask_url("sqlite:///x.db") == "sqlite:///x.db"


def test_secret_key_is_generated_once_per_data_dir(tmp_path):
    first = Settings(data_dir=tmp_path).secret()
    assert len(first) >= 40 and Settings(data_dir=tmp_path).secret() == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
    assert Settings(data_dir=tmp_path / "other").secret() != first
