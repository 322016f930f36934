"""Brand kits: CRUD, one default per user, someone else's kit or logo (404), uploaded fonts
(a hostile or garbage file is refused and nothing is stored), a generation and a batch that
name a kit. Runs on the embedded default and on the scaled backend (Celery worker process)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from api.assets_support import encoded, multipart, upload
from api.batches_support import wait_batch
from api.jobs_support import generation_count, wait_final
from routix.brand_kits.fonts import MAX_FONT_BYTES

URL = "/api/v1/brand-kits"
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KIT = {"name": "My channel", "primary_color": "#1e88e5", "secondary_color": "#FFFFFF", "accent_color": "#FFB300"}


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _font_blobs(services) -> list[str]:
    root = Path(services.blobs.root) / "brand-fonts"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def _put_font(client, account, kit_id: str, data: bytes, name: str = "brand.ttf"):
    body, content_type = multipart([("file", name, data)])
    return client.put(f"{URL}/{kit_id}/font", content=body, headers={**account.headers, "content-type": content_type})


def _latin_free_font() -> bytes:
    """DejaVu Sans cut down to Greek letters: a valid font with no basic Latin glyphs."""
    font = TTFont(DEJAVU)
    options = subset.Options()
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x3B1, 0x3C9))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_crud_default_and_someone_elses_kit(client, make_account):
    me, other = make_account(), make_account()
    logo = upload(client, me, encoded((64, 64), "PNG"), "logo.png", "logo").json()["id"]
    theirs = upload(client, other, encoded((64, 64), "PNG"), "logo.png", "logo").json()["id"]

    created = client.post(URL, json={**KIT, "logo_asset_ids": [logo], "font_name": "bebas", "is_default": True,
                                     "title_style": {"uppercase": False, "fill": "#ffffff", "stroke_width": 0.05}},
                          headers=me.headers)
    assert created.status_code == 201, created.text
    kit = created.json()
    assert kit["primary_color"] == "#1E88E5" and kit["logo_asset_ids"] == [logo] and kit["is_default"] is True
    assert kit["font"] == {"source": "bundled", "id": "bebas", "name": "bebas", "file_name": None, "sha256": None}
    assert kit["title_style"] == {"uppercase": False, "fill": "#FFFFFF", "stroke_width": 0.05}

    second = client.post(URL, json={**KIT, "name": "Second", "is_default": True}, headers=me.headers).json()
    listed = client.get(URL, headers=me.headers).json()
    assert listed["total"] == 2
    assert {k["name"]: k["is_default"] for k in listed["items"]} == {"My channel": False, "Second": True}
    back = client.patch(f"{URL}/{kit['id']}", json={"is_default": True, "accent_color": "#00ff00"}, headers=me.headers)
    assert back.status_code == 200 and back.json()["accent_color"] == "#00FF00"
    assert client.get(f"{URL}/{second['id']}", headers=me.headers).json()["is_default"] is False

    bad = [
        ({**KIT, "name": "My channel"}, 409, "brand_kit_exists"),
        ({**KIT, "name": "x", "primary_color": "blue"}, 422, "invalid_input"),
        ({**KIT, "name": "x", "accent_color": "#12345"}, 422, "invalid_input"),
        ({**KIT, "name": "x", "font_name": "comic-sans"}, 422, "unknown_font"),
        ({**KIT, "name": "x", "logo_asset_ids": [theirs]}, 404, "not_found"),
        ({**KIT, "name": "x", "logo_asset_ids": [logo, logo]}, 422, "invalid_input"),
        ({**KIT, "name": "x", "surprise": 1}, 422, "invalid_input"),
    ]
    for body, status, code in bad:
        answer = client.post(URL, json=body, headers=me.headers)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (body, answer.text)
    assert client.get(URL, headers=me.headers).json()["total"] == 2

    for call in (client.get, client.delete):
        assert call(f"{URL}/{kit['id']}", headers=other.headers).status_code == 404
    assert client.patch(f"{URL}/{kit['id']}", json={"name": "Mine now"}, headers=other.headers).status_code == 404
    assert _put_font(client, other, kit["id"], DEJAVU.read_bytes()).status_code == 404
    assert client.get(URL, headers=other.headers).json()["total"] == 0
    assert client.get(f"{URL}/fonts", headers=me.headers).json()["fonts"][0] == "anton"

    assert client.delete(f"{URL}/{kit['id']}", headers=me.headers).status_code == 204
    assert client.get(f"{URL}/{kit['id']}", headers=me.headers).status_code == 404


def test_font_upload_accepts_a_real_font_and_refuses_hostile_files(client, make_account, services):
    me = make_account()
    kit = client.post(URL, json={**KIT, "font_name": "anton"}, headers=me.headers).json()
    real = DEJAVU.read_bytes()
    truncated = real[: len(real) // 3]
    lying = b"\x00\x01\x00\x00" + b"\x00\x0c" + b"\xff" * 4000  # a TrueType header over garbage tables
    refused = [
        (b"this is not a font at all", 422),
        (truncated, 422),
        (lying, 422),
        (_latin_free_font(), 422),
        (b"OTTO" + b"\x00" * (MAX_FONT_BYTES + 10), 413),
    ]
    for data, status in refused:
        answer = _put_font(client, me, kit["id"], data)
        assert answer.status_code == status, answer.text
        assert answer.json()["code"] in ("invalid_font", "payload_too_large")
        assert _font_blobs(services) == [], "a refused font left a blob"
        assert client.get(f"{URL}/{kit['id']}", headers=me.headers).json()["font"]["id"] == "anton"
    latin = _put_font(client, me, kit["id"], _latin_free_font()).json()
    assert "basic Latin" in latin["detail"]

    accepted = _put_font(client, me, kit["id"], real, "DejaVuSans.ttf")
    assert accepted.status_code == 200, accepted.text
    font = accepted.json()["font"]
    assert font["source"] == "uploaded" and font["file_name"] == "DejaVuSans.ttf"
    assert font["id"] == f"brand-{font['sha256']}" and _font_blobs(services) == [font["sha256"]]


def test_generation_with_a_kit_uses_its_colours_font_and_logo(client, make_account, services):
    me, other = make_account(), make_account()
    logo = upload(client, me, (FIXTURES / "photos" / "skimage_logo.png").read_bytes(), "logo.png", "logo").json()["id"]
    kit = client.post(URL, json={**KIT, "logo_asset_ids": [logo]}, headers=me.headers).json()
    font = _put_font(client, me, kit["id"], DEJAVU.read_bytes()).json()["font"]

    before = generation_count(services, other.user["id"])
    stranger = client.post("/api/v1/generation/create", json={"prompt": "cooking pasta", "brand_kit_id": kit["id"]},
                           headers=other.headers)
    assert stranger.status_code == 404 and generation_count(services, other.user["id"]) == before

    created = client.post("/api/v1/generation/create", json={
        "prompt": "cooking pasta at home", "title": "Pasta Night", "brand_kit_id": kit["id"], "seed": 7},
        headers=me.headers)
    assert created.status_code == 201, created.text
    assert created.json()["request"]["brand_kit_id"] == kit["id"]
    assert wait_final(client, me.headers, created.json()["id"])["status"] == "completed"
    result = client.get(f"/api/v1/generation/{created.json()['id']}", headers=me.headers).json()["result"]
    design = client.get(result["design_url"]).json()
    assert design["palette"][:3] == ["#1E88E5", "#FFFFFF", "#FFB300"]
    title = next(layer for layer in design["layers"] if layer.get("slot") == "title")
    assert title["font"] == font["id"]
    assert any(layer.get("slot") == "logo" for layer in design["layers"])
    assert any(note.startswith("Brand kit My channel") for note in result["quality"]["notes"])

    # an edit of the version draws its title with the uploaded font again (the job registers it)
    edited = client.post(f"/api/v1/generation/{created.json()['id']}/edit",
                         json={"instruction": "make the title bigger"}, headers=me.headers)
    assert edited.status_code == 201, edited.text
    assert wait_final(client, me.headers, edited.json()["id"])["status"] == "completed"
    result = client.get(f"/api/v1/generation/{edited.json()['id']}", headers=me.headers).json()["result"]
    title = next(layer for layer in client.get(result["design_url"]).json()["layers"] if layer.get("slot") == "title")
    assert title["font"] == font["id"]


def test_batches_accept_your_kit_and_refuse_someone_elses(client, make_account):
    me, other = make_account(), make_account()
    kit = client.post(URL, json=KIT, headers=me.headers).json()
    body = {"name": "Week", "settings": {"brand_kit_id": kit["id"]}, "rows": [{"prompt": "cooking pasta"}]}
    assert client.post("/api/v1/batches", json=body, headers=other.headers).status_code == 404
    mine = client.post("/api/v1/batches", json={**body, "start": True}, headers=me.headers)
    assert mine.status_code == 201, mine.text
    assert mine.json()["settings"]["brand_kit_id"] == kit["id"]
    assert wait_batch(client, me.headers, mine.json()["id"])["status"] == "completed"
    rows = client.get(f"/api/v1/batches/{mine.json()['id']}/rows", headers=me.headers).json()["items"]
    generation = client.get(f"/api/v1/generation/{rows[0]['generation_id']}", headers=me.headers).json()
    assert generation["request"]["brand_kit_id"] == kit["id"]
    design = client.get(generation["result"]["design_url"]).json()
    assert design["palette"][:3] == ["#1E88E5", "#FFFFFF", "#FFB300"]
