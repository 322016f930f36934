"""LocalBlobStore: key validation against traversal, atomic writes, prefixes, signed links."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from routix.blobs.factory import open_blob_store
from routix.blobs.keys import validate_key
from routix.blobs.local import LocalBlobStore
from routix.blobs.signing import UrlSigner
from routix.config import Settings
from routix.errors import Forbidden, InvalidInput, NotFound

SECRET = b"s" * 48


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "blobs", UrlSigner(SECRET, clock=clock))


BAD_KEYS = [
    "", "/etc/passwd", "../secret.key", "uploads/../../secret.key", "uploads/..", "./x", "a//b", "a/", "/",
    "uploads\\x.jpg", "C:\\x\\y.png", "C:/x.png", "a\x00b", "a\nb", "uploads/.tmp-123", ".hidden",
    "uploads/x y.jpg", "x" * 1025, "uploads/%2e%2e/x",
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_hostile_keys_are_refused_everywhere(store: LocalBlobStore, tmp_path: Path, key: str) -> None:
    (tmp_path / "secret.key").write_text("top secret")
    for call in (lambda: store.put(key, b"x"), lambda: store.get(key), lambda: store.exists(key),
                 lambda: store.delete(key), lambda: store.url(key, ttl=60)):
        with pytest.raises(InvalidInput) as info:
            call()
        assert info.value.code == "invalid_key"
    assert (tmp_path / "secret.key").read_text() == "top secret"
    assert not (tmp_path / "blobs").exists() or not any((tmp_path / "blobs").rglob("*"))


def test_good_keys_pass_validation() -> None:
    for key in ("uploads/" + "a" * 64 + ".jpg", "generations/3f2a/thumbnail.jpg", "a", "x-y_z=1+2@3/v.json"):
        assert validate_key(key) == key


def test_symlink_escape_is_refused(store: LocalBlobStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "loot.txt").write_text("secret")
    store.root.mkdir(parents=True)
    os.symlink(outside, store.root / "link")
    with pytest.raises(InvalidInput):
        store.get("link/loot.txt")
    with pytest.raises(InvalidInput):
        store.put("link/new.txt", b"x")
    assert not (outside / "new.txt").exists()


def test_put_get_exists_delete_round_trip(store: LocalBlobStore) -> None:
    store.put("generations/g1/thumbnail.jpg", b"abc", "image/jpeg")
    assert store.get("generations/g1/thumbnail.jpg") == b"abc"
    assert store.exists("generations/g1/thumbnail.jpg")
    store.put("generations/g1/thumbnail.jpg", b"new bytes")
    assert store.get("generations/g1/thumbnail.jpg") == b"new bytes"
    store.delete("generations/g1/thumbnail.jpg")
    assert not store.exists("generations/g1/thumbnail.jpg")
    assert not (store.root / "generations").exists(), "empty folders are pruned"
    store.delete("generations/g1/thumbnail.jpg")  # deleting twice is fine
    with pytest.raises(NotFound):
        store.get("generations/g1/thumbnail.jpg")


def test_failed_write_leaves_old_bytes_and_no_temp_file(store: LocalBlobStore, monkeypatch) -> None:
    store.put("uploads/a.jpg", b"old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.put("uploads/a.jpg", b"new")
    monkeypatch.undo()
    assert store.get("uploads/a.jpg") == b"old"
    assert sorted(p.name for p in (store.root / "uploads").iterdir()) == ["a.jpg"]


def test_delete_prefix_is_a_string_prefix(store: LocalBlobStore) -> None:
    for key in ("generations/g1/a.jpg", "generations/g1/sub/b.png", "generations/g10/c.jpg", "uploads/u.jpg"):
        store.put(key, b"x")
    assert store.delete_prefix("generations/g1/") == 2
    assert store.exists("generations/g10/c.jpg") and store.exists("uploads/u.jpg")
    assert not (store.root / "generations" / "g1").exists()
    assert store.delete_prefix("generations/g") == 1
    assert store.delete_prefix("nothing/here/") == 0
    for bad in ("", "/", "../", "generations/../"):
        with pytest.raises(InvalidInput):
            store.delete_prefix(bad)
    assert store.exists("uploads/u.jpg")


def test_url_is_signed_and_verifies(store: LocalBlobStore, clock: Clock) -> None:
    url = store.url("uploads/abc.jpg", ttl=3600, filename="my photo.jpg", content_type="image/jpeg")
    parts = urlsplit(url)
    assert parts.path == "/files/uploads/abc.jpg"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["exp"] == str(int(clock.now) + 3600)
    assert query["filename"] == "my photo.jpg" and query["type"] == "image/jpeg"
    assert store.signer.verify("uploads/abc.jpg", query["exp"], query["sig"], query["filename"], query["type"]) == \
        int(clock.now) + 3600


def test_public_url_prefix(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, UrlSigner(SECRET), public_url="https://cdn.example.com/")
    assert store.url("uploads/a.jpg", ttl=10).startswith("https://cdn.example.com/files/uploads/a.jpg?exp=")


def _signed(signer: UrlSigner, key: str = "uploads/a.jpg", ttl: int = 60, **kw) -> dict:
    params = signer.params(key, ttl, kw.get("filename"), kw.get("content_type"))
    return {"key": key, "exp": params["exp"], "sig": params["sig"], "filename": params.get("filename"),
            "content_type": params.get("type")}


@pytest.mark.parametrize("change", [
    {"key": "uploads/b.jpg"}, {"exp": None}, {"exp": "abc"}, {"sig": None}, {"sig": ""},
    {"filename": "other.jpg"}, {"content_type": "text/html"}, {"sig": "A" * 43},
])
def test_tampered_links_are_invalid(clock: Clock, change: dict) -> None:
    signer = UrlSigner(SECRET, clock=clock)
    link = _signed(signer, filename="a.jpg", content_type="image/jpeg")
    link.update(change)
    with pytest.raises(Forbidden) as info:
        signer.verify(link["key"], link["exp"], link["sig"], link["filename"], link["content_type"])
    assert info.value.code == "invalid_signature"


def test_extending_the_expiry_breaks_the_signature(clock: Clock) -> None:
    signer = UrlSigner(SECRET, clock=clock)
    link = _signed(signer)
    with pytest.raises(Forbidden) as info:
        signer.verify(link["key"], str(int(link["exp"]) + 86400), link["sig"])
    assert info.value.code == "invalid_signature"


def test_expired_link(clock: Clock) -> None:
    signer = UrlSigner(SECRET, clock=clock)
    link = _signed(signer, ttl=60)
    clock.now += 61
    with pytest.raises(Forbidden) as info:
        signer.verify(link["key"], link["exp"], link["sig"])
    assert info.value.code == "link_expired"


def test_other_secret_does_not_verify(clock: Clock) -> None:
    link = _signed(UrlSigner(SECRET, clock=clock))
    with pytest.raises(Forbidden):
        UrlSigner(b"another secret", clock=clock).verify(link["key"], link["exp"], link["sig"])


def test_factory_opens_local_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k" * 40, public_url="http://h:1")
    store = open_blob_store(settings)
    assert isinstance(store, LocalBlobStore)
    assert store.root == tmp_path / "blobs"
    store.ping()
    assert store.url("a", ttl=1).startswith("http://h:1/files/a?")
    with pytest.raises(InvalidInput):
        open_blob_store(Settings(data_dir=tmp_path, storage_url="ftp://host/x", secret_key="k" * 40))
