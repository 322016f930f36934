"""Upgrading to the jobs table: unfinished generations and pending analyses become jobs."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text

from routix.store.migrate import upgrade


def _hex() -> str:
    return uuid.uuid4().hex


def test_unfinished_work_moves_into_jobs_on_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002")
    engine = create_engine(url)
    user, running, done, waiting, analysed = _hex(), _hex(), _hex(), _hex(), _hex()
    stamp = "'2026-01-01 00:00:00'"
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (id, email, username, password_hash, credits, subscription_tier, is_active, is_admin,"
            f" created_at, updated_at) VALUES ('{user}', 'old@example.com', 'old', 'x', 5, 'free', 1, 0, {stamp},"
            f" {stamp})"
        ))
        for gid, status, attempt in ((running, "generating", 2), (done, "completed", 1)):
            conn.execute(text(
                "INSERT INTO generation_requests (id, user_id, algorithm, prompt, face_asset_ids, variants, status,"
                " stage, progress, message, attempt, lease_owner, timings, outputs, notes, usage, cost_incurred,"
                f" alternatives, created_at, updated_at) VALUES ('{gid}', '{user}', 'lightning', 'p', '[]', 0,"
                f" '{status}', '{status}', 40, 'm', {attempt}, 'old-worker', '{{}}', '{{}}', '[]', '{{}}', 0, '[]',"
                f" {stamp}, {stamp})"
            ))
        for tid, status in ((waiting, "pending_analysis"), (analysed, "analyzed")):
            conn.execute(text(
                "INSERT INTO templates (id, slug, source, name, category, tags, description, status, analysis_attempt,"
                " has_face, has_text, has_logo, energy_level, performance_score, usage_count, success_rate, likes,"
                f" dislikes, is_active, is_featured, priority, created_at, updated_at) VALUES ('{tid}', 'u-{tid[:10]}',"
                f" 'upload', 'n', 'gaming', '[]', '', '{status}', 0, 0, 0, 0, 5, 0.5, 0, 0, 0, 0, 1, 0, 0, {stamp},"
                f" {stamp})"
            ))
    upgrade(url, "head")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT kind, subject_id, user_id, status, attempt, priority, lease_owner FROM jobs ORDER BY kind"
        )).all()
    engine.dispose()
    assert rows == [
        ("generation", str(uuid.UUID(running)), user, "pending", 2, 100, None),
        ("template_analysis", str(uuid.UUID(waiting)), None, "pending", 0, 0, None),
    ]
