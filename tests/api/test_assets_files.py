"""GET /files/{key}: signed local downloads (tamper, expiry, traversal, headers)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from api.assets_support import upload


def _split(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


@pytest.fixture
def asset(client, make_account, photo_path) -> dict:
    response = upload(client, make_account(), photo_path.read_bytes(), "Grâce Hopper.jpg")
    assert response.status_code == 201, response.text
    return response.json()


def test_download_headers(client, asset) -> None:
    response = client.get(asset["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["cache-control"].startswith("private, max-age=")
    assert 0 < int(response.headers["cache-control"].rsplit("=", 1)[1]) <= 86400
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Grace Hopper.jpg"')
    assert "filename*=UTF-8''Gr%C3%A2ce%20Hopper.jpg" in disposition
    head = client.head(asset["url"])
    assert head.status_code == 200 and head.headers["content-length"] == str(asset["file_size"])


@pytest.mark.parametrize("change", [
    {"sig": "AAAA"}, {"sig": None}, {"exp": None}, {"exp": "9999999999"}, {"filename": "evil.html"},
    {"type": "text/html"}, {"filename": None},
])
def test_tampered_link_is_403_invalid_signature(client, asset, change) -> None:
    path, query = _split(asset["url"])
    for name, value in change.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_signature"


def test_link_for_another_key_is_refused(client, services, asset) -> None:
    services.blobs.put("generations/g1/thumbnail.png", b"\x89PNG other user's output", "image/png")
    _, query = _split(asset["url"])
    response = client.get(f"/files/generations/g1/thumbnail.png?{urlencode(query)}")
    assert response.status_code == 403 and response.json()["code"] == "invalid_signature"


def test_expired_link_is_403_link_expired(client, services) -> None:
    services.blobs.put("generations/g2/thumbnail.png", b"png bytes", "image/png")
    url = services.blobs.url("generations/g2/thumbnail.png", ttl=-1)
    response = client.get(url)
    assert response.status_code == 403 and response.json()["code"] == "link_expired"
    fresh = client.get(services.blobs.url("generations/g2/thumbnail.png", ttl=60))
    assert fresh.status_code == 200 and fresh.content == b"png bytes"
    assert fresh.headers["content-type"] == "image/png" and "content-disposition" not in fresh.headers


@pytest.mark.parametrize("raw_path", [
    "/files/../private.txt", "/files/%2e%2e/private.txt", "/files/..%2Fprivate.txt", "/files/%2Fetc%2Fpasswd",
    "/files/uploads/..%5C..%5Cprivate.txt", "/files/uploads/%2e%2e/%2e%2e/private.txt",
])
def test_traversal_never_serves_files_outside_the_store(client, services, raw_path) -> None:
    secret = b"private bytes next to the blob folder"
    services.settings.data_dir.mkdir(parents=True, exist_ok=True)
    (services.settings.data_dir / "private.txt").write_bytes(secret)
    signer = services.blobs.signer
    for key in ("../private.txt", "/etc/passwd", "..\\private.txt", "uploads/../../private.txt"):
        params = urlencode(signer.params(key, 60))  # even a correctly signed hostile key is refused
        response = client.get(f"/files/{quote(key, safe='')}?{params}")
        assert response.status_code == 404 and secret not in response.content, (key, response.text)
    response = client.get(f"{raw_path}?exp=9999999999&sig=x")
    assert response.status_code in (403, 404) and secret not in response.content


def test_signed_link_to_missing_file_is_404(client, services) -> None:
    response = client.get(services.blobs.url("uploads/" + "0" * 64 + ".jpg", ttl=60))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
