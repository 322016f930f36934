"""S3BlobStore against moto's in-process S3: round trip, errors, presigned links, delete_prefix."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import pytest
from moto import mock_aws

from routix.blobs.factory import open_blob_store
from routix.blobs.s3 import S3BlobStore, parse_s3_url
from routix.config import Settings
from routix.errors import InvalidInput, NotFound, Unavailable

BUCKET = "routix-test"


@pytest.fixture
def aws(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="k" * 40, storage_url=f"s3://{BUCKET}/tenant/routix",
                    s3_region="us-east-1", s3_access_key_id="testing", s3_secret_access_key="testing")


@pytest.fixture
def store(aws, settings) -> S3BlobStore:
    store = open_blob_store(settings)
    assert isinstance(store, S3BlobStore)
    return store


def _bucket_keys() -> list[str]:
    answer = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in answer.get("Contents", []))


def test_parse_s3_url() -> None:
    assert parse_s3_url("s3://b/x/y/") == ("b", "x/y/")
    assert parse_s3_url("s3://b") == ("b", "")
    for bad in ("s3:///x", "file:///x", "s3://b/../x"):
        with pytest.raises(InvalidInput):
            parse_s3_url(bad)


def test_round_trip_under_the_prefix(store: S3BlobStore) -> None:
    store.ping()
    store.put("uploads/abc.png", b"\x89PNG...", "image/png")
    assert _bucket_keys() == ["tenant/routix/uploads/abc.png"]
    assert store.get("uploads/abc.png") == b"\x89PNG..."
    assert store.exists("uploads/abc.png") and not store.exists("uploads/nope.png")
    head = store.client.head_object(Bucket=BUCKET, Key="tenant/routix/uploads/abc.png")
    assert head["ContentType"] == "image/png"
    store.delete("uploads/abc.png")
    assert _bucket_keys() == []
    with pytest.raises(NotFound):
        store.get("uploads/abc.png")


def test_hostile_keys_never_reach_the_bucket(store: S3BlobStore) -> None:
    for key in ("../x", "/abs", "a\\b", "a\x00b", ""):
        with pytest.raises(InvalidInput):
            store.put(key, b"x")
    assert _bucket_keys() == []


def test_presigned_url_shape(store: S3BlobStore) -> None:
    store.put("generations/g1/thumbnail.jpg", b"jpeg", "image/jpeg")
    url = store.url("generations/g1/thumbnail.jpg", ttl=3600, filename="Café thumb.jpg", content_type="image/jpeg")
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert BUCKET in parts.netloc + parts.path
    assert unquote(parts.path).endswith("tenant/routix/generations/g1/thumbnail.jpg")
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "3600"
    assert query["X-Amz-Signature"]
    assert query["response-content-type"] == "image/jpeg"
    disposition = query["response-content-disposition"]
    assert disposition.startswith('attachment; filename="Cafe thumb.jpg"')
    assert "filename*=UTF-8''Caf%C3%A9%20thumb.jpg" in disposition
    week = store.url("generations/g1/thumbnail.jpg", ttl=30 * 86400)
    assert parse_qs(urlsplit(week).query)["X-Amz-Expires"] == [str(7 * 86400)]


def test_delete_prefix_batches_and_keeps_neighbours(store: S3BlobStore) -> None:
    store.page_size = 7  # several list pages and delete_objects calls
    for i in range(23):
        store.put(f"generations/g1/file{i}.png", b"x")
    store.put("generations/g10/keep.png", b"x")
    store.put("uploads/keep.jpg", b"x")
    assert store.delete_prefix("generations/g1/") == 23
    assert _bucket_keys() == ["tenant/routix/generations/g10/keep.png", "tenant/routix/uploads/keep.jpg"]
    assert store.delete_prefix("generations/none/") == 0
    with pytest.raises(InvalidInput):
        store.delete_prefix("")


def test_missing_bucket_is_unavailable(aws, settings: Settings) -> None:
    store = open_blob_store(settings.model_copy(update={"storage_url": "s3://no-such-bucket"}))
    with pytest.raises(Unavailable):
        store.ping()
    with pytest.raises(Unavailable):
        store.put("uploads/a.jpg", b"x")
