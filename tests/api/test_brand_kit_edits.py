"""Edits that name a brand kit: "use my brand kit" puts the caller's kit (colours, title font,
logo) on a new version and keeps the art (free); someone else's kit never applies (its id is a
404, its name is not among yours: 422); without a kit the answer is a 422 question; in the
conversation "use my brand kit" sent while the thumbnail is being made is applied once it is
ready. Runs on the embedded default and on the scaled backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.assets_support import upload
from api.jobs_support import wait_final

URL = "/api/v1/brand-kits"
CREATE = "/api/v1/generation/create"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINE = {"name": "Pasta Lab", "primary_color": "#E4572E", "secondary_color": "#29335C", "accent_color": "#F3A712",
        "font_name": "bebas"}
THEIRS = {"name": "Theirs", "primary_color": "#00FF00", "secondary_color": "#FF00FF", "accent_color": "#00FFFF",
          "font_name": "bangers", "is_default": True}


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _edit(client, account, version_id: str, body: dict):
    return client.post(f"/api/v1/generation/{version_id}/edit", json=body, headers=account.headers)


def _design(client, account, version_id: str) -> dict:
    assert wait_final(client, account.headers, version_id)["status"] == "completed"
    result = client.get(f"/api/v1/generation/{version_id}", headers=account.headers).json()["result"]
    return client.get(result["design_url"]).json()


def _credits(client, account) -> int:
    return client.get("/api/v1/auth/me", headers=account.headers).json()["credits"]


def test_use_my_brand_kit_applies_mine_and_never_someone_elses(client, make_account):
    me, other = make_account(), make_account()
    base = client.post(CREATE, json={"prompt": "cooking pasta at home", "title": "Pasta Night", "seed": 7},
                       headers=me.headers)
    assert base.status_code == 201, base.text
    base_id = base.json()["id"]
    before = _design(client, me, base_id)

    # no kit at all: a clear question, nothing written
    none = _edit(client, me, base_id, {"instruction": "use my brand kit"})
    assert none.status_code == 422 and none.json()["code"] == "edit_unclear", none.text
    assert "no brand kit yet" in none.json()["detail"] and "Brand kits" in none.json()["detail"]

    theirs = client.post(URL, json=THEIRS, headers=other.headers).json()
    logo = upload(client, me, (FIXTURES / "photos" / "skimage_logo.png").read_bytes(), "logo.png", "logo").json()["id"]
    mine = client.post(URL, json={**MINE, "logo_asset_ids": [logo]}, headers=me.headers)
    assert mine.status_code == 201, mine.text

    # someone else's kit: its id is a 404, its name is not one of mine
    foreign = _edit(client, me, base_id, {"patch": {"ops": [{"op": "apply_brand_kit", "kit_id": theirs["id"]}]}})
    assert foreign.status_code == 404, foreign.text
    by_name = _edit(client, me, base_id, {"instruction": "use the Theirs kit"})
    assert by_name.status_code == 422 and '"Pasta Lab"' in by_name.json()["detail"], by_name.text

    credits = _credits(client, me)
    edited = _edit(client, me, base_id, {"instruction": "use my brand kit"})  # my only kit is the default
    assert edited.status_code == 201, edited.text
    assert edited.json()["edit_summary"] == 'Brand kit "Pasta Lab" applied: its colours, font and logo'
    after = _design(client, me, edited.json()["id"])
    assert after["palette"][:3] == ["#E4572E", "#29335C", "#F3A712"]
    title = next(layer for layer in after["layers"] if layer.get("slot") == "title")
    assert title["font"] == "bebas"
    assert any(layer.get("slot") == "logo" for layer in after["layers"])
    background = next(layer for layer in after["layers"] if layer["kind"] == "background")
    assert background == next(layer for layer in before["layers"] if layer["kind"] == "background")
    assert not {"#00FF00", "#FF00FF"} & set(after["palette"])
    assert _credits(client, me) == credits  # the art is kept: free

    # by name, case-insensitively
    named = _edit(client, me, base_id, {"instruction": "apply the pasta lab kit and move the title up"})
    assert named.status_code == 201, named.text
    assert named.json()["edit_summary"].startswith('Brand kit "Pasta Lab" applied')
    assert _design(client, me, named.json()["id"])["palette"][:3] == ["#E4572E", "#29335C", "#F3A712"]


def test_use_my_brand_kit_in_the_conversation(client, make_account, services):
    from api.chat_support import new_conversation, reply_types, say, upload_face, wait_for_result
    from api.jobs_support import load_row

    me = make_account()
    kit = client.post(URL, json={**MINE, "is_default": True}, headers=me.headers)
    assert kit.status_code == 201, kit.text
    cid = new_conversation(client, me)["id"]
    say(client, me, cid, "tech review of a new laptop, title 'This Laptop Changed Everything'")
    say(client, me, cid, type_="algorithm_selection", metadata={"algorithm": "lightning"})
    face = upload_face(client, me)
    started = say(client, me, cid, type_="file_upload", metadata={"asset_id": face, "kind": "face"})
    first = started["replies"][0]["metadata"]["request_id"]

    # sent while the thumbnail is being made (or just after): the kit is looked up now
    answer = say(client, me, cid, "use my brand kit")
    assert reply_types(answer) == ["generation_progress"], answer
    branded = answer["replies"][0]["metadata"]["request_id"]
    assert wait_for_result(client, me, cid, first)["type"] == "thumbnail_result"
    result = wait_for_result(client, me, cid, branded)
    assert result["type"] == "thumbnail_result", result
    row = load_row(services, branded)
    assert row.design["palette"][:3] == ["#E4572E", "#29335C", "#F3A712"]
    assert next(layer for layer in row.design["layers"] if layer.get("slot") == "title")["font"] == "bebas"
