"""template library, credits ledger, feedback, audit log

Templates keep an embedding: pgvector ``vector(384)`` with an HNSW index (cosine) on PostgreSQL,
float32 bytes on SQLite (searched by the in-process numpy index). Users who exist before this
revision get an ``opening_balance`` ledger entry for their current credits, so that
``users.credits`` equals the sum of their transactions from here on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 12:59:25.513786
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _embedding_type():
    if _is_postgresql():
        from pgvector.sqlalchemy import Vector

        return Vector(384)
    return sa.LargeBinary()


def _require_pgvector() -> None:
    bind = op.get_bind()
    if not bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).first():
        available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first()
        if not available:
            raise RuntimeError(
                "the template library needs the pgvector extension on PostgreSQL "
                "(install pgvector on the server, e.g. the postgresql-NN-pgvector package)"
            )
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")


def _opening_balances() -> None:
    users = sa.table("users", sa.column("id", sa.Uuid()), sa.column("credits", sa.Integer()))
    ledger = sa.table(
        "credit_transactions", sa.column("id", sa.Uuid()), sa.column("user_id", sa.Uuid()),
        sa.column("transaction_type", sa.String()), sa.column("amount", sa.Integer()),
        sa.column("balance_after", sa.Integer()), sa.column("description", sa.String()),
        sa.column("dedupe_key", sa.String()), sa.column("created_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    rows = [
        {"id": uuid.uuid4(), "user_id": user_id, "transaction_type": "opening_balance", "amount": credits,
         "balance_after": credits, "description": "Balance before the ledger existed",
         "dedupe_key": f"opening:{user_id}", "created_at": now}
        for user_id, credits in bind.execute(sa.select(users.c.id, users.c.credits)).all()
    ]
    if rows:
        op.bulk_insert(ledger, rows)


def upgrade() -> None:
    if _is_postgresql():
        _require_pgvector()
    op.create_table('admin_audit_log',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('admin_user_id', sa.Uuid(), nullable=True),
    sa.Column('admin_email', sa.String(length=255), nullable=True),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('resource_type', sa.String(length=100), nullable=False),
    sa.Column('resource_id', sa.String(length=100), nullable=True),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['admin_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('admin_audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_audit_log_admin_user_id'), ['admin_user_id'], unique=False)
        batch_op.create_index('ix_audit_created', ['created_at'], unique=False)
        batch_op.create_index('ix_audit_resource', ['resource_type', 'resource_id'], unique=False)

    op.create_table('templates',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('image_key', sa.String(length=500), nullable=True),
    sa.Column('thumb_key', sa.String(length=500), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('analysis_error', sa.Text(), nullable=True),
    sa.Column('analysis_attempt', sa.Integer(), nullable=False),
    sa.Column('analysis_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('analyzed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('style_dna', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('skeleton', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('searchable_text', sa.Text(), nullable=True),
    sa.Column('embedding', _embedding_type(), nullable=True),
    sa.Column('has_face', sa.Boolean(), nullable=False),
    sa.Column('has_text', sa.Boolean(), nullable=False),
    sa.Column('has_logo', sa.Boolean(), nullable=False),
    sa.Column('energy_level', sa.Integer(), nullable=False),
    sa.Column('performance_score', sa.Float(), nullable=False),
    sa.Column('usage_count', sa.Integer(), nullable=False),
    sa.Column('success_rate', sa.Float(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('dislikes', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.create_index('ix_templates_category_active', ['category', 'is_active'], unique=False)
        batch_op.create_index('ix_templates_face_energy', ['has_face', 'energy_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_templates_sha256'), ['sha256'], unique=False)
        batch_op.create_index('ix_templates_status', ['status'], unique=False)

    op.create_table('credit_transactions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('generation_request_id', sa.Uuid(), nullable=True),
    sa.Column('transaction_type', sa.String(length=50), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('balance_after', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=255), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_request_id'], ['generation_requests.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedupe_key')
    )
    with op.batch_alter_table('credit_transactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_transactions_generation_request_id'), ['generation_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_transactions_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_credit_tx_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('generation_feedback',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('generation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generation_id'], ['generation_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('generation_id', 'user_id', name='uq_feedback_generation_user')
    )
    with op.batch_alter_table('generation_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_generation_feedback_generation_id'), ['generation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_generation_feedback_user_id'), ['user_id'], unique=False)

    if _is_postgresql():
        op.execute(
            "CREATE INDEX ix_templates_embedding_hnsw ON templates "
            "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
    _opening_balances()


def downgrade() -> None:
    if _is_postgresql():
        op.execute("DROP INDEX IF EXISTS ix_templates_embedding_hnsw")
    with op.batch_alter_table('generation_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_generation_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_generation_feedback_generation_id'))

    op.drop_table('generation_feedback')
    with op.batch_alter_table('credit_transactions', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_tx_user_created')
        batch_op.drop_index(batch_op.f('ix_credit_transactions_user_id'))
        batch_op.drop_index(batch_op.f('ix_credit_transactions_generation_request_id'))

    op.drop_table('credit_transactions')
    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.drop_index('ix_templates_status')
        batch_op.drop_index(batch_op.f('ix_templates_sha256'))
        batch_op.drop_index('ix_templates_face_energy')
        batch_op.drop_index('ix_templates_category_active')

    op.drop_table('templates')
    with op.batch_alter_table('admin_audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_resource')
        batch_op.drop_index('ix_audit_created')
        batch_op.drop_index(batch_op.f('ix_admin_audit_log_admin_user_id'))
        batch_op.drop_index(batch_op.f('ix_admin_audit_log_action'))

    op.drop_table('admin_audit_log')
