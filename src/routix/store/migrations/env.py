"""Alembic environment: uses a connection handed in by routix.store.migrate or the URL option."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from routix.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection handed in and no sqlalchemy.url option: nothing to migrate")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
