"""Chat API: conversations CRUD, message validation (422), ownership (404), events, titles."""

from __future__ import annotations

import uuid

import pytest

from api.chat_support import (
    BASE,
    messages,
    new_conversation,
    reply_types,
    say,
    upload_face,
)
from routix.store.models import GenerationRequest


class RecordingBus:
    """Wraps the services' bus and keeps every published event."""

    def __init__(self, inner) -> None:
        self.inner, self.events = inner, []

    def publish(self, user_id, event) -> None:
        self.events.append((user_id, event))
        self.inner.publish(user_id, event)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_conversation_crud(client, make_account):
    account = make_account()
    first = new_conversation(client, account)
    assert first["title"] == "New chat"
    named = new_conversation(client, account, title="Channel art ideas")
    assert named["title"] == "Channel art ideas"

    listed = client.get(BASE, params={"limit": 1}, headers=account.headers).json()
    assert listed["total"] == 2 and len(listed["conversations"]) == 1
    assert listed["conversations"][0]["id"] == named["id"]  # most recently active first

    renamed = client.patch(f"{BASE}/{first['id']}", json={"title": "Renamed"}, headers=account.headers)
    assert renamed.status_code == 200 and renamed.json()["title"] == "Renamed"
    got = client.get(f"{BASE}/{first['id']}", headers=account.headers).json()
    assert got["title"] == "Renamed" and got["message_count"] == 0

    assert client.delete(f"{BASE}/{first['id']}", headers=account.headers).status_code == 204
    assert client.get(f"{BASE}/{first['id']}", headers=account.headers).status_code == 404
    assert client.get(BASE, headers=account.headers).json()["total"] == 1


def test_a_request_gets_intent_and_algorithm_choice(client, services, make_account):
    bus = services.__dict__["bus"] = RecordingBus(services.bus)
    account = make_account()
    conversation = new_conversation(client, account)
    answer = say(client, account, conversation["id"], "Please create a gaming thumbnail with explosions!")

    assert answer["message"]["role"] == "user" and answer["message"]["type"] == "text"
    assert reply_types(answer) == ["intent", "algorithm_select"]
    intent = answer["replies"][0]["metadata"]
    assert intent["category"] == "gaming" and "explosions" in intent["elements"]
    assert 1 <= intent["energy"] <= 10
    options = answer["replies"][1]["metadata"]["options"]
    assert {o["name"] for o in options} == {"lightning", "v1", "pro"}
    assert options[0]["is_default"] and all(o["estimated_seconds"] > 0 for o in options)

    title = client.get(f"{BASE}/{conversation['id']}", headers=account.headers).json()["title"]
    assert title == "Gaming thumbnail with explosions"
    # the user's message and the assistant's replies went out as chat:message events to this
    # user, in order (the user's other tabs show the message too)
    sent = [(uid, e) for uid, e in bus.events if e["event"] == "chat:message"]
    expected = [answer["message"]["id"], *(r["id"] for r in answer["replies"])]
    assert [e["data"]["message"]["id"] for _, e in sent] == expected
    assert {uid for uid, _ in sent} == {account.user["id"]}
    assert all(e["data"]["conversation_id"] == conversation["id"] for _, e in sent)
    # history reads back in the same order
    stored = messages(client, account, conversation["id"])
    assert [m["id"] for m in stored] == [answer["message"]["id"], *[r["id"] for r in answer["replies"]]]


def test_an_inactive_algorithm_is_not_offered(client, services, make_account):
    from sqlalchemy import update

    from routix.store.models import Algorithm

    with services.db.session() as session:
        session.execute(update(Algorithm).where(Algorithm.name == "pro").values(is_active=False))
    account = make_account()
    conversation = new_conversation(client, account)
    answer = say(client, account, conversation["id"], "cozy cooking vlog thumbnail")
    assert {o["name"] for o in answer["replies"][1]["metadata"]["options"]} == {"lightning", "v1"}
    say(client, account, conversation["id"], type_="algorithm_selection", metadata={"algorithm": "pro"}, status=422)


