"""reference packs

``reference_packs``: a user's named, ordered set of reference images, each with its mode and
crop (``routix.reference_packs``); ``reference_pack_shares``: a pack shared read-only with
another account.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 19:10:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('reference_packs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('items', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_reference_packs_user_id', 'reference_packs', ['user_id'], unique=False)
    op.create_table('reference_pack_shares',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('pack_id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pack_id'], ['reference_packs.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pack_id', 'recipient_id', name='uq_reference_pack_shares_pack_recipient')
    )
    op.create_index('ix_reference_pack_shares_pack_id', 'reference_pack_shares', ['pack_id'], unique=False)
    op.create_index('ix_reference_pack_shares_recipient_id', 'reference_pack_shares', ['recipient_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_reference_pack_shares_recipient_id', table_name='reference_pack_shares')
    op.drop_index('ix_reference_pack_shares_pack_id', table_name='reference_pack_shares')
    op.drop_table('reference_pack_shares')
    op.drop_index('ix_reference_packs_user_id', table_name='reference_packs')
    op.drop_table('reference_packs')
