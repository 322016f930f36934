"""The generation API end to end: create -> a real job -> signed files; idempotency; ownership;
validation. Runs on the embedded default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from PIL import Image

from api.chat_support import download_image
from api.jobs_support import blob_keys, generation_count, load_row, wait_final

CREATE = "/api/v1/generation/create"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def test_create_runs_the_job_and_serves_signed_files(client, make_account, services):
    account = make_account()
    body = {"prompt": "gaming thumbnail with explosions", "title": "I Survived 100 Days", "variants": 1}
    response = client.post(CREATE, json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "pending" and created["progress"] == 0 and created["result"] is None
    assert created["request"]["title"] == "I Survived 100 Days"

    status = wait_final(client, account.headers, created["id"])
    assert status["status"] == "completed", status
    assert status["progress"] == 100 and status["attempt"] == 1 and status["final_thumbnail_url"]
    view = client.get(f"/api/v1/generation/{created['id']}", headers=account.headers).json()
    files = view["result"]
    thumbnail = download_image(client, files["thumbnail_url"])
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (1280, 720))
    png = download_image(client, files["thumbnail_png_url"])
    assert (png.format, png.size) == ("PNG", (1280, 720))
    assert download_image(client, files["cover_url"]).size == (3000, 3000)
    assert [download_image(client, url).size for url in files["variants"]] == [(1280, 720)]
    assert client.get(files["psd_url"]).content[:4] == b"8BPS"
    design = client.get(files["design_url"]).json()
    shown = " ".join(layer.get("text", "") for layer in design["layers"]).upper().split()
    assert all(word in shown for word in ("I", "SURVIVED", "100", "DAYS"))  # a number-led layout may split it
    assert client.get(files["quality_url"]).json()["passed"] == files["quality"]["passed"]
    assert {c["name"] for c in files["quality"]["checks"]} >= {"title_contrast", "safe_margins"}

    row = load_row(services, created["id"])
    assert view["template_ref"] == row.template_ref and row.template_ref.startswith("tpl_")
    assert row.template_id and row.template_id not in json.dumps(view) + json.dumps(design)
    assert "template_id" not in json.dumps(view) and "alternatives" not in json.dumps(view)
    # exactly one set of files: every output is stored and nothing else is
    assert blob_keys(services, created["id"]) == set(row.outputs.values())


def test_idempotency_key_replays_and_conflicts(client, make_account, services):
    account = make_account()
    body = {"prompt": "cozy cooking vlog, pasta night", "variants": 0}
    headers = {**account.headers, "Idempotency-Key": "order-42"}
    first = client.post(CREATE, json=body, headers=headers)
    again = client.post(CREATE, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    different = client.post(CREATE, json={**body, "variants": 2}, headers=headers)
    assert different.status_code == 409
    assert different.headers["content-type"].startswith("application/problem+json")
    assert different.json()["code"] == "idempotency_conflict"
    assert generation_count(services, account.user["id"]) == 1
    # keys are per user: another user's identical key creates their own generation
    other = make_account()
    theirs = client.post(CREATE, json=body, headers={**other.headers, "Idempotency-Key": "order-42"})
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    wait_final(client, account.headers, first.json()["id"])


def test_another_users_generation_is_404_everywhere(client, make_account):
    owner, stranger = make_account(), make_account()
    created = client.post(CREATE, json={"prompt": "finance tips, stock chart"}, headers=owner.headers).json()
    gid = created["id"]
    for method, url in [("get", f"/api/v1/generation/{gid}"), ("get", f"/api/v1/generation/{gid}/status"),
                        ("post", f"/api/v1/generation/{gid}/regenerate")]:
        response = getattr(client, method)(url, headers=stranger.headers)
        assert response.status_code == 404, (url, response.text)
        assert response.json()["code"] == "not_found"
        unknown = getattr(client, method)(url.replace(gid, str(uuid.uuid4())), headers=stranger.headers)
        assert unknown.status_code == 404 and unknown.json()["detail"] == response.json()["detail"]
    assert client.get("/api/v1/generation", headers=stranger.headers).json()["total"] == 0
    assert client.get(f"/api/v1/generation/{gid}/status").status_code == 401
    wait_final(client, owner.headers, gid)


@pytest.mark.parametrize("body", [
    {"prompt": "x", "colour": "red"},  # unknown field
    {"prompt": ""},
    {"prompt": "x" * 1001},
    {"prompt": "x", "title": "t" * 201},
    {"prompt": "x", "variants": 9},
    {"prompt": "x", "variants": -1},
    {"prompt": "x", "seed": -5},
    {"title": "no prompt"},
])
def test_invalid_bodies_are_422_and_store_nothing(client, make_account, services, body):
    account = make_account()
    response = client.post(CREATE, json=body, headers=account.headers)
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("/invalid_input")
    assert generation_count(services, account.user["id"]) == 0


def test_references_must_exist_and_belong_to_the_user(client, make_account, services):
    owner, stranger = make_account(), make_account()
    photo = Image.new("RGB", (64, 48), (200, 120, 90))
    buf = io.BytesIO()
    photo.save(buf, format="JPEG")
    upload = client.post("/api/v1/assets", files={"file": ("me.jpg", buf.getvalue(), "image/jpeg")},
                         data={"asset_type": "face"}, headers=owner.headers)
    assert upload.status_code == 201, upload.text
    asset_id = upload.json()["id"]
    cases = [
        ({"prompt": "x", "face_asset_ids": [asset_id]}, 404, "not_found"),
        ({"prompt": "x", "logo_asset_id": asset_id}, 404, "not_found"),
        ({"prompt": "x", "conversation_id": str(uuid.uuid4())}, 404, "not_found"),
        ({"prompt": "x", "algorithm": "midjourney"}, 422, "unknown_algorithm"),
        ({"prompt": "x", "template_preference": "tpl_0123456789ab"}, 422, "unknown_template_ref"),
    ]
    for body, status, code in cases:
        response = client.post(CREATE, json=body, headers=stranger.headers)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    assert generation_count(services, stranger.user["id"]) == 0


def test_list_is_newest_first_and_paged(client, make_account):
    account = make_account()
    ids = [client.post(CREATE, json={"prompt": f"travel vlog part {i}"}, headers=account.headers).json()["id"]
           for i in range(3)]
    page = client.get("/api/v1/generation?limit=2", headers=account.headers).json()
    assert page["total"] == 3 and [item["id"] for item in page["items"]] == ids[::-1][:2]
    rest = client.get("/api/v1/generation?limit=2&offset=2", headers=account.headers).json()
    assert [item["id"] for item in rest["items"]] == ids[:1]
    for gid in ids:
        wait_final(client, account.headers, gid)


def test_regenerate_makes_a_linked_row_with_a_new_seed(client, make_account, services):
    account = make_account()
    parent = client.post(CREATE, json={"prompt": "tech review of a new phone", "seed": 7},
                         headers=account.headers).json()
    url = f"/api/v1/generation/{parent['id']}/regenerate"
    headers = {**account.headers, "Idempotency-Key": "again-1"}
    child = client.post(url, json={"variants": 1}, headers=headers)
    assert child.status_code == 201, child.text
    replay = client.post(url, json={"variants": 1}, headers=headers)
    assert replay.status_code == 200 and replay.json()["id"] == child.json()["id"]
    assert client.post(url, json={"variants": 2}, headers=headers).status_code == 409
    assert client.post(url, json={"colour": "red"}, headers=account.headers).status_code == 422
    child = child.json()
    assert child["request"]["parent_id"] == parent["id"]
    assert child["request"]["prompt"] == parent["request"]["prompt"]
    assert child["request"]["variants"] == 1 and child["request"]["seed"] != 7
    assert wait_final(client, account.headers, child["id"])["status"] == "completed"
    assert generation_count(services, account.user["id"]) == 2
