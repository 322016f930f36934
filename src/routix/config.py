"""One Settings object for the whole service, read from ``ROUTIX_*`` environment variables.

Zero configuration gives the embedded default: a SQLite file and an asset directory under
``data_dir``, in-process workers, an in-memory event bus. Setting a URL switches one concern
to its scale-out adapter (see docs/architecture.md, "Embedded by default"):

=====================  ==========================================  ==============================
variable               embedded default                            scale-out example
=====================  ==========================================  ==============================
ROUTIX_DATA_DIR        ``$XDG_DATA_HOME/routix`` (~/.local/share)  /srv/routix
ROUTIX_DATABASE_URL    ``sqlite:///<data_dir>/routix.db``          postgresql+psycopg://u:p@h/db
ROUTIX_REDIS_URL       (none: in-memory bus, limits, cache)        redis://127.0.0.1:6379/0
ROUTIX_QUEUE           ``inline`` (in-process worker pool)         celery
ROUTIX_BROKER_URL      (ROUTIX_REDIS_URL)                          amqp://guest:guest@127.0.0.1//
ROUTIX_STORAGE_URL     ``file://<data_dir>/blobs``                 s3://bucket/prefix
=====================  ==========================================  ==============================

``routix config`` prints the effective settings with secrets masked (``Settings.public``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/routix`` or ``~/.local/share/routix`` (per user, survives reboots)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "routix"


class Settings(BaseSettings):
    """Every knob of the service. Durations are seconds, sizes bytes, money US dollars."""

    model_config = SettingsConfigDict(env_prefix="ROUTIX_", extra="ignore", frozen=True)

    # where things live
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    redis_url: str | None = None
    queue: Literal["inline", "celery"] = "inline"
    broker_url: str | None = Field(default=None, description="Celery broker; default redis_url")
    storage_url: str | None = Field(default=None, description="file:///path or s3://bucket/prefix")
    s3_endpoint_url: str | None = Field(default=None, description="R2/MinIO/GCS interop endpoint")
    s3_region: str | None = None
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None

    # security
    secret_key: SecretStr | None = Field(
        default=None, description="signs JWTs and download URLs; default: generated once into data_dir"
    )
    access_token_ttl: int = 30 * 60
    refresh_token_ttl: int = 7 * 24 * 3600
    signed_url_ttl: int = 24 * 3600
    cors_origins: list[str] = Field(default_factory=list)
    public_url: str | None = Field(default=None, description="external base URL for signed links")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For and "
                    "X-Forwarded-Proto are believed, comma-separated or a JSON list; default none: the "
                    "client address is the TCP peer",
    )
    password_reset_ttl: int = Field(default=30 * 60, gt=0, description="seconds a password reset token is valid")

    # limits
    max_upload_bytes: int = 20 * 1024 * 1024
    max_upload_pixels: int = 40_000_000
    max_request_bytes: int = 25 * 1024 * 1024
    max_reference_pack_items: int = Field(default=6, ge=1, le=24, description="most images one reference pack holds")

    # rate limits (routix.ratelimit): "N/second|minute|hour|day" strings (the ``limits`` syntax,
    # several joined with ";"), kept in Redis when redis_url is set (shared by every API process)
    rate_limits: bool = Field(default=True, description="ROUTIX_RATE_LIMITS=false turns every limit off")
    rate_limit_strategy: Literal["moving-window", "fixed-window"] = "moving-window"
    rate_limit_generation: str = Field(default="10/minute", description="generations started, per user")
    rate_limit_generation_ip: str = Field(default="30/minute", description="generations started, per IP address")
    rate_limit_upload: str = Field(default="30/minute", description="image uploads, per user")
    rate_limit_auth: str = Field(default="10/minute", description="login/register/refresh, per IP and email")
    rate_limit_auth_ip: str = Field(default="30/minute", description="login/register/refresh, per IP address")
    rate_limit_auth_account: str = Field(
        default="10/15minutes", description="failed sign-ins per account (email), from every address together",
    )
    rate_limit_prefix: str = Field(default="routix", description="namespace of the limiter's keys")

    # jobs
    workers: int = Field(default=2, ge=1, le=64, description="jobs run at once by the inline queue's workers")
    worker_processes: int | None = Field(
        default=None, ge=0, le=64,
        description="worker processes of the inline queue (0: threads of the API process; unset: `routix serve` "
                    "starts one per core on a machine with 2+ cores, an app built in-process keeps threads)",
    )
    lease_seconds: float = Field(default=30.0, gt=0)
    max_attempts: int = Field(default=3, ge=1)
    ocr: bool = True

    # AI providers (docs/providers.md): keys are never logged nor returned by the API
    gemini_api_key: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    provider_timeout: float = 60.0
    daily_budget_usd: float = Field(default=200.0 / 30, description="global daily spend cap on paid calls")
    user_daily_budget_usd: float = 2.0

    # videos (routix.videos): credits per started second of video; free-plan videos per user
    video_credits_per_second: int = Field(default=1, ge=0, description="credits per second of video")
    rate_limit_video: str = Field(default="5/hour", description="videos started, per user on the free plan")
    video_provider: Literal["", "local", "runway", "stability"] = Field(
        default="", description="AI image-to-video provider for a video's MP4; empty: the local animator only")
    runway_api_key: SecretStr | None = None
    stability_api_key: SecretStr | None = None
    video_provider_timeout: float = Field(default=300.0, gt=0, description="seconds an AI video task may take")

    @field_validator("rate_limit_video")
    @classmethod
    def _video_limit_syntax(cls, value: str) -> str:
        from limits import parse_many

        parse_many(value)  # ValueError for a malformed limit
        return value

    # open interfaces (docs/integrations.md, docs/observability.md)
    metrics_token: SecretStr | None = Field(
        default=None, description="Bearer token for /metrics; unset: only loopback clients may scrape"
    )
    log_format: Literal["json", "text"] = Field(
        default="text", description="log lines as JSON objects (one per line) or as text; both carry the "
        "request id and job id (routix.kit.logs)"
    )
    openai_wait_seconds: float = Field(
        default=300.0, gt=0, description="how long /v1/images/* waits for its generation to finish"
    )

    @field_validator("rate_limit_generation", "rate_limit_generation_ip", "rate_limit_upload", "rate_limit_auth",
                     "rate_limit_auth_ip", "rate_limit_auth_account")
    @classmethod
    def _limit_syntax(cls, value: str) -> str:
        from limits import parse_many

        parse_many(value)  # ValueError for a malformed limit
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        """``ROUTIX_TRUSTED_PROXIES``: "10.0.0.5, 10.1.0.0/16" or a JSON list; each entry an IP
        address or network (ValueError otherwise: a typo must not silently trust nobody, or everybody)."""
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else [p for p in text.split(",") if p.strip()]
        if not isinstance(value, list | tuple):
            raise ValueError("a list of IP addresses or networks")
        entries = [str(entry).strip() for entry in value]
        for entry in entries:
            ipaddress.ip_network(entry, strict=False)  # ValueError for anything but an address or network
        return entries

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return Path(value).expanduser()

    # derived values -------------------------------------------------------------------------
    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'routix.db'}"

    @property
    def effective_storage_url(self) -> str:
        return self.storage_url or f"file://{self.data_dir / 'blobs'}"

    @property
    def effective_broker_url(self) -> str | None:
        return self.broker_url or self.redis_url

    @property
    def is_embedded_db(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    def secret(self) -> bytes:
        """The signing key: ROUTIX_SECRET_KEY, else a random key kept in ``data_dir/secret.key``."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # first writer wins when two processes start together
            tmp.unlink(missing_ok=True)
        return path.read_text().strip().encode()

    def public(self) -> dict[str, object]:
        """Settings as plain data with every secret and URL password masked, for ``routix config``."""
        out: dict[str, object] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "********"
            elif isinstance(value, str) and "://" in value:
                value = mask_url(value)
            elif isinstance(value, Path):
                value = str(value)
            out[name] = value
        out["effective_database_url"] = mask_url(self.effective_database_url)
        out["effective_storage_url"] = mask_url(self.effective_storage_url)
        return out


def mask_url(url: str) -> str:
    """``scheme://user:secret@host`` -> ``scheme://user:****@host``; other URLs unchanged."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":****@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
