"""The assistant flow end to end: a conversation drives real generations to thumbnail results,
follow-ups regenerate, and the flow resumes after the app restarts. Runs on the embedded
default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from api.chat_support import (
    BASE,
    EventCollector,
    download_image,
    messages,
    new_conversation,
    reply_types,
    say,
    upload_face,
    wait_for_result,
)
from routix.api.app import create_app
from routix.services import Services
from routix.store.models import GenerationRequest


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _generation(services, request_id: str) -> GenerationRequest:
    with services.db.session() as session:
        return session.get(GenerationRequest, uuid.UUID(request_id))


def test_full_conversation_with_follow_ups(client, services, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]

    answer = say(client, account, cid, "gaming thumbnail with explosions, title 'I SURVIVED'")
    assert reply_types(answer) == ["intent", "algorithm_select"]
    answer = say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    assert reply_types(answer) == ["upload_request"]
    assert answer["replies"][0]["metadata"] == {"kinds": ["face", "logo"], "optional": True}

    asset_id = upload_face(client, account)
    answer = say(client, account, cid, type_="file_upload", metadata={"asset_id": asset_id, "kind": "face"})
    assert reply_types(answer) == ["generation_progress"]
    first = answer["replies"][0]["metadata"]["request_id"]
    row = _generation(services, first)
    assert row.conversation_id == uuid.UUID(cid) and row.face_asset_ids == [asset_id] and row.algorithm == "lightning"

    busy = say(client, account, cid, "are you done?")
    assert reply_types(busy) == ["text"] and "still working" in busy["replies"][0]["content"]

    result = wait_for_result(client, account, cid, first)
    assert result["type"] == "thumbnail_result", result
    meta = result["metadata"]
    assert meta["algorithm_used"] == "lightning" and meta["quality"] is not None
    assert meta["template_ref"].startswith("tpl_")
    thumbnail = download_image(client, meta["thumbnail_url"])
    assert thumbnail.format == "JPEG" and thumbnail.size == (1280, 720)
    assert download_image(client, meta["thumbnail_png_url"]).format == "PNG"
    assert download_image(client, meta["cover_url"]).size == (3000, 3000)
    assert client.get(meta["psd_url"]).content[:4] == b"8BPS"

    # the progress message now reads as finished
    progress = next(m for m in messages(client, account, cid) if m["type"] == "generation_progress")
    assert progress["metadata"]["status"] == "completed" and progress["metadata"]["progress"] == 100

    # "again": a new take of the same request, same face, new seed
    answer = say(client, account, cid, "One more please")
    assert reply_types(answer) == ["generation_progress"]
    second = answer["replies"][0]["metadata"]["request_id"]
    again = _generation(services, second)
    assert second != first and again.parent_id == uuid.UUID(first) and again.face_asset_ids == [asset_id]
    assert again.seed is not None and again.seed != row.seed
    assert wait_for_result(client, account, cid, second)["type"] == "thumbnail_result"

    # "more variants": regenerate with variants
    answer = say(client, account, cid, "more variants")
    assert reply_types(answer) == ["generation_progress"]
    third = answer["replies"][0]["metadata"]
    assert third["variants"] == 3
    result = wait_for_result(client, account, cid, third["request_id"])
    assert result["metadata"]["variants"] == 3 and len(result["metadata"]["variant_urls"]) == 3
    assert download_image(client, result["metadata"]["variant_urls"][0]).size == (1280, 720)

    history = messages(client, account, cid)
    assert [m["type"] for m in history if m["role"] == "assistant"].count("thumbnail_result") == 3
    assert "template_id" not in json.dumps(history) and "alternatives" not in json.dumps(history)
    stamps = [m["timestamp"] for m in history]
    assert stamps == sorted(stamps)


def test_a_refused_start_becomes_an_error_message(client, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    asset_id = upload_face(client, account)
    answer = say(client, account, cid, type_="file_upload", metadata={"asset_id": asset_id})
    assert reply_types(answer) == ["text"]  # kept for the request that follows
    assert client.delete(f"/api/v1/assets/{asset_id}", headers=account.headers).status_code == 204
    say(client, account, cid, "tech review of a new phone")
    answer = say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    assert reply_types(answer) == ["error"]  # the photo is gone: no generation started
    assert answer["replies"][0]["metadata"]["code"] == "not_found"
    assert not [m for m in messages(client, account, cid) if m["type"] == "generation_progress"]


def _app_client(settings, *, start_workers: bool = True):
    services = Services(settings)
    return services, TestClient(create_app(services, start_workers=start_workers, migrate=False))


def test_the_flow_resumes_after_a_restart(services, settings):
    """Each step runs in a new app (new Services, no memory of the last one) over the same data."""
    first, client = _app_client(settings)
    with client:
        registered = client.post("/api/v1/auth/register", json={"email": "chef@example.com", "password": "x" * 12})
        account = SimpleNamespace(headers={"Authorization": f"Bearer {registered.json()['access_token']}"})
        cid = new_conversation(client, account)["id"]
        say(client, account, cid, "cozy food vlog: homemade ramen")
        say(client, account, cid, "lightning")

    restarted, client = _app_client(settings)
    with client:
        assert messages(client, account, cid)[-1]["type"] == "upload_request"
        answer = say(client, account, cid, "skip")
        assert reply_types(answer) == ["generation_progress"]
        parent = answer["replies"][0]["metadata"]["request_id"]
        assert wait_for_result(client, account, cid, parent)["type"] == "thumbnail_result"
        assert _generation(restarted, parent).face_asset_ids == []

    again, client = _app_client(settings)
    with client:
        answer = say(client, account, cid, "again")
        assert reply_types(answer) == ["generation_progress"]
        child = _generation(again, answer["replies"][0]["metadata"]["request_id"])
        assert child.parent_id == uuid.UUID(parent) and child.conversation_id == uuid.UUID(cid)
        assert wait_for_result(client, account, cid, str(child.id))["type"] == "thumbnail_result"
        assert client.get(f"{BASE}/{cid}", headers=account.headers).json()["title"] == "Cozy food vlog: homemade ramen"


def test_replies_and_results_arrive_as_chat_events(client, services, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    with EventCollector(services.bus, account.user["id"]) as seen:
        say(client, account, cid, "podcast episode about sleep science")
        say(client, account, cid, "lightning")
        answer = say(client, account, cid, "no thanks")
        request_id = answer["replies"][0]["metadata"]["request_id"]

        def is_result(event):
            return (event["event"] == "chat:message" and event["data"]["message"]["type"] == "thumbnail_result")

        result = seen.wait_for(is_result)["data"]
    messages = [e["data"]["message"] for e in seen.events if e["event"] == "chat:message"]
    sent = [m["type"] for m in messages if m["role"] == "assistant"]
    assert sent[:4] == ["intent", "algorithm_select", "upload_request", "generation_progress"]
    # the user's own messages go out too (another tab shows them)
    assert [m["content"] for m in messages if m["role"] == "user"] == [
        "podcast episode about sleep science", "lightning", "no thanks"]
    assert result["conversation_id"] == cid
    message = result["message"]
    assert message["metadata"]["request_id"] == request_id and message["timestamp"]
    assert download_image(client, message["metadata"]["thumbnail_url"]).format == "JPEG"
    assert any(e["event"] == "generation:completed" for e in seen.events)
