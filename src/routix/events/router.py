"""Live progress: WebSocket ``/ws`` and SSE ``/api/v1/generation/{id}/events``.

WebSocket ``/ws``
  Authenticate with ``?token=<access token or API key>`` or, within ``AUTH_TIMEOUT`` seconds,
  a first message ``{"type": "auth", "token": "..."}``. A missing, forged, expired or wrong-type
  credential gets ``{"event": "connection:error", "data": {"error", "code": 4401, "reason"}}``
  and the socket is closed with code 4401. On success the server sends
  ``connection:established`` {connection_id, user_id, timestamp}, then the current state of
  the user's unfinished generations and those finished in the last minute, then every bus event
  for the user (``generation:*``, ``chat:message``). ``{"type": "ping"}`` is answered with
  ``{"event": "pong"}``. Every event carries ``published_at`` (UNIX seconds) set by the bus.

SSE ``GET /api/v1/generation/{id}/events``
  ``text/event-stream`` for one generation. Auth by header or ``?access_token=`` (EventSource
  cannot set headers). Another user's id answers 404 before streaming. The first event is the
  current state; progress events follow; the stream ends after ``generation:completed`` or
  ``generation:failed``. A comment ``: keep-alive`` is sent after ``KEEPALIVE_SECONDS`` of
  silence, and the row is re-read then (so a lost event never leaves a client waiting forever).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any, cast

from fastapi import APIRouter, Depends, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from routix.api.deps import api_key_scheme, bearer_scheme, credential_from, resolve_user
from routix.errors import NotFound, Unauthorized
from routix.events.fanout import Inbox, encode_event
from routix.events.live import (
    ProgressFilter,
    generation_snapshot,
    is_final,
    user_snapshot,
)
from routix.events.ports import Event
from routix.events.schemas import sse_responses
from routix.services import Services
from routix.store.models import utcnow

router = APIRouter(tags=["events"])
log = logging.getLogger("routix.api.events")

#: Seconds a client has to send its ``auth`` message when no ``token`` query parameter is given.
AUTH_TIMEOUT = 10.0
#: Seconds of silence after which an SSE stream sends a keep-alive comment and re-reads the row.
KEEPALIVE_SECONDS = 15.0
#: WebSocket close code for authentication failures (4000-4999: application codes).
CLOSE_UNAUTHORIZED = 4401


class RedactQueryTokens(logging.Filter):
    """Masks ``token=`` and ``access_token=`` query values in log records: uvicorn logs request
    paths with their query string, and these two parameters carry credentials (``/ws?token=``,
    SSE ``?access_token=``). Install on ``uvicorn.access`` and ``uvicorn.error``."""

    PATTERN = re.compile(r"([?&](?:access_)?token=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1***", record.msg)
        return True


def _user_id_for(services: Services, credential: str | None) -> str:
    """The id of the user a JWT access token or API key belongs to. Raises Unauthorized."""
    with services.db.session() as session:
        return str(resolve_user(session, services, credential).id)


# ---------------------------------------------------------------------------- WebSocket
class _Socket:
    """Serialises sends on one WebSocket (the forwarder and the ping handler share it)."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.lock = asyncio.Lock()

    async def send(self, event: Event) -> None:
        async with self.lock:
            await self.websocket.send_text(encode_event(event))


def _event(name: str, **data: Any) -> Event:
    return {"event": name, "data": {**data, "timestamp": utcnow().isoformat()}}


async def _read_message(websocket: WebSocket) -> dict | None:
    """The next client message as a JSON object (None if it is not one). Raises
    WebSocketDisconnect when the client left."""
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    raw = message.get("text") or message.get("bytes")
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


async def _first_message_token(websocket: WebSocket) -> str | None:
    """The token of an ``{"type": "auth", "token": ...}`` first message, or None."""
    try:
        message = await asyncio.wait_for(_read_message(websocket), AUTH_TIMEOUT)
    except TimeoutError:
        return None
    if message and message.get("type") == "auth" and isinstance(message.get("token"), str):
        return message["token"]
    return None


