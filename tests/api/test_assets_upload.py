"""POST/GET/DELETE /api/v1/assets: real uploads, hostile uploads (nothing stored), ownership."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from api.assets_support import (
    URL,
    assert_nothing_stored,
    encoded,
    exif_photo,
    png_with_alpha,
    post_raw,
    stored_files,
    stored_rows,
    upload,
)
from routix.assets.service import load_asset_image
from routix.errors import NotFound

MAX_BYTES = 300_000
MAX_PIXELS = 2_000_000


@pytest.fixture
def settings(settings):
    """Small limits so that oversized uploads stay cheap to build."""
    return settings.model_copy(update={"max_upload_bytes": MAX_BYTES, "max_upload_pixels": MAX_PIXELS})


def _problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if code:
        assert body["code"] == code, body
    return body


def test_upload_real_photo_then_read_list_and_download(client, services, make_account, photo_path) -> None:
    account = make_account()
    response = upload(client, account, photo_path.read_bytes(), "grace.jpg", "face")
    assert response.status_code == 201, response.text
    asset = response.json()
    assert asset["asset_type"] == "face" and asset["file_name"] == "grace.jpg"
    assert (asset["width"], asset["height"], asset["mime_type"]) == (512, 600, "image/jpeg")
    assert "storage_key" not in asset and "user_id" not in asset
    assert stored_rows(services) == 1 and len(stored_files(services)) == 1

    one = client.get(f"{URL}/{asset['id']}", headers=account.headers)
    assert one.status_code == 200 and one.json()["sha256"] == asset["sha256"]
    listing = client.get(URL, headers=account.headers)
    assert [a["id"] for a in listing.json()["items"]] == [asset["id"]]
    assert listing.json()["total"] == 1 and listing.json()["next_cursor"] is None
    assert client.get(URL, params={"asset_type": "logo"}, headers=account.headers).json()["items"] == []

    download = client.get(one.json()["url"])
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(download.content)).size == (512, 600)
    assert len(download.content) == asset["file_size"]


def test_exif_orientation_applied_and_metadata_gone(client, make_account) -> None:
    account = make_account()
    response = upload(client, account, exif_photo((60, 40), orientation=6), "IMG_0001.JPG")
    assert response.status_code == 201, response.text
    asset = response.json()
    assert (asset["width"], asset["height"]) == (40, 60)
    data = client.get(asset["url"]).content
    image = Image.open(io.BytesIO(data))
    assert image.size == (40, 60) and not image.getexif()
    assert b"Exif" not in data and b"SpyCam" not in data and b"secret comment" not in data


def test_png_alpha_survives(client, make_account) -> None:
    account = make_account()
    asset = upload(client, account, png_with_alpha(), "logo.png", "logo").json()
    assert asset["mime_type"] == "image/png" and asset["asset_type"] == "logo"
    image = Image.open(io.BytesIO(client.get(asset["url"]).content))
    assert image.mode == "RGBA" and image.getpixel((1, 1))[3] == 0


def test_type_comes_from_bytes_not_name_or_header(client, services, make_account) -> None:
    account = make_account()
    png = png_with_alpha()
    response = client.post(URL, files={"file": ("picture.jpg", png, "image/jpeg")}, data={"asset_type": "image"},
                           headers=account.headers)
    assert response.status_code == 201
    assert response.json()["mime_type"] == "image/png" and response.json()["file_name"] == "picture.png"


@pytest.mark.parametrize("kind, status, code", [
    ("not_an_image", 415, "unsupported_image_type"),
    ("animated_gif", 415, "unsupported_image_type"),
    ("pixel_bomb", 413, "too_many_pixels"),
    ("truncated", 422, "invalid_image"),
    ("cmyk", 422, "invalid_image"),
    ("16bit", 422, "invalid_image"),
])
def test_bad_images_are_refused_and_nothing_is_stored(client, services, make_account, bad_images, kind, status,
                                                      code) -> None:
    account = make_account()
    response = upload(client, account, bad_images[kind].read_bytes(), "photo.jpg")
    body = _problem(response, status, code)
    assert len(body["detail"]) > 20
    assert_nothing_stored(services)


def test_text_named_photo_jpg_is_refused(client, services, make_account) -> None:
    response = upload(client, make_account(), b"I am text pretending to be a photo\n" * 10, "photo.jpg")
    assert "text file" in _problem(response, 415, "unsupported_image_type")["detail"]
    assert_nothing_stored(services)


def test_too_many_pixels_has_a_clear_message(client, services, make_account) -> None:
    response = upload(client, make_account(), encoded((2000, 1100), "PNG"), "wide.png")
    detail = _problem(response, 413, "too_many_pixels")["detail"]
    assert "2000x1100" in detail and "limit is 2 MP" in detail
    assert_nothing_stored(services)


def test_oversized_body_is_refused_while_streaming(client, services, make_account) -> None:
    account = make_account()
    big = encoded((10, 10)) + b"\x00" * (MAX_BYTES + 1)
    _problem(upload(client, account, big), 413, "payload_too_large")

    sent = {"bytes": 0}

    def chunks():  # no Content-Length: the cap must hold on the stream itself
        head = (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jpg\"\r\n\r\n")
        yield head
        for _ in range(200):
            sent["bytes"] += 64 * 1024
            yield b"\xff" * (64 * 1024)
        yield b"\r\n--b0undary--\r\n"

    response = client.post(URL, content=chunks(), headers={**account.headers,
                                                           "Content-Type": "multipart/form-data; boundary=b0undary"})
    _problem(response, 413, "payload_too_large")
    assert_nothing_stored(services)


@pytest.mark.parametrize("filename, expected", [
    ("../../etc/passwd.jpg", "passwd.jpg"),
    ("C:\\x\\y.png", "y.jpg"),
    ("/abs/olute.jpg", "olute.jpg"),
    ("evil\x00name.jpg", "evilname.jpg"),
    ("tab\there\x1b[31m.jpg", "tabhere[31m.jpg"),
    ("../../../" + "n" * 300 + ".jpg", "n" * 251 + ".jpg"),
    ("..", "upload.jpg"),
])
def test_path_like_filenames_only_name_the_asset(client, services, make_account, photo_path, filename,
                                                 expected) -> None:
    account = make_account()
    response = post_raw(client, account, [("asset_type", None, b"face"), ("file", filename, photo_path.read_bytes())])
    assert response.status_code == 201, response.text
    asset = response.json()
    assert asset["file_name"] == expected
    files = stored_files(services)
    assert [p.relative_to(services.blobs.root).as_posix() for p in files] == [f"uploads/{asset['sha256']}.jpg"]
    download = client.get(asset["url"])
    assert download.status_code == 200
    assert f'filename="{expected}"' in download.headers["content-disposition"]


@pytest.mark.parametrize("parts, code", [
    ([("file", "a.jpg", b"IMG"), ("asset_type", None, b"face"), ("owner_id", None, b"someone")], "invalid_form"),
    ([("file", "a.jpg", b"IMG"), ("file", "b.jpg", b"IMG")], "invalid_form"),
    ([("asset_type", None, b"face"), ("asset_type", None, b"logo"), ("file", "a.jpg", b"IMG")], "invalid_form"),
    ([("photo", "a.jpg", b"IMG")], "invalid_form"),
    ([("asset_type", None, b"face")], "missing_file"),
    ([("file", "header\r\nX-Injected: 1\r\nbreak.jpg", b"IMG")], "invalid_form"),
    ([("file", "a.jpg", b"IMG"), ("asset_type", None, b"banner")], "invalid_asset_type"),
])
def test_malformed_forms_are_422_and_store_nothing(client, services, make_account, photo_path, parts, code) -> None:
    photo = photo_path.read_bytes()
    parts = [(name, filename, photo if data == b"IMG" else data) for name, filename, data in parts]
    _problem(post_raw(client, make_account(), parts), 422, code)
    assert_nothing_stored(services)


def test_not_multipart_is_415(client, services, make_account) -> None:
    account = make_account()
    response = client.post(URL, json={"file": "abc", "asset_type": "face"}, headers=account.headers)
    _problem(response, 415, "unsupported_media_type")
    truncated = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc'
    response = client.post(URL, content=truncated, headers={**account.headers,
                                                            "Content-Type": "multipart/form-data; boundary=b"})
    _problem(response, 422, "invalid_form")
    assert_nothing_stored(services)


def test_upload_needs_a_login(client, services, photo_path) -> None:
    response = client.post(URL, files={"file": ("a.jpg", photo_path.read_bytes(), "image/jpeg")})
    _problem(response, 401)
    assert_nothing_stored(services)


def test_other_users_assets_are_404(client, services, make_account, photo_path) -> None:
    alice, mallory = make_account(), make_account()
    asset = upload(client, alice, photo_path.read_bytes()).json()
    unknown = "00000000-0000-4000-8000-000000000000"
    for asset_id in (asset["id"], unknown):
        _problem(client.get(f"{URL}/{asset_id}", headers=mallory.headers), 404, "not_found")
        _problem(client.delete(f"{URL}/{asset_id}", headers=mallory.headers), 404, "not_found")
    assert client.get(URL, headers=mallory.headers).json()["items"] == []
    assert client.get(f"{URL}/{asset['id']}", headers=alice.headers).status_code == 200
    with services.db.session() as session:
        image = load_asset_image(session, services, alice.user["id"], asset["id"])
        assert image.size == (512, 600) and image.mode == "RGB"
        with pytest.raises(NotFound):
            load_asset_image(session, services, mallory.user["id"], asset["id"])


def test_identical_uploads_share_a_blob_until_the_last_delete(client, services, make_account, photo_path) -> None:
    alice, bob = make_account(), make_account()
    a = upload(client, alice, photo_path.read_bytes()).json()
    a2 = upload(client, alice, photo_path.read_bytes(), "again.jpg").json()
    b = upload(client, bob, photo_path.read_bytes()).json()
    assert a["sha256"] == a2["sha256"] == b["sha256"] and len({a["id"], a2["id"], b["id"]}) == 3
    assert len(stored_files(services)) == 1

    assert client.delete(f"{URL}/{a['id']}", headers=alice.headers).status_code == 204
    _problem(client.get(f"{URL}/{a['id']}", headers=alice.headers), 404)
    _problem(client.delete(f"{URL}/{a['id']}", headers=alice.headers), 404)
    assert [x["id"] for x in client.get(URL, headers=alice.headers).json()["items"]] == [a2["id"]]
    assert client.delete(f"{URL}/{a2['id']}", headers=alice.headers).status_code == 204
    assert len(stored_files(services)) == 1, "bob still uses the blob"
    assert client.get(b["url"]).status_code == 200

    assert client.delete(f"{URL}/{b['id']}", headers=bob.headers).status_code == 204
    assert stored_files(services) == []
    assert stored_rows(services) == 3, "deletion is soft: rows stay, inactive"
    _problem(client.get(b["url"]), 404)
