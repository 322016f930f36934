"""A request without a title gets title suggestions in the chat; picking one ("Title: ...", what
the studio's chips send) makes it the generation's title. Both backends."""

from __future__ import annotations

import uuid

from api.chat_support import new_conversation, reply_types, say
from routix.brief.title import MAX_TITLE_CHARS
from routix.store.models import GenerationRequest


def _title_of(services, request_id: str) -> str | None:
    with services.db.session() as session:
        return session.get(GenerationRequest, uuid.UUID(request_id)).custom_text


def test_a_request_without_a_title_is_offered_titles_and_a_pick_is_used(client, services, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    answer = say(client, account, cid, "gaming thumbnail with explosions for my minecraft survival")
    assert reply_types(answer) == ["intent", "algorithm_select"]
    intent = answer["replies"][0]
    offered = intent["metadata"]["title_suggestions"]
    assert 1 <= len(offered) <= 3 and intent["metadata"]["title"] is None
    assert all(0 < len(title) <= MAX_TITLE_CHARS for title in offered)
    assert "EXPLOSIONS FOR MY MINECRAFT SURVIVAL" not in [t.upper() for t in offered]  # not the prompt cut short
    assert "Title:" in intent["content"]

    picked = say(client, account, cid, f"Title: {offered[1] if len(offered) > 1 else offered[0]}")
    assert reply_types(picked) == ["text"] and picked["replies"][0]["content"].startswith("Title set: ")
    too_long = say(client, account, cid, "title: " + "x" * (MAX_TITLE_CHARS + 1))
    assert f"at most {MAX_TITLE_CHARS}" in too_long["replies"][0]["content"]  # refused; the pick stays

    say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    started = say(client, account, cid, "skip")
    assert reply_types(started) == ["generation_progress"]
    chosen = offered[1] if len(offered) > 1 else offered[0]
    assert _title_of(services, started["replies"][0]["metadata"]["request_id"]) == chosen


def test_a_request_with_a_title_gets_no_suggestions_and_no_pick_means_no_title(client, services, make_account):
    account = make_account()
    cid = new_conversation(client, account)["id"]
    answer = say(client, account, cid, "gaming thumbnail with explosions, title 'I SURVIVED'")
    assert answer["replies"][0]["metadata"]["title_suggestions"] == []
    answer = say(client, account, cid, "podcast cover about sleep science, calm, blue")
    assert answer["replies"][0]["metadata"]["title_suggestions"]
    say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    started = say(client, account, cid, "skip")
    # nothing picked: the pipeline makes the title from the words, as before
    assert _title_of(services, started["replies"][0]["metadata"]["request_id"]) is None
