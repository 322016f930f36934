"""sharing, discover, likes and views, shares, boards; generation names; history full text

Tables of ``routix.store.models_sharing``; ``generation_requests.name`` (what the history shows,
set by a rename). The history's full-text index: on SQLite an FTS5 table ``generation_search``
over prompt, title and name, kept in step by triggers; on PostgreSQL a GIN index over
``to_tsvector('simple', ...)`` of the same columns (``ix_generation_requests_fts``).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-07 04:52:45.375784
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('boards',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'name', name='uq_boards_user_name')
    )
    op.create_index('ix_boards_user_id', 'boards', ['user_id'], unique=False)

    op.create_table('board_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('board_id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('board_id', 'generation_id', name='uq_board_items_generation')
    )
    op.create_index('ix_board_items_generation_id', 'board_items', ['generation_id'], unique=False)

    op.create_table('generation_shares',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('generation_id', 'recipient_id', name='uq_generation_shares_recipient')
    )
    op.create_index('ix_generation_shares_owner_id', 'generation_shares', ['owner_id'], unique=False)
    op.create_index('ix_generation_shares_recipient_id', 'generation_shares', ['recipient_id'], unique=False)

    op.create_table('publications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('slug', sa.String(length=32), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('algorithm', sa.String(length=100), nullable=False),
    sa.Column('style', sa.String(length=100), nullable=False),
    sa.Column('has_video', sa.Boolean(), nullable=False),
    sa.Column('like_count', sa.Integer(), nullable=False),
    sa.Column('view_count', sa.Integer(), nullable=False),
    sa.Column('trend_score', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('generation_id'),
    sa.UniqueConstraint('slug')
    )
    op.create_index('ix_publications_category', 'publications', ['is_public', 'category', 'published_at'], unique=False)
    op.create_index('ix_publications_popular', 'publications', ['is_public', 'like_count', 'published_at', 'id'], unique=False)
    op.create_index('ix_publications_recent', 'publications', ['is_public', 'published_at', 'id'], unique=False)
    op.create_index('ix_publications_trending', 'publications', ['is_public', 'trend_score', 'id'], unique=False)
    op.create_index('ix_publications_user_id', 'publications', ['user_id'], unique=False)

    op.create_table('publication_likes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('publication_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('publication_id', 'user_id', name='uq_publication_likes_user')
    )
    op.create_index('ix_publication_likes_user_id', 'publication_likes', ['user_id'], unique=False)

    op.create_table('publication_reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('publication_id', sa.Uuid(), nullable=False),
    sa.Column('reporter_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('publication_id', 'reporter_id', name='uq_publication_reports_user')
    )
    op.create_index('ix_publication_reports_publication_id', 'publication_reports', ['publication_id'], unique=False)

    op.create_table('publication_views',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('publication_id', sa.Uuid(), nullable=False),
    sa.Column('viewer', sa.String(length=64), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('publication_id', 'viewer', 'day', name='uq_publication_views_day')
    )
    with op.batch_alter_table('generation_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), nullable=True))
    _create_full_text()



#: the searched text of a generation row (``{row}``: ``new`` in a trigger, the table otherwise)
_DOCUMENT = "coalesce({row}prompt, '') || ' ' || coalesce({row}custom_text, '') || ' ' || coalesce({row}name, '')"


def _create_full_text() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_generation_requests_fts ON generation_requests USING gin "
                   f"(to_tsvector('simple'::regconfig, {_DOCUMENT.format(row='')}))")
        return
    op.execute("CREATE VIRTUAL TABLE generation_search USING fts5("
               "generation_id UNINDEXED, document, tokenize = 'unicode61 remove_diacritics 2')")
    insert = f"INSERT INTO generation_search (generation_id, document) VALUES (new.id, {_DOCUMENT.format(row='new.')});"
    remove = "DELETE FROM generation_search WHERE generation_id = old.id;"
    op.execute(f"CREATE TRIGGER generation_search_insert AFTER INSERT ON generation_requests BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER generation_search_delete AFTER DELETE ON generation_requests BEGIN {remove} END")
    op.execute("CREATE TRIGGER generation_search_update AFTER UPDATE OF prompt, custom_text, name "
               f"ON generation_requests BEGIN {remove} {insert} END")
    op.execute(f"INSERT INTO generation_search (generation_id, document) SELECT id, {_DOCUMENT.format(row='')} "
               "FROM generation_requests")


def _drop_full_text() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_generation_requests_fts")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS generation_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS generation_search")


def downgrade() -> None:
    _drop_full_text()
    with op.batch_alter_table('generation_requests', schema=None) as batch_op:
        batch_op.drop_column('name')

    op.drop_table('publication_views')
    op.drop_index('ix_publication_reports_publication_id', table_name='publication_reports')

    op.drop_table('publication_reports')
    op.drop_index('ix_publication_likes_user_id', table_name='publication_likes')

    op.drop_table('publication_likes')
    op.drop_index('ix_publications_user_id', table_name='publications')
    op.drop_index('ix_publications_trending', table_name='publications')
    op.drop_index('ix_publications_recent', table_name='publications')
    op.drop_index('ix_publications_popular', table_name='publications')
    op.drop_index('ix_publications_category', table_name='publications')

    op.drop_table('publications')
    op.drop_index('ix_generation_shares_recipient_id', table_name='generation_shares')
    op.drop_index('ix_generation_shares_owner_id', table_name='generation_shares')

    op.drop_table('generation_shares')
    op.drop_index('ix_board_items_generation_id', table_name='board_items')

    op.drop_table('board_items')
    op.drop_index('ix_boards_user_id', table_name='boards')

    op.drop_table('boards')
