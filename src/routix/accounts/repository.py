"""The accounts' queries: users, refresh tokens, password reset tokens and API keys, and the
data-rights reads and deletion (export everything a user owns; delete the user row).

Every function runs in the caller's session; nothing here commits. Owner-scoped look-ups
answer NotFound for another user's row, exactly as for a missing one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session

from routix.errors import NotFound
from routix.store.models import (
    ApiKey,
    Asset,
    Conversation,
    GenerationRequest,
    Message,
    PasswordResetToken,
    RefreshToken,
    User,
    Video,
)

Row = TypeVar("Row")


# users ----------------------------------------------------------------------------------------

def get_user(session: Session, user_id: uuid.UUID) -> User | None:
    """The user ``user_id`` (active or not), or None."""
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    """The user whose (normalised, lower-case) email is ``email``, or None."""
    return session.scalar(select(User).where(User.email == email))


def email_taken(session: Session, email: str) -> bool:
    """True when an account with the (normalised) ``email`` exists."""
    return bool(session.scalar(select(User.id).where(User.email == email)))


def add_user(session: Session, user: User) -> User:
    """Add ``user`` and flush it (its id and defaults are set). Raises
    ``sqlalchemy.exc.IntegrityError`` when the email is taken (a concurrent registration)."""
    session.add(user)
    session.flush()
    return user


def delete_user(session: Session, user_id: uuid.UUID) -> None:
    """``DELETE`` the user row ``user_id``; the database cascades to every row with a user
    foreign key (``ON DELETE CASCADE`` or ``SET NULL``). Expunge a loaded copy first."""
    session.execute(delete(User).where(User.id == user_id))


# refresh tokens -------------------------------------------------------------------------------

def get_refresh_token(session: Session, jti: uuid.UUID) -> RefreshToken | None:
    """The refresh token row with id ``jti`` (the token's ``jti`` claim), or None."""
    return session.get(RefreshToken, jti)


def add_refresh_token(session: Session, row: RefreshToken) -> RefreshToken:
    """Add the refresh token ``row`` (written at the next flush) and return it."""
    session.add(row)
    return row


def revoke_token_family(session: Session, family_id: uuid.UUID, at: datetime) -> None:
    """Set ``revoked_at = at`` on every refresh token of ``family_id`` not yet revoked (one
    ``UPDATE``)."""
    session.execute(
        update(RefreshToken).where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def revoke_user_tokens(session: Session, user_id: uuid.UUID, at: datetime) -> None:
    """Set ``revoked_at = at`` on every refresh token of ``user_id`` not yet revoked: every
    session of the user ends (one ``UPDATE``)."""
    session.execute(
        update(RefreshToken).where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def claim_refresh_token(session: Session, jti: uuid.UUID, at: datetime) -> bool:
    """Spend the refresh token ``jti``: ``UPDATE ... SET revoked_at = at WHERE id = jti AND
    revoked_at IS NULL``. True when this call spent it (one row changed); False when it was
    spent already, here or by a concurrent request (the database serialises the two updates,
    so exactly one of them wins)."""
    result = session.execute(
        update(RefreshToken).where(RefreshToken.id == jti, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return getattr(result, "rowcount", 0) == 1


def family_active(session: Session, user_id: uuid.UUID, family_id: uuid.UUID, now: datetime) -> bool:
    """True when ``user_id``'s refresh-token family ``family_id`` has a token that is neither
    revoked nor expired at ``now`` (the session is still open)."""
    return session.scalar(
        select(RefreshToken.id).where(
            RefreshToken.family_id == family_id, RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None), RefreshToken.expires_at > now,
        ).limit(1)
    ) is not None


# password reset tokens ------------------------------------------------------------------------

def add_reset_token(session: Session, row: PasswordResetToken) -> PasswordResetToken:
    """Add the password reset token ``row`` (written at the next flush) and return it."""
    session.add(row)
    return row


def reset_token_owner(session: Session, token_hash: str) -> uuid.UUID | None:
    """The user id of the reset token whose SHA-256 hex is ``token_hash`` (used or not), or None."""
    return session.scalar(select(PasswordResetToken.user_id).where(PasswordResetToken.token_hash == token_hash))


def claim_reset_token(session: Session, token_hash: str, now: datetime) -> bool:
    """Spend the reset token ``token_hash``: ``UPDATE ... SET used_at = now WHERE token_hash =
    :hash AND used_at IS NULL AND expires_at > now``. True when this call spent it."""
    result = session.execute(
        update(PasswordResetToken).where(
            PasswordResetToken.token_hash == token_hash, PasswordResetToken.used_at.is_(None),
            PasswordResetToken.expires_at > now,
        ).values(used_at=now)
    )
    return getattr(result, "rowcount", 0) == 1


def expire_reset_tokens(session: Session, user_id: uuid.UUID, at: datetime) -> None:
    """Mark every unused reset token of ``user_id`` used at ``at`` (a newer one replaces them,
    or the password was just set)."""
    session.execute(
        update(PasswordResetToken).where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=at)
    )


# API keys -------------------------------------------------------------------------------------

def get_api_key_by_hash(session: Session, key_hash: str) -> ApiKey | None:
    """The API key whose SHA-256 hex digest is ``key_hash`` (revoked or not), or None."""
    return session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))


def add_api_key(session: Session, row: ApiKey) -> ApiKey:
    """Add the API key ``row`` and flush it (its id and ``created_at`` are set)."""
    session.add(row)
    session.flush()
    return row


def list_api_keys(session: Session, user_id: uuid.UUID) -> list[ApiKey]:
    """``user_id``'s API keys (revoked ones too), newest first."""
    return list(session.scalars(
        select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.created_at.desc())
    ))


