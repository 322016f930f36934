"""Edits in the conversation: after a result, "make the title bigger" and "use a blue colour
scheme" edit that version (photo and title kept) and the assistant says what changed; a
follow-up sent while the thumbnail is still being made is queued and applied after it;
"again" with a card's ``version_id`` regenerates that card, not the newest; an unclear
follow-up gets a question back. Runs on both backends."""

from __future__ import annotations

import uuid

import pytest

from api.chat_support import messages, new_conversation, reply_types, say, upload_face, wait_for_result
from api.jobs_support import load_row


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _start(client, account, cid: str) -> str:
    say(client, account, cid, "tech review of a new laptop, title 'This Laptop Changed Everything'")
    say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    face = upload_face(client, account)
    answer = say(client, account, cid, type_="file_upload", metadata={"asset_id": face, "kind": "face"})
    assert reply_types(answer) == ["generation_progress"]
    return answer["replies"][0]["metadata"]["request_id"]


def _layer(row, slot: str) -> dict:
    return next(layer for layer in row.design["layers"] if layer.get("slot") == slot)


def _edit(client, account, cid: str, text: str, **metadata) -> tuple[str, dict]:
    answer = say(client, account, cid, text, metadata=metadata or None)
    assert reply_types(answer) == ["generation_progress"], answer
    request_id = answer["replies"][0]["metadata"]["request_id"]
    result = wait_for_result(client, account, cid, request_id)
    assert result["type"] == "thumbnail_result", result
    return request_id, {"progress": answer["replies"][0]["content"], "result": result["content"]}


def test_follow_ups_edit_the_result(client, make_account, services):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    first = _start(client, account, cid)
    # sent while the first thumbnail is being made: queued, applied to it once it is ready
    queued = say(client, account, cid, "make the title bigger")
    assert reply_types(queued) == ["generation_progress"]
    assert "as soon as" in queued["replies"][0]["content"]
    bigger = queued["replies"][0]["metadata"]["request_id"]
    assert wait_for_result(client, account, cid, first)["type"] == "thumbnail_result"
    result = wait_for_result(client, account, cid, bigger)
    assert result["type"] == "thumbnail_result", result
    assert result["content"].startswith("Done: Title 25 % larger")
    base, edited = load_row(services, first), load_row(services, bigger)
    assert edited.parent_id == base.id and edited.kind == "edit"
    before, after = _layer(base, "title")["box"], _layer(edited, "title")["box"]
    assert after["w"] * after["h"] > before["w"] * before["h"] * 1.2

    # the second failing message of the studio: a colour scheme, keeping the photo and the title
    blue, said = _edit(client, account, cid, "use a blue colour scheme")
    assert "blue scheme" in said["progress"] and "blue scheme" in said["result"]
    row = load_row(services, blue)
    assert row.parent_id == edited.id
    assert _layer(row, "title")["text"] == _layer(edited, "title")["text"] == "This Laptop Changed Everything"
    assert _layer(row, "subject")["asset"] == _layer(edited, "subject")["asset"]
    assert row.design["palette"] != edited.design["palette"]

    # an unclear follow-up: a question, nothing started
    answer = say(client, account, cid, "make it bigger")
    assert reply_types(answer) == ["text"] and "title or the subject" in answer["replies"][0]["content"]

    # "again" from the first card regenerates the first request, not the newest version
    answer = say(client, account, cid, "again", metadata={"version_id": first})
    assert reply_types(answer) == ["generation_progress"]
    again = load_row(services, answer["replies"][0]["metadata"]["request_id"])
    assert again.parent_id == base.id and again.kind == "regenerate"

    # an edit from an older card edits that card; undo goes back
    _, said = _edit(client, account, cid, "title in yellow", version_id=first)
    newest = [m for m in messages(client, account, cid) if m["type"] == "generation_progress"][-1]
    yellow = load_row(services, newest["metadata"]["request_id"])
    assert yellow.parent_id == base.id and _layer(yellow, "title")["fill"]["color"] == "#FFD400"
    undone, said = _edit(client, account, cid, "undo", version_id=str(yellow.id))
    assert said["progress"] == "Going back a version..."
    assert load_row(services, undone).design == base.design


def test_a_new_request_after_a_result_is_not_an_edit(client, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    first = _start(client, account, cid)
    wait_for_result(client, account, cid, first)
    before = len(messages(client, account, cid))
    say(client, account, cid, "make the title bigger", metadata={"version_id": str(uuid.uuid4())}, status=404)
    assert len(messages(client, account, cid)) == before  # someone else's (or no) version: nothing stored
    answer = say(client, account, cid, "cooking video about pasta night")
    assert reply_types(answer) == ["intent", "algorithm_select"]
