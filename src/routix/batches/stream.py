"""``GET /api/v1/batches/{id}/events``: a batch's ``batch:progress`` events as SSE.

Auth by header or ``?access_token=`` (EventSource cannot set headers); a batch that is not
yours (nor shared with you) answers 404 before streaming. The first event is the current
state; then every ``batch:progress`` of this batch from its owner's event stream; the stream
ends once the batch is ``completed`` or ``cancelled``. After ``KEEPALIVE_SECONDS`` of silence
a ``: keep-alive`` comment is sent and the state is read again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any, cast

from fastapi import Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from routix.api.deps import credential_from, resolve_user
from routix.batches import repository
from routix.batches.views import progress_event
from routix.events.fanout import Inbox

KEEPALIVE_SECONDS = 15.0
FINAL = ("completed", "cancelled")


def _snapshot(services: Any, credential: str | None, batch_id: uuid.UUID) -> tuple[str, dict[str, Any]]:
    """(owner id, current ``batch:progress``) for a batch the credential's user may read."""
    with services.db.session() as session:
        user = resolve_user(session, services, credential)
        batch, _ = repository.get_visible_batch(session, user.id, batch_id)
        return str(batch.user_id), progress_event(session, batch, None, services)


def _refresh(services: Any, batch_id: uuid.UUID) -> dict[str, Any] | None:
    with services.db.session() as session:
        batch = repository.get_batch(session, batch_id)
        return progress_event(session, batch, None, services) if batch is not None else None


def _sse(event: dict[str, Any], number: int) -> str:
    data = json.dumps({**event.get("data", {}), "published_at": event.get("published_at")}, default=str)
    return f"id: {number}\nevent: {event['event']}\ndata: {data}\n\n"


async def _stream(services: Any, owner: str, batch_id: uuid.UUID, first: dict[str, Any]) -> AsyncIterator[str]:
    wanted, sent = str(batch_id), 0
    yield "retry: 3000\n\n"
    async with services.bus.subscribe(owner) as events:
        inbox = cast(Inbox, events)
        pending: list[dict[str, Any] | None] = [first]
        while True:
            for event in pending:
                if event is None:
                    return
                sent += 1
                yield _sse(event, sent)
                if event["data"].get("status") in FINAL:
                    return
            got = await inbox.get(timeout=KEEPALIVE_SECONDS)
            if got is None:
                yield ": keep-alive\n\n"
                pending = [await run_in_threadpool(_refresh, services, batch_id)]
            elif got.get("event") == "batch:progress" and (got.get("data") or {}).get("batch_id") == wanted:
                pending = [got]
            else:
                pending = []


async def batch_events_response(request: Request, batch_id: uuid.UUID, access_token: str | None) -> StreamingResponse:
    """The SSE answer (raises Unauthorized / NotFound before streaming)."""
    services = request.app.state.services
    owner, first = await run_in_threadpool(_snapshot, services, credential_from(request) or access_token, batch_id)
    return StreamingResponse(_stream(services, owner, batch_id, first), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


__all__ = ["batch_events_response"]
