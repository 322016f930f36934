"""S3BlobStore: blobs in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, GCS interop).

``s3://bucket/prefix`` selects the bucket and a key prefix; ``ROUTIX_S3_ENDPOINT_URL``,
``ROUTIX_S3_REGION``, ``ROUTIX_S3_ACCESS_KEY_ID`` and ``ROUTIX_S3_SECRET_ACCESS_KEY`` reach
non-AWS services (without keys boto3's usual credential chain applies). Downloads are
SigV4 presigned GET URLs, carrying ``response-content-disposition``/``-type`` when asked.
Storage errors become ``Unavailable`` (503); a missing key becomes ``NotFound``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from routix.blobs.disposition import content_disposition
from routix.blobs.keys import validate_key, validate_prefix
from routix.errors import InvalidInput, NotFound, Unavailable

#: SigV4 presigned URLs cannot live longer than 7 days.
MAX_PRESIGN_SECONDS = 7 * 24 * 3600
_MISSING = {"404", "NoSuchKey", "NotFound"}


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> ``("bucket", "some/prefix/")`` (prefix "" when none)."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise InvalidInput(f"storage URL {url!r} is not of the form s3://bucket/prefix", code="invalid_config")
    prefix = parts.path.strip("/")
    if prefix:
        validate_key(prefix)
    return parts.netloc, f"{prefix}/" if prefix else ""


def make_client(settings):
    """A boto3 S3 client from Settings (endpoint, region, keys; SigV4; path-style on custom endpoints)."""
    import boto3
    from botocore.config import Config

    secret = lambda value: value.get_secret_value() if value is not None else None  # noqa: E731
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if settings.s3_endpoint_url else "auto"},
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5, read_timeout=30,
    )
    return boto3.client(
        "s3", endpoint_url=settings.s3_endpoint_url, region_name=settings.s3_region,
        aws_access_key_id=secret(settings.s3_access_key_id),
        aws_secret_access_key=secret(settings.s3_secret_access_key), config=config,
    )


class S3BlobStore:
    """Bytes by key in ``bucket`` under ``prefix`` (``"routix/"`` or ``""``), through ``client``
    (a boto3 S3 client)."""

    scheme = "s3"
    #: Keys listed per page in ``delete_prefix`` (at most 1000: one delete_objects call a page).
    page_size = 1000

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_settings(cls, settings) -> S3BlobStore:
        bucket, prefix = parse_s3_url(settings.effective_storage_url)
        return cls(make_client(settings), bucket, prefix)

    def object_key(self, key: str) -> str:
        """The bucket key of blob ``key`` (validated)."""
        return self.prefix + validate_key(key)

    # BlobStore ------------------------------------------------------------------------------
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._call("store", key, self.client.put_object, Bucket=self.bucket, Key=self.object_key(key),
                   Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        answer = self._call("read", key, self.client.get_object, Bucket=self.bucket, Key=self.object_key(key))
        return answer["Body"].read()

    def exists(self, key: str) -> bool:
        try:
            self._call("check", key, self.client.head_object, Bucket=self.bucket, Key=self.object_key(key))
        except NotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        self._call("delete", key, self.client.delete_object, Bucket=self.bucket, Key=self.object_key(key))

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object whose key starts with ``prefix`` (list + batched delete_objects,
        1000 a call); return how many were deleted."""
        from botocore.exceptions import BotoCoreError, ClientError

        full = self.prefix + validate_prefix(prefix)
        removed = 0
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=full, PaginationConfig={"PageSize": self.page_size}
        )
        try:
            for page in pages:
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if not keys:
                    continue
                answer = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
                if answer.get("Errors"):
                    first = answer["Errors"][0]
                    raise Unavailable(f"object storage refused to delete {first.get('Key')}: {first.get('Code')}")
                removed += len(keys)
        except (ClientError, BotoCoreError) as exc:
            raise Unavailable(f"object storage failed to delete {prefix!r}: {type(exc).__name__}") from exc
        return removed

    def url(self, key: str, *, ttl: int, filename: str | None = None, content_type: str | None = None) -> str:
        """A presigned GET URL valid for ``ttl`` seconds (capped at 7 days)."""
        params = {"Bucket": self.bucket, "Key": self.object_key(key)}
        if filename:
            params["ResponseContentDisposition"] = content_disposition(filename)
        if content_type:
            params["ResponseContentType"] = content_type
        expires = max(1, min(int(ttl), MAX_PRESIGN_SECONDS))
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)

    def ping(self) -> None:
        self._call("reach", "", self.client.head_bucket, Bucket=self.bucket)

    # helpers --------------------------------------------------------------------------------
    def _call(self, verb: str, key: str, method, **kwargs):
        """Run one client call; NotFound for a missing object, Unavailable for any other failure."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in _MISSING and key:
                raise NotFound(f"blob {key!r} not found") from exc
            raise Unavailable(f"object storage could not {verb} {key or self.bucket!r}: {code or exc}") from exc
        except BotoCoreError as exc:
            raise Unavailable(f"object storage could not {verb} {key or self.bucket!r}: {exc}") from exc
