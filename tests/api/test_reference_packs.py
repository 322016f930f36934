"""Reference packs: CRUD with reorder, the item limit, someone else's pack or asset (404),
sharing by e-mail (read and use, never change), the audit row, and generations that name a
pack (its items become reference inputs with their modes; a shared pack works for its
recipient). Runs on the embedded default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image
from sqlalchemy import select

from api.assets_support import upload
from api.jobs_support import generation_count, wait_final
from routix.reference_packs.apply import crop_image
from routix.store.models import AdminAuditLog, GenerationRequest

URL = "/api/v1/reference-packs"
CREATE = "/api/v1/generation/create"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _image(colour: tuple[int, int, int], size: tuple[int, int] = (96, 64)) -> bytes:
    image = Image.new("RGB", size, colour)
    image.paste((250, 250, 250), (0, 0, size[0] // 3, size[1]))  # not one flat colour
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _asset(client, account, colour: tuple[int, int, int]) -> str:
    answer = upload(client, account, _image(colour), "reference.png", "image")
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def _pack(client, account, assets: list[str], name: str = "Neon looks") -> dict:
    items = [{"asset_id": a, "mode": "style_only"} for a in assets]
    answer = client.post(URL, json={"name": name, "items": items}, headers=account.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_crud_reorder_limit_and_someone_elses(client, make_account):
    me, other = make_account(), make_account()
    first, second, third = (_asset(client, me, c) for c in ((200, 30, 30), (30, 200, 30), (30, 30, 200)))
    theirs = _asset(client, other, (120, 40, 160))

    pack = _pack(client, me, [first, second])
    assert pack["name"] == "Neon looks" and pack["shared"] is False and pack["owner_name"] is None
    assert [i["asset_id"] for i in pack["items"]] == [first, second]
    assert all(i["thumbnail_url"] and i["crop"] is None for i in pack["items"])
    assert client.get(f"{URL}/{pack['id']}", headers=me.headers).json()["items"] == pack["items"]

    changed = client.patch(f"{URL}/{pack['id']}", json={"name": "Reordered", "items": [
        {"asset_id": third, "mode": "style_and_composition", "crop": {"x": 0.1, "y": 0.2, "w": 0.5, "h": 0.6}},
        {"asset_id": first}, {"asset_id": second}]}, headers=me.headers)
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["name"] == "Reordered" and [i["asset_id"] for i in body["items"]] == [third, first, second]
    assert body["items"][0]["mode"] == "style_and_composition" and body["items"][1]["mode"] == "style_only"
    assert body["items"][0]["crop"] == {"x": 0.1, "y": 0.2, "w": 0.5, "h": 0.6}

    listed = client.get(URL, headers=me.headers).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == pack["id"] and listed["next_cursor"] is None
    assert client.get(URL, headers=other.headers).json()["total"] == 0

    too_many = client.post(URL, json={"name": "Big", "items": [{"asset_id": first}] * 7}, headers=me.headers)
    assert too_many.status_code == 422 and too_many.json()["code"] == "too_many_items"
    bad_crop = client.patch(f"{URL}/{pack['id']}", json={"items": [
        {"asset_id": first, "crop": {"x": 0.8, "y": 0, "w": 0.5, "h": 1}}]}, headers=me.headers)
    assert bad_crop.status_code == 422
    stranger_asset = client.post(URL, json={"name": "x", "items": [{"asset_id": theirs}]}, headers=me.headers)
    assert stranger_asset.status_code == 404
    assert client.patch(f"{URL}/{pack['id']}", json={"items": [{"asset_id": theirs}]},
                        headers=me.headers).status_code == 404

    for answer in (client.get(f"{URL}/{pack['id']}", headers=other.headers),
                   client.patch(f"{URL}/{pack['id']}", json={"name": "mine"}, headers=other.headers),
                   client.delete(f"{URL}/{pack['id']}", headers=other.headers),
                   client.post(f"{URL}/{pack['id']}/share", json={"email": other.email}, headers=other.headers),
                   client.get(f"{URL}/{uuid.uuid4()}", headers=me.headers)):
        assert answer.status_code == 404, answer.text
    before = generation_count(_services(client), other.user["id"])
    used = client.post(CREATE, json={"prompt": "neon gaming", "reference_pack_id": pack["id"]}, headers=other.headers)
    assert used.status_code == 404 and generation_count(_services(client), other.user["id"]) == before

    assert client.delete(f"{URL}/{pack['id']}", headers=me.headers).status_code == 204
    assert client.get(f"{URL}/{pack['id']}", headers=me.headers).status_code == 404


def _services(client):
    return client.app.state.services


def test_share_read_use_but_not_change(client, make_account, services):
    owner, friend = make_account(), make_account()
    red, blue = _asset(client, owner, (220, 40, 40)), _asset(client, owner, (40, 40, 220))
    pack = _pack(client, owner, [red, blue], "Owner's style")
    client.patch(f"{URL}/{pack['id']}", json={"items": [
        {"asset_id": blue, "mode": "style_and_composition", "crop": {"x": 0.5, "y": 0, "w": 0.5, "h": 1}},
        {"asset_id": red, "mode": "style_only"}]}, headers=owner.headers)

    nobody = client.post(f"{URL}/{pack['id']}/share", json={"email": "nobody-here@example.com"}, headers=owner.headers)
    shared = client.post(f"{URL}/{pack['id']}/share", json={"email": friend.email.upper()}, headers=owner.headers)
    assert nobody.status_code == shared.status_code == 202 and nobody.json() == shared.json()
    with services.db.session() as session:
        notes = sorted(r.changes.get("note", "") for r in session.scalars(
            select(AdminAuditLog).where(AdminAuditLog.action == "reference_pack.share")))
    assert notes == ["no change", "shared"]

    listed = client.get(URL, headers=friend.headers).json()
    assert listed["total"] == 1
    seen = listed["items"][0]
    assert seen["shared"] is True and seen["owner_name"] and [i["asset_id"] for i in seen["items"]] == [blue, red]
    assert all(i["thumbnail_url"] for i in seen["items"])
    assert client.get(f"{URL}/{pack['id']}", headers=friend.headers).json()["shared"] is True
    for answer in (client.patch(f"{URL}/{pack['id']}", json={"name": "taken"}, headers=friend.headers),
                   client.delete(f"{URL}/{pack['id']}", headers=friend.headers),
                   client.post(f"{URL}/{pack['id']}/share", json={"email": owner.email}, headers=friend.headers)):
        assert answer.status_code == 404, answer.text
    assert client.get(f"{URL}/{pack['id']}", headers=owner.headers).json()["name"] == "Owner's style"

    created = client.post(CREATE, json={"prompt": "retro gaming night", "title": "Retro", "seed": 3,
                                        "reference_pack_id": pack["id"]}, headers=friend.headers)
    assert created.status_code == 201, created.text
    inputs = created.json()["request"]["inputs"]
    assert [(i["asset_id"], i["role"], i["mode"]) for i in inputs] == [
        (blue, "reference", "style_and_composition"), (red, "reference", "style_only")]
    gid = created.json()["id"]
    final = wait_final(client, friend.headers, gid)
    assert final["status"] == "completed", final["error"]
    result = client.get(f"/api/v1/generation/{gid}", headers=friend.headers).json()
    assert any("reference" in note for note in result["result"]["notes"]), result["result"]["notes"]
    with services.db.session() as session:
        stored = session.get(GenerationRequest, uuid.UUID(gid)).inputs
    assert [(i["asset_id"], i["mode"], i["crop"], i["pack_id"]) for i in stored] == [
        (blue, "style_and_composition", {"x": 0.5, "y": 0.0, "w": 0.5, "h": 1.0}, pack["id"]),
        (red, "style_only", None, pack["id"])]
    # nothing of the owner's uploads is handed to the recipient: no asset links in the result
    text = str(result)
    assert all(f"/{a}" not in text for a in (red, blue)) and "assets/" not in text
    # the owner's assets stay the owner's
    assert client.get(f"/api/v1/assets/{red}", headers=friend.headers).status_code == 404

    again = client.post(f"/api/v1/generation/{gid}/regenerate", json={}, headers=friend.headers)
    assert again.status_code == 201, again.text
    assert [i["asset_id"] for i in again.json()["request"]["inputs"]] == [blue, red]
    assert wait_final(client, friend.headers, again.json()["id"])["status"] == "completed"


def test_crop_cuts_fractions_and_keeps_the_smallest_side():
    image = Image.new("RGB", (100, 50), (0, 0, 0))
    assert crop_image(image, None) is image
    big = Image.new("RGB", (400, 200), (0, 0, 0))
    assert crop_image(big, {"x": 0.5, "y": 0.0, "w": 0.5, "h": 1.0}).size == (200, 200)
    assert crop_image(image, {"x": 0.5, "y": 0.0, "w": 0.5, "h": 1.0}).size == (64, 64)  # scaled up for the DNA
    assert crop_image(image, {"x": 0.999, "y": 0.999, "w": 0.001, "h": 0.001}).size == (64, 64)
