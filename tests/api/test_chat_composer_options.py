"""What the studio's composer sends along with a message: each image's role (and a
reference's mode), the style preset and the brand kit reach the generation request the chat
starts; someone else's kit is a 404; the presets' 320x180 cards. Runs on the embedded default
and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import uuid

import pytest

from api.assets_support import encoded, upload
from api.chat_support import (
    download_image,
    messages,
    new_conversation,
    reply_types,
    say,
    upload_face,
    wait_for_result,
)
from routix.store.models import GenerationRequest

KITS = "/api/v1/brand-kits"
KIT = {"name": "Pasta Lab", "primary_color": "#0B6E4F", "secondary_color": "#F4F1EA", "accent_color": "#E4572E"}


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _kit(client, account, **fields) -> str:
    response = client.post(KITS, json={**KIT, **fields}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _image(client, account, width: int) -> str:
    response = upload(client, account, encoded((width, 180)), asset_type="image")
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _row(services, answer: dict) -> GenerationRequest:
    assert reply_types(answer) == ["generation_progress"], answer
    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(answer["replies"][0]["metadata"]["request_id"]))
        assert row is not None
        session.expunge(row)
        return row


def test_roles_preset_and_kit_reach_the_generation(client, services, make_account):
    account = make_account()
    kit = _kit(client, account)
    cid = new_conversation(client, account)["id"]
    choices = {"style_preset": "neon", "brand_kit_id": kit}
    say(client, account, cid, "Cooking video: 5-minute creamy pasta", metadata=choices)
    face, product, layout = upload_face(client, account), _image(client, account, 320), _image(client, account, 330)
    sent = say(client, account, cid, type_="file_upload",
               metadata={"asset_id": product, "kind": "face", "role": "object", **choices})
    assert sent["message"]["metadata"] == {"asset_id": product, "kind": "face", "role": "object", **choices}
    assert sent["message"]["content"] == "Uploaded a product photo"
    assert "product photo" in sent["replies"][0]["content"]
    say(client, account, cid, type_="file_upload",
        metadata={"asset_id": layout, "role": "reference", "mode": "style_and_composition"})
    say(client, account, cid, type_="file_upload", metadata={"asset_id": face, "kind": "face"})  # role guessed
    row = _row(services, say(client, account, cid, type_="algorithm_selection",
                             metadata={"algorithm": "lightning", **choices}))
    assert row.inputs == [{"asset_id": product, "role": "object", "mode": None},
                          {"asset_id": layout, "role": "reference", "mode": "style_and_composition"}]
    assert row.face_asset_ids == [face] and row.logo_asset_id is None
    assert row.style_preference == "neon" and row.brand_kit_id == uuid.UUID(kit)
    status = client.get(f"/api/v1/generation/{row.id}", headers=account.headers).json()["request"]
    assert status["style_preset"] == "neon" and status["brand_kit_id"] == kit


def test_choices_hold_until_changed_and_the_latest_role_wins(client, services, make_account):
    account = make_account()
    kit = _kit(client, account)
    cid = new_conversation(client, account)["id"]
    say(client, account, cid, "Gaming thumbnail: boss fight", metadata={"style_preset": "comic", "brand_kit_id": kit})
    say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})  # no keys: kept
    picture = _image(client, account, 340)
    scene = {"asset_id": picture, "role": "scene"}
    row = _row(services, say(client, account, cid, type_="file_upload", metadata=scene))
    assert row.inputs == [{"asset_id": picture, "role": "scene", "mode": None}]
    assert (row.style_preference, row.brand_kit_id) == ("comic", uuid.UUID(kit))
    wait_for_result(client, account, cid, str(row.id))

    # the next request: the kit is cleared, the preset kept; the same image sent twice, the last role wins
    say(client, account, cid, "Travel vlog: one week in Tokyo", metadata={"brand_kit_id": None})
    say(client, account, cid, type_="file_upload", metadata={"asset_id": picture, "role": "logo", "kind": "logo"})
    say(client, account, cid, type_="file_upload", metadata={"asset_id": picture, "role": "reference"})
    row = _row(services, say(client, account, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"}))
    assert row.inputs == [{"asset_id": picture, "role": "reference", "mode": "style_only"}]
    assert row.style_preference == "comic" and row.brand_kit_id is None and row.logo_asset_id is None


def test_someone_elses_kit_is_404_and_bad_choices_are_422(client, make_account):
    owner, intruder = make_account(), make_account()
    theirs = _kit(client, owner)
    cid = new_conversation(client, intruder)["id"]
    answer = say(client, intruder, cid, "a podcast cover", metadata={"brand_kit_id": theirs}, status=404)
    assert answer["detail"] == "brand kit not found"
    say(client, intruder, cid, "a podcast cover", metadata={"brand_kit_id": str(uuid.uuid4())}, status=404)
    asset = upload_face(client, intruder)
    for metadata in ({"style_preset": "vaporwave"}, {"asset_id": asset, "role": "object", "mode": "style_only"},
                     {"asset_id": asset, "role": "hero"}):
        type_ = "file_upload" if "asset_id" in metadata else "text"
        answer = say(client, intruder, cid, "a podcast cover", type_=type_, metadata=metadata, status=422)
        assert answer["code"] == "invalid_message_metadata"
    assert messages(client, intruder, cid) == []


def test_a_kit_deleted_after_it_was_chosen_is_left_out(client, services, make_account):
    account = make_account()
    kit = _kit(client, account)
    cid = new_conversation(client, account)["id"]
    say(client, account, cid, "Fitness video: 30 day push-up challenge", metadata={"brand_kit_id": kit})
    assert client.delete(f"{KITS}/{kit}", headers=account.headers).status_code == 204
    row = _row(services, say(client, account, cid, "skip"))
    assert row.brand_kit_id is None


def test_presets_have_a_small_card_picture(client, make_account):
    account = make_account()
    items = client.get("/api/v1/presets", headers=account.headers).json()["items"]
    neon = next(item for item in items if item["name"] == "neon")
    assert neon["card_url"] == "/api/v1/presets/neon/preview.jpg?width=320"
    first = client.get(neon["card_url"])
    assert first.status_code == 200 and first.headers["content-type"] == "image/jpeg"
    card = download_image(client, neon["card_url"])
    assert (card.format, card.size) == ("JPEG", (320, 180))
    assert client.get(neon["card_url"]).content == first.content  # made once, then stored
    assert download_image(client, neon["preview_url"]).size == (640, 360)
    assert client.get("/api/v1/presets/neon/preview.jpg?width=123").status_code == 422
