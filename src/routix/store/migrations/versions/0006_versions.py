"""versions: generation rows get a kind, an indexed parent and the edit that made them

Every output is a version (``generation_requests`` row): ``kind`` is generate, edit, variant,
regenerate or undo; ``parent_id`` points at the version it was made from; ``edit`` keeps what
made an edit/variant/undo version (the patch, whether new art was asked for);
``cache_key`` hashes what decides the pixels (the per-user result cache). Existing rows
become ``kind = 'generate'`` (or ``regenerate`` when they have a parent).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 05:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('generation_requests') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), server_default='generate', nullable=False))
        batch.add_column(sa.Column('edit', JSON, nullable=True))
        batch.add_column(sa.Column('cache_key', sa.String(length=64), nullable=True))
        batch.create_index('ix_generation_user_cache', ['user_id', 'cache_key'], unique=False)
        batch.create_index(batch.f('ix_generation_requests_parent_id'), ['parent_id'], unique=False)
    op.execute("UPDATE generation_requests SET kind = 'regenerate' WHERE parent_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('generation_requests') as batch:
        batch.drop_index(batch.f('ix_generation_requests_parent_id'))
        batch.drop_index('ix_generation_user_cache')
        batch.drop_column('cache_key')
        batch.drop_column('edit')
        batch.drop_column('kind')
