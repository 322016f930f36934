"""``/api/v1/generation``: create, status, result, regenerate, list.

Create writes the job row first and dispatches it second; progress arrives over ``/ws`` and
``/api/v1/generation/{id}/events`` (SSE). ``Idempotency-Key``: repeating a create (or a
regenerate) with the same key returns the same generation with 200 instead of 201; the same
key with a different body answers 409. Another user's generation answers 404. A replay is answered
before the rate limit (only a new generation counts against it).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import GenerationLimit
from routix.api.problems import responses
from routix.generations import service
from routix.generations.params import GenerationParams
from routix.generations.repository import GENERATIONS
from routix.generations.schemas import (
    GenerationCreate,
    GenerationListOut,
    GenerationOut,
    GenerationStatusOut,
    RegenerateBody,
)
from routix.generations.views import result_view, status_view
from routix.kit.pagination import PageRequest, pagination

router = APIRouter(prefix="/api/v1/generation", tags=["generation"])

#: Answers of create/regenerate besides the new generation.
_SUBMIT_RESPONSES = {
    200: {"model": GenerationOut, "description": "replayed: this Idempotency-Key was used before"},
    **responses({
        402: "the balance does not cover the algorithm's credit cost (`insufficient_credits`)",
        404: "an asset, conversation or parent generation that is not yours",
        409: "this Idempotency-Key was used for a different request (`idempotency_conflict`)",
        422: "invalid request, unknown algorithm (`unknown_algorithm`) or bad Idempotency-Key",
    }),
}

IdempotencyKey = Header(default=None, alias="Idempotency-Key", max_length=200,
                        description="repeat-safe key: the same key returns the same generation")


@router.post("/create", status_code=201, response_model=GenerationOut, responses=_SUBMIT_RESPONSES)
def create(body: GenerationCreate, response: Response, user: UserDep, session: SessionDep, services: ServicesDep,
           admit: GenerationLimit, idempotency_key: str | None = IdempotencyKey) -> dict[str, Any]:
    """Queue a generation: prompt, algorithm, face/logo assets, title, template preference,
    variants (0-8), seed. Answers at once with the pending job; follow it with ``/status``,
    ``/ws`` or the SSE stream. A replayed Idempotency-Key is answered before the rate limit."""
    params = GenerationParams.model_validate(body.model_dump(exclude={"conversation_id"}))
    row, created = service.submit_generation(
        session, services, user, params, idempotency_key=idempotency_key, conversation_id=body.conversation_id,
        admit=admit,
    )
    if not created:
        response.status_code = 200
    return result_view(row, services)


@router.get("", response_model=GenerationListOut)
def list_generations(user: UserDep, session: SessionDep, services: ServicesDep,
                     page: Annotated[PageRequest, Depends(pagination(GENERATIONS))]) -> dict[str, Any]:
    """Your generations, newest first; ``next_cursor`` pages on (``?cursor=``)."""
    found = service.list_generations(session, user, page)
    return {"items": [result_view(r, services) for r in found.items], **found.fields()}


@router.get("/{request_id}/status", response_model=GenerationStatusOut)
def status(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """The job's status, stage, progress (0-100), message and attempt."""
    return status_view(service.get_generation(session, user, request_id), services)


@router.get("/{request_id}", response_model=GenerationOut)
def result(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Status plus, once completed, signed links to the thumbnail (JPEG, PNG), the 3000x3000
    cover, the layered PSD, the design JSON, the quality report and the variants."""
    return result_view(service.get_generation(session, user, request_id), services)


@router.post("/{request_id}/regenerate", status_code=201, response_model=GenerationOut,
             responses=_SUBMIT_RESPONSES)
def regenerate(request_id: uuid.UUID, response: Response, user: UserDep, session: SessionDep,
               services: ServicesDep, admit: GenerationLimit, body: RegenerateBody | None = None,
               idempotency_key: str | None = IdempotencyKey) -> dict[str, Any]:
    """A new generation of the same request with a new seed (``parent_id`` links the two)."""
    body = body or RegenerateBody()
    row, created = service.submit_regeneration(
        session, services, user, request_id, seed=body.seed, variants=body.variants, algorithm=body.algorithm,
        idempotency_key=idempotency_key, admit=admit,
    )
    if not created:
        response.status_code = 200
    return result_view(row, services)
