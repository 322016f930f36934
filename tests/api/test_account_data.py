"""Data rights end to end: ``GET /api/v1/account/export`` (a zip with valid JSON and the user's
images) and ``DELETE /api/v1/account`` (rows cascade, blobs go, shared uploads stay, tokens die)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

from PIL import Image
from sqlalchemy import func, select

from api.assets_support import encoded, upload
from api.jobs_support import wait_final
from routix.store.models import (
    AdminAuditLog,
    ApiKey,
    Asset,
    Conversation,
    CreditTransaction,
    GenerationRequest,
    RefreshToken,
    Video,
)

EXPORT, ACCOUNT = "/api/v1/account/export", "/api/v1/account"
JSON_FILES = ("account.json", "generations.json", "conversations.json", "assets.json", "credit_transactions.json",
              "api_keys.json", "feedback.json")


def _generate(client, account, face_id: str) -> str:
    body = {"prompt": "gaming thumbnail with explosions", "title": "Export Me", "face_asset_ids": [face_id]}
    created = client.post("/api/v1/generation/create", json=body, headers=account.headers)
    assert created.status_code == 201, created.text
    status = wait_final(client, account.headers, created.json()["id"])
    assert status["status"] == "completed", status
    return created.json()["id"]


def _blob_keys(services) -> set[str]:
    """Every key in the (local, possibly shared with a worker) blob store."""
    root = services.blobs.root
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_export_and_delete_require_a_user(client):
    assert client.get(EXPORT).status_code == 401
    assert client.request("DELETE", ACCOUNT, json={"password": "x"}).status_code == 401


def test_export_zip_has_valid_json_and_the_users_images(client, services, make_account):
    account = make_account()
    photo = encoded((64, 48))
    face = upload(client, account, photo, filename="me.jpg").json()
    generation_id = _generate(client, account, face["id"])
    client.post("/api/v1/auth/api-keys", headers=account.headers, json={"name": "script"})
    client.post("/api/v1/chat/conversations", headers=account.headers, json={})

    answer = client.get(EXPORT, headers=account.headers)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = set(archive.namelist())
    assert set(JSON_FILES) <= names
    docs = {name: json.loads(archive.read(name)) for name in JSON_FILES}
    assert docs["account.json"]["email"] == account.email and docs["account.json"]["missing_files"] == []
    assert "password_hash" not in archive.read("account.json").decode()
    assert [k["name"] for k in docs["api_keys.json"]] == ["script"] and "key_hash" not in docs["api_keys.json"][0]
    assert len(docs["conversations.json"]) == 1 and "messages" in docs["conversations.json"][0]
    generation = docs["generations.json"][0]
    assert generation["id"] == generation_id and "template_id" not in generation and "alternatives" not in generation
    assert f"files/generations/{generation_id}/thumbnail.jpg" in generation["files"]
    assert f"files/generations/{generation_id}/design.psd" in names
    thumb = Image.open(io.BytesIO(archive.read(f"files/generations/{generation_id}/thumbnail.jpg")))
    assert thumb.size == (1280, 720)
    upload_file = docs["assets.json"][0]["file"]
    assert upload_file == f"files/uploads/{face['id']}-me.jpg" and archive.read(upload_file)[:2] == b"\xff\xd8"
    assert isinstance(docs["credit_transactions.json"], list) and docs["feedback.json"] == []


def test_delete_account_removes_rows_and_files_but_keeps_shared_uploads(client, services, make_account):
    account, other = make_account(), make_account()
    shared, own = encoded((64, 48)), encoded((80, 60), "PNG")
    face = upload(client, account, shared).json()
    upload(client, account, own, filename="own.png")
    theirs = upload(client, other, shared).json()  # the same bytes: the same uploads/<sha256> blob
    generation_id = _generate(client, account, face["id"])
    client.post("/api/v1/auth/api-keys", headers=account.headers, json={"name": "script"})
    before = _blob_keys(services)
    with services.db.session() as session:
        keys = dict(session.execute(select(Asset.file_name, Asset.storage_key)
                                    .where(Asset.user_id == uuid.UUID(account.user["id"]))).all())
    assert any(k.startswith(f"generations/{generation_id}/") for k in before)
    assert {keys["photo.jpg"], keys["own.png"]} <= before

    wrong = client.request("DELETE", ACCOUNT, headers=account.headers, json={"password": "not my password"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_password"
    assert client.get("/api/v1/auth/me", headers=account.headers).status_code == 200
    gone = client.request("DELETE", ACCOUNT, headers=account.headers, json={"password": account.password})
    assert gone.status_code == 204

    after = _blob_keys(services)
    assert not any(k.startswith(f"generations/{generation_id}/") for k in after)
    assert keys["own.png"] not in after  # only this user had it
    assert keys["photo.jpg"] in after  # still the other user's upload
    shared_view = client.get(f"/api/v1/assets/{theirs['id']}", headers=other.headers)
    assert shared_view.status_code == 200
    assert client.get(shared_view.json()["url"]).status_code == 200

    assert client.get("/api/v1/auth/me", headers=account.headers).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}).status_code == 401
    login = client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password})
    assert login.status_code == 401
    uid = uuid.UUID(account.user["id"])
    with services.db.session() as session:
        for model in (GenerationRequest, Asset, ApiKey, RefreshToken, Conversation, CreditTransaction):
            assert session.scalar(select(func.count()).select_from(model).where(model.user_id == uid)) == 0, model
        logged = session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == "user.delete")).one()
    assert logged.resource_id == str(uid) and logged.admin_user_id is None
    assert logged.changes["note"] == "self-service" and logged.changes["before"]["email"] == account.email


def _video_with_files(services, account) -> tuple[str, set[str]]:
    """A completed video of ``account`` (on a stored generation row) with its files in the blob store."""
    uid = uuid.UUID(account.user["id"])
    with services.db.session() as session:
        generation = GenerationRequest(user_id=uid, prompt="a cooking show", status="completed", stage="completed",
                                       design={"layers": []})
        session.add(generation)
        session.flush()
        video = Video(user_id=uid, generation_id=generation.id, preset="zoom", animation={"preset": "zoom"},
                      formats=["mp4", "poster"], size="1280x720", duration=2.0, fps=24, frames=48,
                      status="completed")
        session.add(video)
        session.flush()
        video.outputs = {"mp4": f"videos/{video.id}/zoom.mp4", "poster": f"videos/{video.id}/zoom-poster.jpg"}
        session.commit()
        video_id, outputs = str(video.id), dict(video.outputs)
    for key in outputs.values():
        services.blobs.put(key, b"video bytes of " + key.encode(), "application/octet-stream")
    return video_id, set(outputs.values())


def test_delete_account_deletes_the_users_video_files_and_export_lists_them(client, services, make_account):
    account, other = make_account(), make_account()
    video_id, files = _video_with_files(services, account)
    _, their_files = _video_with_files(services, other)
    archive = zipfile.ZipFile(io.BytesIO(client.get(EXPORT, headers=account.headers).content))
    videos = json.loads(archive.read("videos.json"))
    assert [v["id"] for v in videos] == [video_id] and videos[0]["preset"] == "zoom"
    assert f"files/videos/{video_id}/zoom.mp4" in videos[0]["files"]
    assert archive.read(f"files/videos/{video_id}/zoom.mp4").startswith(b"video bytes")

    assert files | their_files <= _blob_keys(services)
    gone = client.request("DELETE", ACCOUNT, headers=account.headers, json={"password": account.password})
    assert gone.status_code == 204
    after = _blob_keys(services)
    assert not files & after, "the deleted user's video files are gone"
    assert their_files <= after, "another user's video files stay"
    with services.db.session() as session:
        assert session.get(Video, uuid.UUID(video_id)) is None
