"""generation comments

``generation_comments``: a comment on a version by its owner or a user it is shared with
(``routix.sharing``), read oldest first through ``(generation_id, created_at)``. Each row goes
with its version and its author (``ON DELETE CASCADE``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 09:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('generation_comments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_generation_comments_generation', 'generation_comments', ['generation_id', 'created_at'],
                    unique=False)
    op.create_index('ix_generation_comments_user_id', 'generation_comments', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_generation_comments_user_id', table_name='generation_comments')
    op.drop_index('ix_generation_comments_generation', table_name='generation_comments')
    op.drop_table('generation_comments')
