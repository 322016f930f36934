"""batches: batch runs, their rows, saved batch templates, shares and row comments

Tables of ``routix.batches`` (models in ``routix.store.models_batches``); the work of a row is a
``jobs`` row of kind ``batch_row``.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-07 05:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('batches',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('settings', JSON, nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('cost_cap', sa.Integer(), nullable=True),
    sa.Column('credit_cost', sa.Integer(), nullable=False),
    sa.Column('pause_reason', sa.String(length=50), nullable=True),
    sa.Column('pause_message', sa.String(length=500), nullable=True),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_batches_user_created', 'batches', ['user_id', 'created_at'], unique=False)
    op.create_index('ix_batches_user_id', 'batches', ['user_id'], unique=False)
    op.create_table('batch_rows',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('inputs', JSON, nullable=False),
    sa.Column('overrides', JSON, nullable=False),
    sa.Column('errors', JSON, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('error_code', sa.String(length=100), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('credits', sa.Integer(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=True),
    sa.Column('winner', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('batch_id', 'position', name='uq_batch_rows_position')
    )
    op.create_index('ix_batch_rows_batch_status', 'batch_rows', ['batch_id', 'status'], unique=False)
    op.create_index('ix_batch_rows_generation_id', 'batch_rows', ['generation_id'], unique=False)
    op.create_index('ix_batch_rows_user_id', 'batch_rows', ['user_id'], unique=False)
    op.create_table('batch_templates',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('settings', JSON, nullable=False),
    sa.Column('mapping', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'name', name='uq_batch_templates_name')
    )
    op.create_index('ix_batch_templates_user_id', 'batch_templates', ['user_id'], unique=False)
    op.create_table('batch_shares',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('batch_id', 'user_id', name='uq_batch_shares_user')
    )
    op.create_index('ix_batch_shares_batch_id', 'batch_shares', ['batch_id'], unique=False)
    op.create_index('ix_batch_shares_user_id', 'batch_shares', ['user_id'], unique=False)
    op.create_table('batch_comments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['row_id'], ['batch_rows.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_batch_comments_batch_id', 'batch_comments', ['batch_id'], unique=False)
    op.create_index('ix_batch_comments_row', 'batch_comments', ['row_id', 'created_at'], unique=False)
    op.create_index('ix_batch_comments_user_id', 'batch_comments', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('batch_comments')
    op.drop_table('batch_shares')
    op.drop_table('batch_templates')
    op.drop_table('batch_rows')
    op.drop_table('batches')
