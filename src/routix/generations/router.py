"""``/api/v1/generation``: create, status, result, regenerate, list.

Create writes the job row first and dispatches it second; progress arrives over ``/ws`` and
``/api/v1/generation/{id}/events`` (SSE). ``Idempotency-Key``: repeating a create (or a
regenerate) with the same key returns the same generation with 200 instead of 201; the same
key with a different body answers 409. Another user's generation answers 404.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Header, Query, Response
from pydantic import Field

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.limits import generation_limit
from routix.api.schemas import RequestModel
from routix.generate.pipeline import MAX_VARIANTS
from routix.generations import service
from routix.generations.params import MAX_SEED, GenerationParams
from routix.generations.schemas import (
    GenerationListOut,
    GenerationOut,
    GenerationStatusOut,
)
from routix.generations.views import result_view, status_view

router = APIRouter(prefix="/api/v1/generation", tags=["generation"])

IdempotencyKey = Header(default=None, alias="Idempotency-Key", max_length=200,
                        description="repeat-safe key: the same key returns the same generation")


class GenerationCreate(GenerationParams, RequestModel):
    """A generation request; ``conversation_id`` files it under one of your conversations."""

    conversation_id: uuid.UUID | None = None


class RegenerateBody(RequestModel):
    """Overrides for a regeneration; everything else is copied from the original request."""

    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, description="default: a new random seed")
    variants: int | None = Field(default=None, ge=0, le=MAX_VARIANTS)
    algorithm: str | None = Field(default=None, min_length=1, max_length=100)


@router.post("/create", status_code=201, response_model=GenerationOut, dependencies=[Depends(generation_limit)],
             responses={200: {"description": "replayed: this Idempotency-Key was used before"}})
def create(body: GenerationCreate, response: Response, user: UserDep, session: SessionDep, services: ServicesDep,
           idempotency_key: str | None = IdempotencyKey) -> dict:
    """Queue a generation: prompt, algorithm, face/logo assets, title, template preference,
    variants (0-8), seed. Answers at once with the pending job; follow it with ``/status``,
    ``/ws`` or the SSE stream."""
    params = GenerationParams.model_validate(body.model_dump(exclude={"conversation_id"}))
    row, created = service.submit_generation(
        session, services, user, params, idempotency_key=idempotency_key, conversation_id=body.conversation_id,
    )
    if not created:
        response.status_code = 200
    return result_view(row, services)


@router.get("", response_model=GenerationListOut)
def list_generations(user: UserDep, session: SessionDep, services: ServicesDep,
                     limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)) -> dict:
    """Your generations, newest first."""
    rows, total = service.list_generations(session, user, limit=limit, offset=offset)
    return {"items": [result_view(r, services) for r in rows], "total": total, "limit": limit, "offset": offset}


@router.get("/{request_id}/status", response_model=GenerationStatusOut)
def status(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict:
    """The job's status, stage, progress (0-100), message and attempt."""
    return status_view(service.get_generation(session, user, request_id), services)


@router.get("/{request_id}", response_model=GenerationOut)
def result(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict:
    """Status plus, once completed, signed links to the thumbnail (JPEG, PNG), the 3000x3000
    cover, the layered PSD, the design JSON, the quality report and the variants."""
    return result_view(service.get_generation(session, user, request_id), services)


@router.post("/{request_id}/regenerate", status_code=201, response_model=GenerationOut,
             dependencies=[Depends(generation_limit)],
             responses={200: {"description": "replayed: this Idempotency-Key was used before"}})
def regenerate(request_id: uuid.UUID, response: Response, user: UserDep, session: SessionDep,
               services: ServicesDep, body: RegenerateBody | None = None,
               idempotency_key: str | None = IdempotencyKey) -> dict:
    """A new generation of the same request with a new seed (``parent_id`` links the two)."""
    body = body or RegenerateBody()
    row, created = service.submit_regeneration(
        session, services, user, request_id, seed=body.seed, variants=body.variants, algorithm=body.algorithm,
        idempotency_key=idempotency_key,
    )
    if not created:
        response.status_code = 200
    return result_view(row, services)
