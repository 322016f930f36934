"""videos: animations of completed generations

One row per video a user asked for (``routix.videos``); its work is a ``jobs`` row of kind
``video``. Files live under the blob prefix ``videos/<id>/``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 03:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('videos',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('preset', sa.String(length=50), nullable=False),
    sa.Column('animation', JSON, nullable=False),
    sa.Column('formats', JSON, nullable=False),
    sa.Column('size', sa.String(length=20), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('fps', sa.Integer(), nullable=False),
    sa.Column('frames', sa.Integer(), nullable=False),
    sa.Column('credits', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('eta_seconds', sa.Float(), nullable=True),
    sa.Column('error_code', sa.String(length=100), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('outputs', JSON, nullable=False),
    sa.Column('sizes', JSON, nullable=False),
    sa.Column('keep', sa.Boolean(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('files_deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_videos_expiry', 'videos', ['status', 'keep', 'expires_at'], unique=False)
    op.create_index('ix_videos_generation_id', 'videos', ['generation_id'], unique=False)
    op.create_index('ix_videos_status', 'videos', ['status'], unique=False)
    op.create_index('ix_videos_user_created', 'videos', ['user_id', 'created_at'], unique=False)
    op.create_index('ix_videos_user_id', 'videos', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_videos_user_id', table_name='videos')
    op.drop_index('ix_videos_user_created', table_name='videos')
    op.drop_index('ix_videos_status', table_name='videos')
    op.drop_index('ix_videos_generation_id', table_name='videos')
    op.drop_index('ix_videos_expiry', table_name='videos')
    op.drop_table('videos')
