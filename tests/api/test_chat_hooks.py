"""chat.hooks.on_generation_finished: one result message per generation, failure hints, events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from routix.chat.hooks import on_generation_finished
from routix.chat.views import message_event
from routix.store.models import Conversation, GenerationRequest, Message, User

QUALITY = {
    "passed": False, "contrast_ratio": 3.1, "legible_at_small": None, "notes": [],
    "checks": [
        {"name": "title_contrast", "passed": False, "severity": "error", "message": "title contrast 3.1 < 4.5"},
        {"name": "ocr", "passed": True, "skipped": True, "message": "OCR off"},
        {"name": "margins", "passed": True, "message": "ok"},
    ],
}


@pytest.fixture
def conversation(services):
    with services.db.session() as session:
        user = User(email="hook@example.com", username="hook", password_hash="x")
        session.add(user)
        session.flush()
        row = Conversation(user_id=user.id, title="t")
        session.add(row)
        session.flush()
        return row


def _finished(services, conversation, **values) -> GenerationRequest:
    with services.db.session() as session:
        row = GenerationRequest(user_id=conversation.user_id, conversation_id=conversation.id, prompt="p", **values)
        session.add(row)
    return row


def _run_hook(services, row_id):
    with services.db.session() as session:
        row = session.get(GenerationRequest, row_id)
        added = on_generation_finished(session, row)
        return [(m.type, m.content, dict(m.meta)) for m in added]


def _stored(services, conversation) -> list[Message]:
    with services.db.session() as session:
        return list(session.scalars(select(Message).where(Message.conversation_id == conversation.id)).all())


def test_completed_posts_one_thumbnail_result(services, conversation):
    outputs = {n: f"generations/x/{n}" for n in ("thumbnail.jpg", "cover.jpg", "variant-2.jpg", "variant-1.jpg")}
    row = _finished(services, conversation, status="completed", algorithm="lightning", outputs=outputs,
                    quality=QUALITY, notes=["No face found"], processing_time=2.5, template_ref="tpl_abc",
                    template_id="secret-template-7")
    [(type_, content, meta)] = _run_hook(services, row.id)
    assert type_ == "thumbnail_result" and "again" in content
    assert meta["request_id"] == str(row.id) and meta["variants"] == 2 and meta["template_ref"] == "tpl_abc"
    assert meta["quality"] == {"passed": False, "contrast_ratio": 3.1, "legible_at_small": None,
                               "failures": ["title contrast 3.1 < 4.5"]}
    assert meta["thumbnail_url"] is None  # links are signed when read, never stored
    assert _run_hook(services, row.id) == []  # a retried job does not post twice
    assert len(_stored(services, conversation)) == 1

    with services.db.session() as session:
        event = message_event(session, services, _stored(services, conversation)[0])
    assert event["event"] == "chat:message" and event["data"]["conversation_id"] == str(conversation.id)
    view = event["data"]["message"]["metadata"]
    assert view["thumbnail_url"] and view["cover_url"] and view["psd_url"] is None
    assert len(view["variant_urls"]) == 2 and "variant-1" in view["variant_urls"][0]
    assert "secret-template-7" not in str(event)


@pytest.mark.parametrize("code, retry", [("provider_failed", True), ("invalid_image", False)])
def test_failed_posts_one_error_with_a_hint(services, conversation, code, retry):
    row = _finished(services, conversation, status="failed", error_code=code, error_message="It broke.")
    [(type_, content, meta)] = _run_hook(services, row.id)
    assert type_ == "error" and meta == {"code": code, "retry_possible": retry, "request_id": str(row.id)}
    assert "It broke" in content and ('"again"' in content) is retry
    assert _run_hook(services, row.id) == []


def test_nothing_for_running_or_conversationless_generations(services, conversation):
    running = _finished(services, conversation, status="generating")
    assert _run_hook(services, running.id) == []
    with services.db.session() as session:
        loose = GenerationRequest(user_id=conversation.user_id, prompt="p", status="completed")
        session.add(loose)
    assert _run_hook(services, loose.id) == []
    assert _stored(services, conversation) == []