def get_owned_api_key(session: Session, user_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    """``user_id``'s API key ``key_id``; NotFound ("no such API key") for a missing id or
    another user's key."""
    row = session.get(ApiKey, key_id)
    if row is None or row.user_id != user_id:
        raise NotFound("no such API key")
    return row


# data rights ----------------------------------------------------------------------------------

def rows_of_user(session: Session, model: type[Row], user_id: uuid.UUID, order_by: Any) -> list[Row]:
    """Every row of ``model`` (a table with a ``user_id`` column) that belongs to ``user_id``,
    ordered by ``order_by`` (a column or expression of ``model``)."""
    owner = inspect(model).c.user_id
    return list(session.scalars(select(model).where(owner == user_id).order_by(order_by)).all())


def conversation_messages(session: Session, conversation_id: uuid.UUID) -> list[Message]:
    """The messages of ``conversation_id``, oldest first (by ``created_at``)."""
    return list(session.scalars(
        select(Message).where(Message.conversation_id == conversation_id).order_by(Message.created_at)
    ).all())


def conversations_of(session: Session, user_id: uuid.UUID) -> list[Conversation]:
    """``user_id``'s conversations, oldest first."""
    return rows_of_user(session, Conversation, user_id, Conversation.created_at)


def generation_ids_of(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of every generation of ``user_id``."""
    return list(session.scalars(select(GenerationRequest.id).where(GenerationRequest.user_id == user_id)).all())


def video_ids_of(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of every video of ``user_id`` (their files are ``videos/<id>/...``)."""
    return list(session.scalars(select(Video.id).where(Video.user_id == user_id)).all())


def storage_keys_of(session: Session, user_id: uuid.UUID) -> set[str]:
    """The blob keys of every asset of ``user_id`` (deleted ones too)."""
    return set(session.scalars(select(Asset.storage_key).where(Asset.user_id == user_id)).all())


__all__ = [
    "add_api_key", "add_refresh_token", "add_reset_token", "add_user", "claim_refresh_token", "claim_reset_token",
    "conversation_messages", "conversations_of", "delete_user", "email_taken", "expire_reset_tokens",
    "family_active", "generation_ids_of", "get_api_key_by_hash", "get_owned_api_key", "get_refresh_token",
    "get_user", "get_user_by_email", "list_api_keys", "reset_token_owner", "revoke_token_family",
    "revoke_user_tokens", "rows_of_user", "storage_keys_of", "video_ids_of",
]