async def _authenticate(websocket: WebSocket, token: str | None) -> str | None:
    """The user id, or None after refusing the socket with ``connection:error`` + 4401."""
    services = websocket.app.state.services
    credential = token or await _first_message_token(websocket)
    try:
        if not credential:
            raise Unauthorized("send a token: ?token=... or a first message {\"type\": \"auth\", \"token\": ...}",
                               code="not_authenticated")
        return await run_in_threadpool(_user_id_for, services, credential)
    except Unauthorized as exc:
        await websocket.send_text(encode_event(
            _event("connection:error", error=exc.message, code=CLOSE_UNAUTHORIZED, reason=exc.code)
        ))
        await websocket.close(code=CLOSE_UNAUTHORIZED, reason=exc.code)
        return None


async def _receive(websocket: WebSocket, socket: _Socket) -> None:
    """Answer pings until the client disconnects. Other messages are ignored."""
    while True:
        message = await _read_message(websocket)
        if message and message.get("type") == "ping":
            await socket.send(_event("pong"))


async def _forward(inbox: AsyncIterator[Event], socket: _Socket, seen: ProgressFilter) -> None:
    async for event in inbox:
        if seen.admit(event):
            await socket.send(event)


@router.websocket("/ws")
async def websocket_events(websocket: WebSocket, token: str | None = Query(default=None)) -> None:
    """Live events for the authenticated user (see the module docstring for the protocol)."""
    services = websocket.app.state.services
    await websocket.accept()
    try:
        user_id = await _authenticate(websocket, token)
        if user_id is None:
            return
        socket, seen = _Socket(websocket), ProgressFilter()
        async with services.bus.subscribe(user_id) as inbox:
            await socket.send(_event("connection:established", connection_id=str(uuid.uuid4()), user_id=user_id))
            for event in await run_in_threadpool(user_snapshot, services, user_id):
                if seen.admit(event):
                    await socket.send(event)
            tasks = [asyncio.ensure_future(_receive(websocket, socket)),
                     asyncio.ensure_future(_forward(inbox, socket, seen))]
            try:
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in tasks:
                    task.cancel()
                outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        if not isinstance(outcomes[0], WebSocketDisconnect):  # the forwarder failed: the socket is broken
            log.debug("closing the WebSocket of user %s: %r", user_id, outcomes)
            await websocket.close()
    except (WebSocketDisconnect, RuntimeError):  # the client left, or the socket is already closed
        return


# ---------------------------------------------------------------------------- SSE
def _sse(event: Event, event_id: int) -> str:
    data = json.dumps({**event.get("data", {}), "published_at": event.get("published_at")}, default=str)
    return f"id: {event_id}\nevent: {event['event']}\ndata: {data}\n\n"


async def _stream(services: Services, user_id: str, request_id: uuid.UUID) -> AsyncIterator[str]:
    """The SSE body: current state, then newer events of this generation, until a final one."""
    wanted, seen, sent = str(request_id), ProgressFilter(), 0
    yield "retry: 3000\n\n"
    async with services.bus.subscribe(user_id) as events:
        inbox = cast(Inbox, events)  # every bus hands out a fanout Inbox (it can wait with a timeout)
        pending = [await run_in_threadpool(generation_snapshot, services, user_id, request_id)]
        while True:
            for event in pending:
                if event is None:  # deleted meanwhile
                    return
                if seen.admit(event):
                    sent += 1
                    yield _sse(event, sent)
                    if is_final(event):
                        return
            event = await inbox.get(timeout=KEEPALIVE_SECONDS)
            if event is None:
                yield ": keep-alive\n\n"
                pending = [await run_in_threadpool(generation_snapshot, services, user_id, request_id)]
            else:
                pending = [event] if (event.get("data") or {}).get("request_id") == wanted else []


@router.get(
    "/api/v1/generation/{request_id}/events",
    response_class=StreamingResponse,
    responses=sse_responses(),
    dependencies=[Depends(bearer_scheme), Depends(api_key_scheme)],
)
async def generation_events(request_id: uuid.UUID, request: Request,
                            access_token: str | None = Query(default=None, description="for EventSource")
                            ) -> StreamingResponse:
    """Progress of one generation as server-sent events (see the module docstring)."""
    services = request.app.state.services
    credential = credential_from(request) or access_token
    user_id = await run_in_threadpool(_user_id_for, services, credential)
    if await run_in_threadpool(generation_snapshot, services, user_id, request_id) is None:
        raise NotFound("generation not found")
    return StreamingResponse(
        _stream(services, user_id, request_id), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
