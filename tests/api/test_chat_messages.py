"""Message types, payload validation, follow-up phrases and the history-driven flow state (no app)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from routix.chat import phrases
from routix.chat.messages import (
    ASSISTANT_TYPES,
    MESSAGE_TYPES,
    USER_TYPES,
    payload_schemas,
    validate_payload,
)
from routix.chat.state import MAX_FACES, read_state
from routix.errors import InvalidInput

ALGORITHMS = {"lightning": "Routix Lightning", "v1": "Routix v1", "pro": "Routix Pro"}


def test_every_type_has_a_schema_and_a_sender():
    schemas = payload_schemas()
    assert set(schemas) == set(MESSAGE_TYPES)
    for name, entry in schemas.items():
        assert entry["sent_by"], name
        assert entry["schema"]["type"] == "object"
        assert entry["schema"].get("additionalProperties") is False, name
    assert set(USER_TYPES) == {"text", "file_upload", "algorithm_selection"}
    assert not set(USER_TYPES) - {"text"} & set(ASSISTANT_TYPES)


@pytest.mark.parametrize("type_, metadata", [
    ("file_upload", {}),                                          # asset_id missing
    ("file_upload", {"asset_id": "not-a-uuid"}),
    ("file_upload", {"asset_id": str(uuid.uuid4()), "kind": "banner"}),
    ("algorithm_selection", {}),                                  # neither name nor id
    ("algorithm_selection", {"algorithm": "pro", "colour": "red"}),  # unknown key
    ("text", {"anything": 1}),
    ("intent", {"prompt": "x"}),                                  # assistant-only type
    ("thumbnail_result", {}),
    ("shout", {}),
])
def test_user_input_is_rejected(type_, metadata):
    with pytest.raises(InvalidInput):
        validate_payload(type_, metadata, role="user")


def test_user_input_is_normalised():
    asset = uuid.uuid4()
    assert validate_payload("file_upload", {"asset_id": str(asset)}) == {"asset_id": str(asset), "kind": "face"}
    assert validate_payload("algorithm_selection", {"algorithm": "pro"}) == {"algorithm": "pro", "algorithm_id": None}
    assert validate_payload("text", None) == {}


def test_assistant_output_is_validated():
    with pytest.raises(InvalidInput):
        validate_payload("file_upload", {"asset_id": str(uuid.uuid4())}, role="assistant")
    with pytest.raises(InvalidInput):
        validate_payload("intent", {"prompt": "p", "category": "gaming", "mood": "calm", "energy": 11,
                                    "style": "bold"}, role="assistant")
    with pytest.raises(InvalidInput):  # a template id has no place in a result
        validate_payload("thumbnail_result", {"request_id": str(uuid.uuid4()), "algorithm_used": "lightning",
                                              "template_id": "gaming-03"}, role="assistant")
    out = validate_payload("generation_progress", {"request_id": str(uuid.uuid4()), "progress": 40},
                           role="assistant")
    assert out["progress"] == 40 and out["status"] == "pending"


@pytest.mark.parametrize("text, again, variants", [
    ("again", True, False), ("One more please!", True, False), ("regenerate", True, False),
    ("another one", True, False), ("more variants", False, True), ("give me more options", False, True),
    ("gaming thumbnail with explosions", False, False),
    ("do it again and again with a neon city skyline behind a racing car", False, False),  # a long request
])
def test_follow_ups(text, again, variants):
    assert phrases.asks_again(text) is again
    assert phrases.asks_more_variants(text) is variants


@pytest.mark.parametrize("text, skip", [
    ("skip", True), ("No thanks", True), ("no", True), ("go ahead", True), ("without a photo", True),
    ("no text, just a huge red arrow", False), ("here is my face", False),
])
def test_skip(text, skip):
    assert phrases.says_skip(text) is skip


@pytest.mark.parametrize("text, small", [
    ("thanks!", True), ("ok cool", True), ("Hi", True), ("thanks for the gaming thumbnail", False), ("again", False),
])
def test_small_talk(text, small):
    assert phrases.is_small_talk(text) is small


@pytest.mark.parametrize("text, name", [
    ("lightning", "lightning"), ("Routix Pro please", "pro"), ("use v1", "v1"), ("go with pro", "pro"),
    ("pro gamer thumbnail", None), ("a calm lightning storm over the sea at dusk", None),
])
def test_names_algorithm(text, name):
    assert phrases.names_algorithm(text, ALGORITHMS) == name


def test_short_title():
    title = phrases.short_title("Please create a gaming thumbnail with explosions!")
    assert title == "Gaming thumbnail with explosions"
    long = phrases.short_title("make an epic minecraft thumbnail about surviving one hundred days in hardcore mode")
    assert len(long) <= phrases.MAX_TITLE_CHARS and long.endswith("…") and long.startswith("Epic minecraft")
    assert phrases.short_title("   ") == phrases.DEFAULT_TITLE


def _msg(role, type_, meta=None):
    return SimpleNamespace(role=role, type=type_, meta=meta or {}, content="")


def _upload(kind="face"):
    return _msg("user", "file_upload", {"asset_id": str(uuid.uuid4()), "kind": kind})


def test_state_follows_the_history():
    intent = _msg("assistant", "intent", {"prompt": "p"})
    history = [_msg("user", "text"), intent, _msg("assistant", "algorithm_select")]
    state = read_state(history, [])
    assert state.intent is intent and state.algorithm is None and not state.upload_asked and not state.busy

    history += [_msg("user", "algorithm_selection", {"algorithm": "pro"}), _msg("assistant", "upload_request")]
    state = read_state(history, [])
    assert state.algorithm == "pro" and state.upload_asked and not state.has_upload

    logo = _upload("logo")
    faces = [_upload() for _ in range(MAX_FACES + 1)]
    state = read_state([*history, logo, *faces], [])
    assert state.logo == uuid.UUID(logo.meta["asset_id"])
    assert state.faces == [uuid.UUID(f.meta["asset_id"]) for f in faces[-MAX_FACES:]]

    running = SimpleNamespace(status="generating")
    state = read_state([*history, logo, _msg("assistant", "generation_progress")], [running])
    assert state.intent is None and not state.has_upload and state.busy and state.last_generation is running
    assert not read_state(history, [SimpleNamespace(status="failed")]).busy


def test_a_new_intent_resets_the_choice_but_keeps_uploads():
    face = _upload()
    history = [face, _msg("assistant", "intent"), _msg("user", "algorithm_selection", {"algorithm": "pro"}),
               _msg("assistant", "intent")]
    state = read_state(history, [])
    assert state.algorithm is None and state.faces == [uuid.UUID(face.meta["asset_id"])]
