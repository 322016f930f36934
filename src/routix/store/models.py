"""SQLAlchemy 2 models: the service's tables.

Portable across SQLite and PostgreSQL: ``Uuid`` is native ``uuid`` on PostgreSQL and
``CHAR(32)`` on SQLite; ``JSONType`` is ``JSONB`` on PostgreSQL and ``JSON`` (text) on SQLite;
timestamps are timezone-aware UTC. Every row a user creates carries ``user_id`` and is deleted
with the user (``ON DELETE CASCADE``).

Background work runs as :class:`Job` rows (one table for every kind; ``routix.jobs``). A
generation row keeps what users see of it: ``status``/``stage``/``progress``, ``attempt`` (copied
from its job), the result (``design``, ``outputs``, ``quality``) and the error.
``template_id``/``template_score``/``alternatives`` are internal (template secrecy): the API
exposes only ``template_ref``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from routix.store.vector import EMBEDDING_DIM, Embedding

JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite returns naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use routix.store.models.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

#: Job states in order; ``completed`` and ``failed`` are final.
GENERATION_STATUSES = ("pending", "analyzing", "searching", "composing", "generating", "completed", "failed")
FINAL_STATUSES = ("completed", "failed")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    username: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    credits: Mapped[int] = mapped_column(Integer, default=0)
    subscription_tier: Mapped[str] = mapped_column(String(50), default="free")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiKey(Base):
    """A script's credential. Only ``key_hash`` (SHA-256 of the whole key) is stored; ``prefix``
    (the first characters) lets a user recognise a key in lists."""

    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RefreshToken(Base):
    """One issued refresh token (its ``jti``). Rotation: using a token revokes it and issues a
    new one in the same ``family_id``; reusing a revoked token revokes the whole family."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordResetToken(Base):
    """A password reset link sent by e-mail (``routix.accounts.service.request_password_reset``).
    Only ``token_hash`` (SHA-256 of the token) is stored; a token works once (``used_at``) and
    until ``expires_at``."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Conversation(TimestampMixin, Base):
    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="New chat")
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Message.created_at",
    )


class Message(Base):
    """One chat message. ``type`` is one of ``routix.chat.MESSAGE_TYPES``; ``meta`` (column
    ``metadata``) carries the type's structured payload."""

    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(50), default="text")
    content: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Asset(Base):
    """An uploaded image. Bytes live in the blob store under a content address
    (``storage_key`` = ``uploads/<sha256>``), shared when two uploads are identical."""

    __tablename__ = "assets"
    __table_args__ = (Index("ix_assets_user_sha", "user_id", "sha256"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    asset_type: Mapped[str] = mapped_column(String(50), default="image")
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(100))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Algorithm(TimestampMixin, Base):
    """A "Routix Version": a generation algorithm users pick from (``generation_algorithms``)."""

    __tablename__ = "generation_algorithms"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    ai_provider: Mapped[str] = mapped_column(String(50), default="local")
    config: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    cost_per_generation: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal("0"))
    credit_cost: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    performance_metrics: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class GenerationRequest(TimestampMixin, Base):
    """One generation job and its result (see module docstring)."""

    __tablename__ = "generation_requests"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_generation_idempotency"),
        Index("ix_generation_user_created", "user_id", "created_at"),
        Index("ix_generation_status_lease", "status", "lease_expires_at"),
        Index("ix_generation_user_cache", "user_id", "cache_key"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    #: version kind: generate, edit, variant, regenerate, undo (see docs/editing.md)
    kind: Mapped[str] = mapped_column(String(20), default="generate", server_default="generate")
    #: what made an edit/variant/undo version from its parent: {"patch": DesignPatch, "new_art": bool, ...}
    edit: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    #: hash of what decides the pixels (``routix.generations.cache``): an identical request of the
    #: same user returns the version that has it
    cache_key: Mapped[str | None] = mapped_column(String(64))
    #: on a tree's root: the version its owner kept in an A/B compare (None: the root itself)
    kept_version_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    algorithm_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("generation_algorithms.id"))
    algorithm: Mapped[str] = mapped_column(String(100), default="lightning")
    idempotency_key: Mapped[str | None] = mapped_column(String(200))

    # the request
    prompt: Mapped[str] = mapped_column(Text)
    custom_text: Mapped[str | None] = mapped_column(String(500))
    #: what the history shows (set by a rename; None: the title, else the prompt)
    name: Mapped[str | None] = mapped_column(String(200))
    style_preference: Mapped[str | None] = mapped_column(String(100))
    face_asset_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    logo_asset_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    #: ``[{asset_id, role, mode}]``: inputs by role (role null = guessed); see generations/params.py
    inputs: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    realism: Mapped[int | None] = mapped_column(Integer)
    #: the user's brand kit the request names (``routix.brand_kits``; no foreign key: a deleted
    #: kit leaves the version as it was made)
    brand_kit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    template_preference: Mapped[str | None] = mapped_column(String(200))
    variants: Mapped[int] = mapped_column(Integer, default=0)
    seed: Mapped[int | None] = mapped_column(Integer)

    # what users see of the job (the job itself is a ``jobs`` row of kind ``generation``);
    # ``lease_owner``/``lease_expires_at`` are no longer used: leases live on the job row
    status: Mapped[str] = mapped_column(String(50), default="pending", index=True)
    stage: Mapped[str] = mapped_column(String(50), default="pending")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(500), default="Waiting for a worker")
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[str | None] = mapped_column(String(100))
    error_message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processing_time: Mapped[float | None] = mapped_column()
    timings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    # the result
    brief: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    design: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    outputs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    notes: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    usage: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    cost_incurred: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal("0"))
    template_ref: Mapped[str | None] = mapped_column(String(100))
    # internal only (template secrecy): never serialised to users
    template_id: Mapped[str | None] = mapped_column(String(200))
    template_score: Mapped[float | None] = mapped_column()
    alternatives: Mapped[list[Any]] = mapped_column(JSONType, default=list)


