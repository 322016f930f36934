"""kept version

``generation_requests.kept_version_id``: on a tree's root version, the version its owner kept
in an A/B compare (``routix.generations.versions.keep_version``); null keeps the root itself.
No foreign key: deleting the kept version makes the tree fall back to its root.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 18:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('generation_requests', sa.Column('kept_version_id', sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('generation_requests') as batch:
        batch.drop_column('kept_version_id')
