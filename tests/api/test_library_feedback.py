"""Template statistics: every finished generation counts once against its template; thumbs up/down
(owner only, completed only, a new vote replaces the old) move likes/dislikes and the score."""

from __future__ import annotations

import uuid

import pytest

from api.jobs_support import wait_final
from api.library_support import (
    load_template,
    mark_analysed,
    only_template,
    thumbnail_like,
    wait_template,
)
from routix.library.stats import performance_score, record_generation
from routix.library.upload import create_templates, make_meta
from routix.store.models import (
    GenerationFeedback,
    GenerationRequest,
    TemplateRecord,
    User,
)


def test_performance_score_formula():
    assert performance_score(0, 0, 0, 0.0) == pytest.approx(0.5)
    assert performance_score(10, 0, 10, 1.0) == pytest.approx(12.5 / 15)
    assert performance_score(0, 10, 10, 0.0) == pytest.approx(2.5 / 15)
    assert performance_score(3, 1, 0, 0.0) > performance_score(1, 3, 0, 0.0)


def _template(services, seed=1) -> TemplateRecord:
    with services.db.session() as session:
        [row] = create_templates(session, services, None, [("s.jpg", thumbnail_like(seed))],
                                 make_meta("gaming", "", ""), dispatch=False).templates
    return row


def test_record_generation_counts_completed_and_failed(services):
    row = _template(services)
    with services.db.session() as session:
        user = User(email="stats@example.com", username="stats", password_hash="x")
        session.add(user)
        session.flush()
        for status in ("completed", "completed", "failed", "running"):
            generation = GenerationRequest(user_id=user.id, prompt="p", status=status, template_id=row.slug)
            session.add(generation)
            session.flush()
            record_generation(session, generation)
        record_generation(session, GenerationRequest(user_id=user.id, prompt="p", status="failed", template_id=None))
    after = load_template(services, row.id)
    assert after.usage_count == 3 and after.success_rate == pytest.approx(2 / 3)
    assert after.performance_score == pytest.approx(performance_score(0, 0, 3, 2 / 3))


def test_generation_counts_once_and_feedback_moves_the_score(client, make_admin, make_account, services):
    admin, user, other = make_admin(), make_account(), make_account()
    body = client.post("/api/v1/admin/templates", headers=admin.headers, data={"category": "gaming"},
                       files=[("files", ("f.jpg", thumbnail_like(77), "image/jpeg"))]).json()
    template_id = body["templates"][0]["id"]
    wait_template(services, template_id)
    mark_analysed(services, template_id)
    only_template(services, template_id)
    created = client.post("/api/v1/generation/create", headers=user.headers,
                          json={"prompt": "retro pixel boss fight", "title": "Boss"}).json()
    assert wait_final(client, user.headers, created["id"])["status"] == "completed"
    row = load_template(services, template_id)
    with services.db.session() as session:
        assert session.get(GenerationRequest, uuid.UUID(created["id"])).template_id == row.slug
    assert row.usage_count == 1 and row.success_rate == pytest.approx(1.0)

    url = f"/api/v1/generation/{created['id']}/feedback"
    votes = [("up", 1, 0), ("up", 1, 0), ("down", 0, 1), ("up", 1, 0)]
    for rating, likes, dislikes in votes:
        response = client.post(url, headers=user.headers, json={"rating": rating, "comment": "nice"})
        assert response.status_code == 200, response.text
        assert response.json() == {"generation_id": created["id"], "rating": rating}
        row = load_template(services, template_id)
        assert (row.likes, row.dislikes) == (likes, dislikes)
        assert row.performance_score == pytest.approx(performance_score(likes, dislikes, 1, 1.0))
    with services.db.session() as session:
        [feedback] = session.query(GenerationFeedback).all()
        assert feedback.rating == 1 and str(feedback.user_id) == user.user["id"]

    assert client.post(url, headers=other.headers, json={"rating": "down"}).status_code == 404
    assert client.post(url, headers=user.headers, json={"rating": "meh"}).status_code == 422
    assert client.post(f"/api/v1/generation/{uuid.uuid4()}/feedback", headers=user.headers,
                       json={"rating": "up"}).status_code == 404
    with services.db.session() as session:
        # a final row (no worker touches it) that is not completed
        pending = GenerationRequest(user_id=uuid.UUID(user.user["id"]), prompt="p", status="failed")
        session.add(pending)
        session.flush()
        pending_id = str(pending.id)
    refused = client.post(f"/api/v1/generation/{pending_id}/feedback", headers=user.headers, json={"rating": "up"})
    assert refused.status_code == 409 and refused.json()["code"] == "generation_not_completed"
    assert load_template(services, template_id).usage_count == 1  # feedback never counts as a use
