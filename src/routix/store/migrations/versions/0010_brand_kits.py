"""brand kits

``brand_kits``: a user's name, logos, font, colours and title style (``routix.brand_kits``);
``generation_requests.brand_kit_id``: the kit a request names (no foreign key: deleting a kit
leaves its versions as they were made).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('brand_kits',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('logo_asset_ids', JSON, nullable=False),
    sa.Column('font_name', sa.String(length=100), nullable=True),
    sa.Column('font_key', sa.String(length=200), nullable=True),
    sa.Column('font_sha256', sa.String(length=64), nullable=True),
    sa.Column('font_filename', sa.String(length=200), nullable=True),
    sa.Column('primary_color', sa.String(length=7), nullable=False),
    sa.Column('secondary_color', sa.String(length=7), nullable=False),
    sa.Column('accent_color', sa.String(length=7), nullable=False),
    sa.Column('title_style', JSON, nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'name', name='uq_brand_kits_user_name')
    )
    op.create_index('ix_brand_kits_user_id', 'brand_kits', ['user_id'], unique=False)
    # plain ADD COLUMN (no batch table rebuild on SQLite): a rebuild would drop the full-text
    # search triggers that 0007 put on generation_requests
    op.add_column('generation_requests', sa.Column('brand_kit_id', sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('generation_requests') as batch:
        batch.drop_column('brand_kit_id')
    op.drop_index('ix_brand_kits_user_id', table_name='brand_kits')
    op.drop_table('brand_kits')
