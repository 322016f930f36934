"""history search column (PostgreSQL)

On PostgreSQL the history's full-text document becomes a stored generated column,
``generation_requests.search_document`` (``tsvector``), with its own GIN index
``ix_generation_requests_search``; the expression index of 0007 goes. A search then reads the
stored vector when it rechecks a candidate row instead of computing ``to_tsvector`` again.
SQLite keeps its FTS5 table (nothing changes there).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 19:00:00.000000
"""

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

#: the searched text of a generation row (as in 0007)
_DOCUMENT = "coalesce(prompt, '') || ' ' || coalesce(custom_text, '') || ' ' || coalesce(name, '')"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE generation_requests ADD COLUMN search_document tsvector "
               f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {_DOCUMENT})) STORED")
    op.execute("CREATE INDEX ix_generation_requests_search ON generation_requests USING gin (search_document)")
    op.execute("DROP INDEX IF EXISTS ix_generation_requests_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_generation_requests_fts ON generation_requests USING gin "
               f"(to_tsvector('simple'::regconfig, {_DOCUMENT}))")
    op.execute("DROP INDEX IF EXISTS ix_generation_requests_search")
    op.execute("ALTER TABLE generation_requests DROP COLUMN search_document")