#: Job runner states; ``completed``, ``failed`` and ``cancelled`` are final.
JOB_STATUSES = ("pending", "running", "paused", "completed", "failed", "cancelled")
JOB_UNFINISHED = ("pending", "running", "paused")
_UNFINISHED_SQL = text("status IN ('pending', 'running', 'paused')")


class Job(TimestampMixin, Base):
    """One unit of background work (``routix.jobs``): ``kind`` names its registered handler,
    ``subject_id`` the domain row it works on (a generation's or template's id as text).

    Claim order: ``priority`` high first (a later ``phase`` lowers it), then oldest; a job with
    ``not_before`` in the future is not claimed yet. A worker holds the lease (``lease_owner``,
    ``lease_expires_at``) while ``running``; ``attempt`` counts claims. ``control`` is a pause or
    cancel asked of a running job, honoured at its next check. At most one unfinished job per
    (kind, subject) (a partial unique index).
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_claim", "status", "priority", "not_before"),
        Index("ix_jobs_kind_subject", "kind", "subject_id"),
        Index("ix_jobs_user_kind_status", "user_id", "kind", "status"),
        Index("uq_jobs_unfinished_subject", "kind", "subject_id", unique=True,
              sqlite_where=_UNFINISHED_SQL, postgresql_where=_UNFINISHED_SQL),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(50))
    subject_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phase: Mapped[str | None] = mapped_column(String(50))
    control: Mapped[str | None] = mapped_column(String(20))
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[str | None] = mapped_column(String(100))
    error_message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: Template library row states: an upload waits for analysis, is analysed, or failed (retryable).
TEMPLATE_STATUSES = ("pending_analysis", "analyzing", "analyzed", "failed")


class TemplateRecord(TimestampMixin, Base):
    """One library template: a built-in starter template
    (``source='starter'``) or an administrator's upload (``source='upload'``).

    Secret (template secrecy): the reference image (``image_key``/``thumb_key`` in the
    blob store), ``style_dna``, ``skeleton`` and even ``slug``/``id`` are for administrators
    only; users see a generation's opaque ``template_ref``. ``slug`` is the id the pipeline and
    ``GenerationRequest.template_id`` use (starter slug, or ``u-<hex>`` for uploads).

    ``style_dna`` is :class:`routix.vision.dna.StyleDNA` as JSON; ``skeleton`` the
    :class:`routix.templates.Template` built from it (design with slots + TemplateDNA);
    ``embedding`` the L2-normalised MiniLM vector of its searchable text (pgvector ``vector(384)``
    with an HNSW index on PostgreSQL, float32 bytes on SQLite). Analysis runs as a
    ``template_analysis`` job: ``status`` pending_analysis -> analyzing (``analysis_attempt`` +1,
    ``analysis_started_at``) -> analyzed | failed (``analysis_error``).
    """

    __tablename__ = "templates"
    __table_args__ = (
        Index("ix_templates_category_active", "category", "is_active"),
        Index("ix_templates_status", "status"),
        Index("ix_templates_face_energy", "has_face", "energy_level"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(20), default="upload")
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(100))
    tags: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    # the reference image (admins only)
    image_key: Mapped[str | None] = mapped_column(String(500))
    thumb_key: Mapped[str | None] = mapped_column(String(500))
    file_name: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    # analysis
    status: Mapped[str] = mapped_column(String(30), default="pending_analysis")
    analysis_error: Mapped[str | None] = mapped_column(Text)
    analysis_attempt: Mapped[int] = mapped_column(Integer, default=0)
    analysis_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analyzed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    style_dna: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    skeleton: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    searchable_text: Mapped[str | None] = mapped_column(Text)
    embedding: Mapped[Any | None] = mapped_column(Embedding(EMBEDDING_DIM))
    # flat DNA columns for filters
    has_face: Mapped[bool] = mapped_column(Boolean, default=False)
    has_text: Mapped[bool] = mapped_column(Boolean, default=False)
    has_logo: Mapped[bool] = mapped_column(Boolean, default=False)
    energy_level: Mapped[int] = mapped_column(Integer, default=5)
    # performance
    performance_score: Mapped[float] = mapped_column(Float, default=0.5)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    success_rate: Mapped[float] = mapped_column(Float, default=0.0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    dislikes: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class GenerationFeedback(Base):
    """A user's thumbs up (+1) or down (-1) on one of their generations; one per user and
    generation (a new vote replaces the old). Feeds the chosen template's performance_score."""

    __tablename__ = "generation_feedback"
    __table_args__ = (UniqueConstraint("generation_id", "user_id", name="uq_feedback_generation_user"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    generation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("generation_requests.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


#: Ledger entry types (``credit_transactions.transaction_type``).
CREDIT_TRANSACTION_TYPES = (
    "opening_balance", "signup_bonus", "plan_grant", "admin_grant", "admin_deduct", "reserve", "commit", "release",
)


class CreditTransaction(Base):
    """One ledger entry. ``amount`` is signed credits
    (+ grant/release, - reserve/deduct, 0 for commit); ``balance_after`` is ``users.credits``
    right after it. Invariant: ``users.credits == sum(amount)`` over the user's rows.

    ``dedupe_key`` (unique) makes each money movement happen at most once, whatever retries do:
    ``reserve:<generation>``, ``settle:<generation>`` (shared by commit and release, so a
    generation is either charged or refunded, never both), ``plan:<user>:<YYYY-MM>``.
    """

    __tablename__ = "credit_transactions"
    __table_args__ = (Index("ix_credit_tx_user_created", "user_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    generation_request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("generation_requests.id", ondelete="SET NULL"), index=True
    )
    transaction_type: Mapped[str] = mapped_column(String(50))
    amount: Mapped[int] = mapped_column(Integer)
    balance_after: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(255), default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AdminAuditLog(Base):
    """One administrator action: ``action`` like
    ``template.update``, the resource, ``changes`` ``{"before": {...}, "after": {...}}``, and
    where it came from. ``admin_user_id`` is kept (SET NULL) when the admin is deleted."""

    __tablename__ = "admin_audit_log"
    __table_args__ = (Index("ix_audit_created", "created_at"),
                      Index("ix_audit_resource", "resource_type", "resource_id"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    admin_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    admin_email: Mapped[str | None] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(100), index=True)
    resource_type: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[str | None] = mapped_column(String(100))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "CREDIT_TRANSACTION_TYPES", "FINAL_STATUSES", "GENERATION_STATUSES", "JOB_STATUSES", "JOB_UNFINISHED",
    "TEMPLATE_STATUSES", "AdminAuditLog", "Algorithm", "ApiKey", "Asset", "Base", "Conversation", "CreditTransaction",
    "GenerationFeedback", "GenerationRequest", "JSONType", "Job", "Message", "PasswordResetToken", "RefreshToken",
    "TemplateRecord", "UTCDateTime", "User", "new_id", "utcnow",
]


#: What users see of a video (``routix.videos``): ``queued`` -> ``processing`` -> ``completed``/``failed``.
VIDEO_STATUSES = ("queued", "processing", "completed", "failed")


class Video(TimestampMixin, Base):
    """One animation of a completed generation (``routix.videos``; its job is a ``jobs`` row of
    kind ``video``). ``animation`` is the validated ``routix.animate.Animation`` (JSON),
    ``formats`` the files asked for (mp4, webm, gif, poster); ``outputs`` maps each format to its
    blob key ``videos/<id>/<name>`` and ``sizes`` to its bytes. ``credits`` were reserved when it
    was accepted. Files expire at ``expires_at`` unless ``keep``; ``files_deleted_at`` records
    the clean-up."""

    __tablename__ = "videos"
    __table_args__ = (Index("ix_videos_user_created", "user_id", "created_at"),
                      Index("ix_videos_expiry", "status", "keep", "expires_at"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    generation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("generation_requests.id", ondelete="CASCADE"),
                                                     index=True)
    preset: Mapped[str] = mapped_column(String(50))
    animation: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    formats: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    size: Mapped[str] = mapped_column(String(20))
    duration: Mapped[float] = mapped_column(Float)
    fps: Mapped[int] = mapped_column(Integer)
    frames: Mapped[int] = mapped_column(Integer, default=0)
    credits: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(500), default="Waiting for a worker")
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    eta_seconds: Mapped[float | None] = mapped_column(Float)
    error_code: Mapped[str | None] = mapped_column(String(100))
    error_message: Mapped[str | None] = mapped_column(Text)
    outputs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    sizes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    keep: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    files_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


__all__ += ["VIDEO_STATUSES", "Video"]

# batch runs (routix.batches) keep their tables in their own module
from routix.store import models_batches  # noqa: E402,F401  (registers the batch tables on Base)

# sharing, discover, likes, views, shares and boards live in their own module (this one is long)
from routix.store.models_sharing import *  # noqa: E402,F403
from routix.store.models_sharing import __all__ as _sharing_all  # noqa: E402

__all__ += _sharing_all

# brand kits live in their own module
from routix.store.models_brand_kits import *  # noqa: E402,F403
from routix.store.models_brand_kits import __all__ as _brand_kits_all  # noqa: E402

__all__ += _brand_kits_all

# reference packs live in their own module
from routix.store.models_references import *  # noqa: E402,F403
from routix.store.models_references import __all__ as _references_all  # noqa: E402

__all__ += _references_all
