"""one jobs table for every kind of background work

Unfinished work moves into it so that an upgraded service resumes it: every generation that is
not completed/failed becomes a pending ``generation`` job (its attempts so far carried over), and
every template waiting for or in the middle of its analysis a pending ``template_analysis`` job.
The lease columns of ``generation_requests`` stay in the schema, unused.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00.000000
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

#: The job kinds' default priorities when this revision was written (interactive, batch).
GENERATION_PRIORITY = 100
ANALYSIS_PRIORITY = 0
UNFINISHED = sa.text("status IN ('pending', 'running', 'paused')")


def _now():
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def _move_unfinished_work() -> None:
    generations = sa.table(
        "generation_requests", sa.column("id", sa.Uuid()), sa.column("user_id", sa.Uuid()),
        sa.column("status", sa.String()), sa.column("attempt", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    templates = sa.table(
        "templates", sa.column("id", sa.Uuid()), sa.column("status", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    jobs = sa.table(
        "jobs", sa.column("id", sa.Uuid()), sa.column("kind", sa.String()), sa.column("subject_id", sa.String()),
        sa.column("user_id", sa.Uuid()), sa.column("status", sa.String()), sa.column("priority", sa.Integer()),
        sa.column("attempt", sa.Integer()), sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    now = _now()
    rows = [
        {"id": uuid.uuid4(), "kind": "generation", "subject_id": str(gid), "user_id": user_id, "status": "pending",
         "priority": GENERATION_PRIORITY, "attempt": int(attempt or 0), "created_at": created or now,
         "updated_at": now}
        for gid, user_id, attempt, created in bind.execute(
            sa.select(generations.c.id, generations.c.user_id, generations.c.attempt, generations.c.created_at)
            .where(generations.c.status.not_in(("completed", "failed")))
        ).all()
    ]
    rows += [
        {"id": uuid.uuid4(), "kind": "template_analysis", "subject_id": str(tid), "user_id": None,
         "status": "pending", "priority": ANALYSIS_PRIORITY, "attempt": 0, "created_at": created or now,
         "updated_at": now}
        for tid, created in bind.execute(
            sa.select(templates.c.id, templates.c.created_at)
            .where(templates.c.status.in_(("pending_analysis", "analyzing")))
        ).all()
    ]
    if rows:
        op.bulk_insert(jobs, rows)


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('subject_id', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('phase', sa.String(length=50), nullable=True),
    sa.Column('control', sa.String(length=20), nullable=True),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('lease_owner', sa.String(length=100), nullable=True),
    sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error_code', sa.String(length=100), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_jobs_claim', 'jobs', ['status', 'priority', 'not_before'], unique=False)
    op.create_index('ix_jobs_kind_subject', 'jobs', ['kind', 'subject_id'], unique=False)
    op.create_index('ix_jobs_user_kind_status', 'jobs', ['user_id', 'kind', 'status'], unique=False)
    op.create_index('uq_jobs_unfinished_subject', 'jobs', ['kind', 'subject_id'], unique=True,
                    sqlite_where=UNFINISHED, postgresql_where=UNFINISHED)
    _move_unfinished_work()


def downgrade() -> None:
    op.drop_index('uq_jobs_unfinished_subject', table_name='jobs')
    op.drop_index('ix_jobs_user_kind_status', table_name='jobs')
    op.drop_index('ix_jobs_kind_subject', table_name='jobs')
    op.drop_index('ix_jobs_claim', table_name='jobs')
    op.drop_table('jobs')
