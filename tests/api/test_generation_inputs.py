"""Inputs by role, style presets and realism through the generation API; the presets list and
previews. Runs on the embedded default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image

from api.assets_support import upload
from api.chat_support import download_image
from api.jobs_support import generation_count, load_row, wait_final
from routix.generate.presets import PRESETS

CREATE = "/api/v1/generation/create"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _asset(client, account, path: Path, asset_type: str = "image") -> str:
    response = upload(client, account, path.read_bytes(), filename=path.name, asset_type=asset_type)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_inputs_with_roles_preset_and_logo_make_a_design(client, make_account, services):
    account = make_account()
    coffee = _asset(client, account, FIXTURES / "coffee.jpg")
    logo = _asset(client, account, FIXTURES / "photos" / "skimage_logo.png", "logo")
    body = {"prompt": "the best espresso in town", "style_preset": "luxury", "realism": 80,
            "inputs": [{"asset_id": coffee}, {"asset_id": logo, "role": "logo"}]}
    created = client.post(CREATE, json=body, headers=account.headers)
    assert created.status_code == 201, created.text
    request = created.json()["request"]
    assert request["inputs"] == [{"asset_id": coffee, "role": None, "mode": None},
                                 {"asset_id": logo, "role": "logo", "mode": None}]
    assert (request["style_preset"], request["realism"]) == ("luxury", 80)
    assert wait_final(client, account.headers, created.json()["id"])["status"] == "completed"
    result = client.get(f"/api/v1/generation/{created.json()['id']}", headers=account.headers).json()["result"]
    design = client.get(result["design_url"]).json()
    slots = [layer.get("slot") for layer in design["layers"]]
    assert "subject" in slots and "logo" in slots
    title = next(layer for layer in design["layers"] if layer.get("slot") == "title")
    assert title["font"] == PRESETS["luxury"].title.font
    notes = result["quality"]["notes"]
    assert "Photo 1 looks like an object; used it as one." in notes
    assert any(note.startswith("Logo placed in the") for note in notes)
    assert any(note.startswith("Style preset: Luxury") for note in notes)
    row = load_row(services, created.json()["id"])
    assert row.style_preference == "luxury" and row.realism == 80 and len(row.inputs) == 2


def test_regenerate_keeps_inputs_and_preset(client, make_account):
    account = make_account()
    scene = _asset(client, account, FIXTURES / "photos" / "hubble_deep_field.jpg")
    body = {"prompt": "deep space documentary", "style_preset": "documentary",
            "inputs": [{"asset_id": scene, "role": "scene"}]}
    first = client.post(CREATE, json=body, headers=account.headers).json()
    again = client.post(f"/api/v1/generation/{first['id']}/regenerate", json={}, headers=account.headers)
    assert again.status_code in (200, 201), again.text
    request = again.json()["request"]
    assert request["inputs"] == [{"asset_id": scene, "role": "scene", "mode": None}]
    assert request["style_preset"] == "documentary"


def test_someone_elses_input_is_404_and_bad_inputs_are_422(client, make_account, services):
    owner, stranger = make_account(), make_account()
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 90)).save(photo, format="JPEG")
    theirs = upload(client, owner, photo.getvalue()).json()["id"]
    mine = upload(client, stranger, photo.getvalue()).json()["id"]
    cases = [
        ({"prompt": "x", "inputs": [{"asset_id": theirs, "role": "object"}]}, 404),
        ({"prompt": "x", "inputs": [{"asset_id": mine}, {"asset_id": theirs}]}, 404),
        ({"prompt": "x", "inputs": [{"asset_id": mine, "role": "pet"}]}, 422),
        ({"prompt": "x", "inputs": [{"asset_id": mine, "role": "object", "mode": "style_only"}]}, 422),
        ({"prompt": "x", "inputs": [{"asset_id": mine, "role": "object"}] * 2}, 422),
        ({"prompt": "x", "inputs": [{"asset_id": mine, "colour": "red"}]}, 422),
        ({"prompt": "x", "style_preset": "vaporwave"}, 422),
        ({"prompt": "x", "realism": 101}, 422),
        ({"prompt": "x", "inputs": [{"asset_id": mine, "role": "reference"}] + [
            {"asset_id": mine, "role": r} for r in ("person", "object", "logo", "scene")],
          "face_asset_ids": [str(uuid.uuid4()) for _ in range(4)]}, 422),
    ]
    for body, status in cases:
        response = client.post(CREATE, json=body, headers=stranger.headers)
        assert response.status_code == status, (body, response.text)
    assert generation_count(services, stranger.user["id"]) == 0


def test_a_reference_defaults_to_style_only(client, make_account):
    account = make_account()
    mine = _asset(client, account, FIXTURES / "chelsea.jpg")
    body = {"prompt": "cat video", "inputs": [{"asset_id": mine, "role": "reference"}]}
    created = client.post(CREATE, json=body, headers=account.headers)
    assert created.status_code == 201, created.text
    assert created.json()["request"]["inputs"][0]["mode"] == "style_only"
    assert wait_final(client, account.headers, created.json()["id"])["status"] == "completed"
    result = client.get(f"/api/v1/generation/{created.json()['id']}", headers=account.headers).json()["result"]
    assert "Followed the reference's palette and energy." in result["notes"]
    design = client.get(result["design_url"]).json()
    assert not [layer for layer in design["layers"] if layer.get("slot") == "subject"]  # not drawn


def test_presets_are_listed_with_previews(client, make_account):
    account = make_account()
    assert client.get("/api/v1/presets").status_code == 401
    listed = client.get("/api/v1/presets", headers=account.headers)
    assert listed.status_code == 200
    items = listed.json()["items"]
    names = [item["name"] for item in items]
    assert len(items) >= 12 and set(names) == set(PRESETS)
    assert {"bold-reaction", "minimal-clean", "cinematic", "documentary", "retro", "neon", "comic", "luxury",
            "kids", "news", "tutorial", "podcast-studio"} <= set(names)
    neon = next(item for item in items if item["name"] == "neon")
    assert neon["motif"] == "neon_grid" and 0 <= neon["realism"] <= 100 and neon["palette"][0].startswith("#")
    first = client.get(neon["preview_url"])
    assert first.status_code == 200 and first.headers["content-type"] == "image/jpeg"
    picture = download_image(client, neon["preview_url"])
    assert (picture.format, picture.size) == ("JPEG", (640, 360))
    assert client.get(neon["preview_url"]).content == first.content  # rendered once, then stored
    assert client.get("/api/v1/presets/vaporwave/preview.jpg").status_code == 404
