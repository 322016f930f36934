"""generation inputs by role and realism

``generation_requests.inputs``: the request's inputs, each ``{asset_id, role, mode}`` (role
person, object, logo, scene, reference or null = guessed; mode only for references).
``generation_requests.realism``: 0 (illustrated) .. 100 (photographic), null = the preset's.
The style preset's name goes into the existing ``style_preference`` column.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-07 05:10:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade() -> None:
    # plain ADD COLUMN (no batch table rebuild on SQLite): a rebuild would drop the full-text
    # search triggers that 0007 put on generation_requests
    op.add_column('generation_requests', sa.Column('inputs', JSON, nullable=False, server_default=sa.text("'[]'")))
    op.add_column('generation_requests', sa.Column('realism', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('generation_requests') as batch:
        batch.drop_column('realism')
        batch.drop_column('inputs')
