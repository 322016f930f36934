"""Persistence: SQLAlchemy models, sessions and Alembic migrations (adapter)."""

from routix.store.db import Database
from routix.store.models import (
    FINAL_STATUSES,
    GENERATION_STATUSES,
    Algorithm,
    ApiKey,
    Asset,
    Base,
    Conversation,
    GenerationRequest,
    Message,
    RefreshToken,
    User,
    utcnow,
)

__all__ = [
    "FINAL_STATUSES", "GENERATION_STATUSES", "Algorithm", "ApiKey", "Asset", "Base", "Conversation", "Database",
    "GenerationRequest", "Message", "RefreshToken", "User", "utcnow",
]
