"""FastAPI dependencies, one per route class (see :mod:`routix.ratelimit.limiter`).

Add one to a route's signature (``_: GenerationLimit``) or its ``dependencies=[...]``:

* :data:`GenerationLimit` (POST /api/v1/generation/create, /regenerate): per user and per IP.
* :data:`ChatGenerationLimit` (POST chat messages): a chat message starts a generation only
  sometimes, so it refuses while the user's generation limit is exhausted and, after the
  handler, counts each generation the message started (the user's new generation rows).
* :data:`UploadLimit` (asset and admin template uploads): per user.
* :data:`AuthLimit` (login, register, refresh): per IP + email (from the JSON body) and per IP.

The limiter lives on ``app.state.rate_limiter``, built once from ``services.settings``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from routix.api.deps import current_user, get_services
from routix.errors import RateLimited
from routix.kit.rows import count_by
from routix.ratelimit.limiter import Limiter
from routix.store.models import GenerationRequest, User


def limiter_of(request: Request) -> Limiter:
    """The app's limiter (created on first use from the services' settings)."""
    state = request.app.state
    limiter = getattr(state, "rate_limiter", None)
    if limiter is None:
        limiter = state.rate_limiter = Limiter(get_services(request).settings)
    return limiter


def client_ip(request: Request) -> str:
    """The peer address (put the API behind a proxy with uvicorn ``--proxy-headers`` to see
    the real client)."""
    return request.client.host if request.client else "unknown"


def generation_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> None:
    limiter_of(request).hit(("generation", str(user.id)), ("generation_ip", client_ip(request)))


def _generations_of(request: Request, user_id: uuid.UUID) -> int:
    """How many generations ``user_id`` has (read in a session of its own)."""
    with get_services(request).db.session() as session:
        return count_by(session, GenerationRequest.user_id, [user_id]).get(user_id, 0)


def chat_generation_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> Iterator[None]:
    limiter = limiter_of(request)
    checks = (("generation", str(user.id)), ("generation_ip", client_ip(request)))
    if not limiter.enabled:
        yield
        return
    limiter.require_room(*checks)
    before = _generations_of(request, user.id)
    yield
    for _ in range(max(0, _generations_of(request, user.id) - before)):
        try:
            limiter.hit(*checks)
        except RateLimited:  # already started: counted as far as the limit goes
            break


def upload_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> None:
    limiter_of(request).hit(("upload", str(user.id)))


async def auth_limit(request: Request) -> None:
    email = "-"
    try:
        body = json.loads(await request.body() or b"{}")
        if isinstance(body, dict) and isinstance(body.get("email"), str):
            email = body["email"].strip().lower()[:255] or "-"
    except ValueError:
        pass  # the route's own validation answers 422
    ip = client_ip(request)
    limiter_of(request).hit(("auth", f"{ip}|{email}"), ("auth_ip", ip))


GenerationLimit = Annotated[None, Depends(generation_limit)]
ChatGenerationLimit = Annotated[None, Depends(chat_generation_limit)]
UploadLimit = Annotated[None, Depends(upload_limit)]
AuthLimit = Annotated[None, Depends(auth_limit)]

__all__ = ["AuthLimit", "ChatGenerationLimit", "GenerationLimit", "UploadLimit", "client_ip", "limiter_of"]
