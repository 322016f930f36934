"""FastAPI dependencies, one per route class (see :mod:`routix.ratelimit.limiter`).

Add one to a route's signature (``_: GenerationLimit``) or its ``dependencies=[...]``:

* :data:`GenerationLimit` (POST /api/v1/generation/create, /regenerate): per user and per IP.
  It counts nothing by itself: it gives the route a :class:`GenerationAdmission`, which the
  generations service calls once the request is known to start a new generation, so a replay
  of an accepted ``Idempotency-Key`` is answered (200, the same generation) however many
  generations the user started since.
* :data:`ChatGenerationLimit` (POST chat messages): a chat message starts a generation only
  sometimes, so it refuses while the user's generation limit is exhausted and, after the
  handler, counts each generation the message started (the user's new generation rows).
* :data:`UploadLimit` (asset and admin template uploads): per user.
* :data:`VideoLimit` (POST /api/v1/generation/{id}/video): per user on the free plan; like
  :data:`GenerationLimit` a :class:`VideoAdmission` the videos service calls once it accepts.
* :data:`AuthLimit` (register, refresh, password reset): per IP + email (from the JSON body)
  and per IP.
* :data:`LoginLimit` (login): :data:`AuthLimit` plus the account's own limit, failed sign-ins
  per email from every address together (``auth_account``): each ``invalid_credentials`` answer
  counts, and while the account's window is full every sign-in to it is refused (429 with
  ``Retry-After``), whichever address it comes from.
* :data:`PasswordLimit` (password change, account deletion: the routes that check the current
  password): per IP, and a wrong password counts towards the account's ``auth_account`` limit.

Client address (:func:`client_ip`): the TCP peer, unless the peer is one of
``settings.trusted_proxies`` (``ROUTIX_TRUSTED_PROXIES``, default none): then the last address
in ``X-Forwarded-For`` that is not a trusted proxy (each proxy appends the address it saw, so
the addresses left of it are the client's to choose and are never believed). ``routix serve``
gives uvicorn the same list (``forwarded_allow_ips``), so a request that uvicorn already
rewrote gets the same answer here.

The limiter lives on ``app.state.rate_limiter``, built once from ``services.settings``.
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from routix.api.deps import current_user, get_services
from routix.credits.plans import DEFAULT_PLAN, plan_for
from routix.errors import Forbidden, RateLimited, Unauthorized
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


class TrustedProxies:
    """IP addresses and networks of trusted reverse proxies (``settings.trusted_proxies``)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.networks = [ipaddress.ip_network(entry, strict=False) for entry in entries]

    def __contains__(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def _host_of(entry: str) -> str:
    """``"203.0.113.9"``, ``"203.0.113.9:443"``, ``"[2001:db8::1]:443"`` -> the address alone."""
    entry = entry.strip()
    if entry.startswith("[") and "]" in entry:
        return entry[1:entry.index("]")]
    if entry.count(":") == 1:
        return entry.rsplit(":", 1)[0]
    return entry


def forwarded_client(peer: str | None, forwarded_for: Iterable[str], trusted: TrustedProxies) -> str:
    """The client address of a request from ``peer`` with these ``X-Forwarded-For`` header
    values (see the module docstring); "unknown" without a peer."""
    if not peer:
        return "unknown"
    if peer not in trusted:
        return peer
    hops = [_host_of(part) for value in forwarded_for for part in value.split(",") if part.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:100]
    return hops[0][:100] if hops else peer


def trusted_proxies_of(request: Request) -> TrustedProxies:
    """The app's trusted proxies (built on first use from the services' settings)."""
    state = request.app.state
    trusted = getattr(state, "trusted_proxies", None)
    if trusted is None:
        trusted = state.trusted_proxies = TrustedProxies(get_services(request).settings.trusted_proxies)
    return trusted


def client_ip(request: Request) -> str:
    """The client's address: the TCP peer, or what a trusted proxy forwarded (module docstring)."""
    peer = request.client.host if request.client else None
    return forwarded_client(peer, request.headers.getlist("x-forwarded-for"), trusted_proxies_of(request))


@dataclass(frozen=True)
class GenerationAdmission:
    """Counts one new generation against the user's and the address's limits when called
    (RateLimited when either is full); a no-op when limits are off."""

    limiter: Limiter
    user_id: str
    ip: str

    def __call__(self) -> None:
        self.limiter.hit(("generation", self.user_id), ("generation_ip", self.ip))


def generation_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> GenerationAdmission:
    """The admission of a new generation, for the generations service to call once it knows the
    request is not a replay (module docstring)."""
    return GenerationAdmission(limiter_of(request), str(user.id), client_ip(request))


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


async def _body_email(request: Request) -> str:
    """The normalised ``email`` of the request's JSON body, or "-"."""
    try:
        body = json.loads(await request.body() or b"{}")
        if isinstance(body, dict) and isinstance(body.get("email"), str):
            return body["email"].strip().lower()[:255] or "-"
    except ValueError:
        pass  # the route's own validation answers 422
    return "-"


async def auth_limit(request: Request) -> None:
    email = await _body_email(request)
    ip = client_ip(request)
    limiter_of(request).hit(("auth", f"{ip}|{email}"), ("auth_ip", ip))


async def login_limit(request: Request, _: Annotated[None, Depends(auth_limit)]) -> AsyncIterator[None]:
    """:func:`auth_limit`, then the account's failed sign-ins (module docstring)."""
    account = ("auth_account", await _body_email(request))
    limiter = limiter_of(request)
    limiter.require_room(account)
    try:
        yield
    except Unauthorized as exc:
        if exc.code == "invalid_credentials":
            limiter.record(account)
        raise


def password_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> Iterator[None]:
    """Per IP; a wrong current password (403 ``wrong_password``) counts towards the account's
    failed sign-ins, and a full account window refuses the route (module docstring)."""
    account = ("auth_account", user.email)
    limiter = limiter_of(request)
    limiter.require_room(account)
    limiter.hit(("auth_ip", client_ip(request)))
    try:
        yield
    except Forbidden as exc:
        if exc.code == "wrong_password":
            limiter.record(account)
        raise


@dataclass(frozen=True)
class VideoAdmission:
    """Counts one accepted video against a free-plan user's ``rate_limit_video`` when called
    (RateLimited when full); paid plans are bounded by their credits only."""

    limiter: Limiter
    user_id: str
    limited: bool

    def __call__(self) -> None:
        if self.limited:
            self.limiter.hit(("video", self.user_id))


def video_limit(request: Request, user: Annotated[User, Depends(current_user)]) -> VideoAdmission:
    """The admission of a new video, for the videos service to call once the request is valid
    (a refused request does not count)."""
    return VideoAdmission(limiter_of(request), str(user.id), plan_for(user.subscription_tier).name == DEFAULT_PLAN)


GenerationLimit = Annotated[GenerationAdmission, Depends(generation_limit)]
ChatGenerationLimit = Annotated[None, Depends(chat_generation_limit)]
UploadLimit = Annotated[None, Depends(upload_limit)]
VideoLimit = Annotated[VideoAdmission, Depends(video_limit)]
AuthLimit = Annotated[None, Depends(auth_limit)]
LoginLimit = Annotated[None, Depends(login_limit)]
PasswordLimit = Annotated[None, Depends(password_limit)]

__all__ = ["AuthLimit", "ChatGenerationLimit", "GenerationAdmission", "GenerationLimit", "LoginLimit",
           "PasswordLimit", "TrustedProxies", "UploadLimit", "client_ip", "forwarded_client", "limiter_of"]