@pytest.mark.parametrize("body", [
    {"content": "hi", "type": "intent", "metadata": {}},                       # assistant-only type
    {"content": "hi", "type": "shout"},                                        # unknown type
    {"content": "", "type": "text"},                                           # empty text
    {"content": "x" * 1001, "type": "text"},                                   # too long
    {"content": "hi", "type": "text", "metadata": {"extra": 1}},               # text takes no metadata
    {"type": "file_upload", "metadata": {"kind": "face"}},                     # asset id missing
    {"type": "file_upload", "metadata": {"asset_id": "nope", "kind": "face"}},
    {"type": "algorithm_selection", "metadata": {}},
    {"type": "algorithm_selection", "metadata": {"algorithm": "turbo"}},       # unknown algorithm
    {"content": "hi", "type": "text", "colour": "red"},                        # unknown field
])
def test_invalid_messages_answer_422_and_store_nothing(client, make_account, body):
    account = make_account()
    conversation = new_conversation(client, account)
    response = client.post(f"{BASE}/{conversation['id']}/messages", json=body, headers=account.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert messages(client, account, conversation["id"]) == []


def test_unknown_fields_in_conversation_bodies_answer_422(client, make_account):
    account = make_account()
    assert client.post(BASE, json={"title": "x", "owner": "me"}, headers=account.headers).status_code == 422
    conversation = new_conversation(client, account)
    response = client.patch(f"{BASE}/{conversation['id']}", json={"title": "x", "pinned": True},
                            headers=account.headers)
    assert response.status_code == 422
    assert client.patch(f"{BASE}/{conversation['id']}", json={"title": ""}, headers=account.headers).status_code == 422


def test_another_users_conversation_is_404_everywhere(client, make_account):
    owner, intruder = make_account(), make_account()
    conversation = new_conversation(client, owner, title="Mine")
    say(client, owner, conversation["id"], "travel vlog thumbnail in iceland")
    url = f"{BASE}/{conversation['id']}"
    h = intruder.headers
    answers = [
        client.get(url, headers=h), client.patch(url, json={"title": "Stolen"}, headers=h),
        client.delete(url, headers=h), client.get(f"{url}/messages", headers=h),
        client.post(f"{url}/messages", json={"content": "again"}, headers=h),
    ]
    assert [a.status_code for a in answers] == [404] * 5
    assert all(a.json()["code"] == "conversation_not_found" for a in answers)
    assert client.get(BASE, headers=h).json()["total"] == 0
    unknown = f"{BASE}/{uuid.uuid4()}"
    assert client.get(unknown, headers=owner.headers).json()["code"] == "conversation_not_found"
    # untouched for the owner
    got = client.get(url, headers=owner.headers).json()
    assert got["title"] == "Mine" and got["message_count"] == 3


def test_another_users_asset_cannot_be_sent(client, make_account):
    owner, intruder = make_account(), make_account()
    asset_id = upload_face(client, owner)
    conversation = new_conversation(client, intruder)
    response = client.post(f"{BASE}/{conversation['id']}/messages", headers=intruder.headers,
                           json={"type": "file_upload", "metadata": {"asset_id": asset_id, "kind": "face"}})
    assert response.status_code == 404
    assert messages(client, intruder, conversation["id"]) == []


def test_chat_needs_a_login(client):
    assert client.get(BASE).status_code == 401
    assert client.post(BASE).status_code == 401


def test_message_types_are_documented(client):
    body = client.get("/api/v1/chat/message-types").json()
    assert body["user_types"] == ["text", "file_upload", "algorithm_selection"]
    assert body["types"]["thumbnail_result"]["sent_by"] == ["assistant"]
    assert "asset_id" in body["types"]["file_upload"]["schema"]["properties"]


def test_selection_and_upload_before_a_request(client, make_account):
    account = make_account()
    conversation = new_conversation(client, account)
    answer = say(client, account, conversation["id"], type_="algorithm_selection", metadata={"algorithm": "lightning"})
    assert reply_types(answer) == ["text"] and "what the thumbnail is about" in answer["replies"][0]["content"]
    assert answer["message"]["content"] == "Routix Lightning"
    asset_id = upload_face(client, account)
    answer = say(client, account, conversation["id"], type_="file_upload", metadata={"asset_id": asset_id})
    assert reply_types(answer) == ["text"]
    assert say(client, account, conversation["id"], "again")["replies"][0]["content"].startswith("There's nothing")


def test_typed_choice_and_a_new_request_restart_the_choice(client, make_account):
    account = make_account()
    conversation = new_conversation(client, account)
    say(client, account, conversation["id"], "finance video about stock market crash")
    answer = say(client, account, conversation["id"], "Routix v1 please")
    assert answer["message"]["type"] == "algorithm_selection"
    assert answer["message"]["metadata"]["algorithm"] == "v1"
    assert reply_types(answer) == ["upload_request"]
    # a different request instead of an upload: a new intent, and the choice is asked again
    answer = say(client, account, conversation["id"], "calm lofi music stream with rain at night")
    assert reply_types(answer) == ["intent", "algorithm_select"]
    assert answer["replies"][0]["metadata"]["category"] == "music"
    title = client.get(f"{BASE}/{conversation['id']}", headers=account.headers).json()["title"]
    assert title == "Finance video about stock market crash"  # the first request names the chat


def test_small_talk_keeps_the_request_and_skip_uses_the_default(client, services, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    say(client, account, cid, "retro synthwave music video")
    thanks = say(client, account, cid, "ok thanks!")
    assert reply_types(thanks) == ["text"] and "Describe a thumbnail" in thanks["replies"][0]["content"]
    answer = say(client, account, cid, "skip")  # before choosing a version: the default one, no upload
    assert reply_types(answer) == ["generation_progress"]
    meta = answer["replies"][0]["metadata"]
    assert meta["algorithm"] == "lightning" and meta["variants"] == 0
    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(meta["request_id"]))
        assert row.prompt == "retro synthwave music video" and row.conversation_id == uuid.UUID(cid)
    # deleting the conversation keeps the generation (it stays in the user's list), unlinked
    assert client.delete(f"{BASE}/{cid}", headers=account.headers).status_code == 204
    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(meta["request_id"]))
        assert row is not None and row.conversation_id is None
