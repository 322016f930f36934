"""``/api/v1/generation``: create, status, result, regenerate, list; versions: edit, undo,
variant, tree, keep (the A/B pick), bundle.

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
from routix.generations import bundle as bundles
from routix.generations import service, versions
from routix.generations.params import GenerationParams
from routix.generations.repository import GENERATIONS
from routix.generations.schemas import (
    EditBody,
    GenerationCreate,
    GenerationListOut,
    GenerationOut,
    GenerationStatusOut,
    RegenerateBody,
    VariantBody,
    VersionTreeOut,
)
from routix.generations.views import result_view, status_view, tree_view
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


#: Answers of edit/undo/variant besides the new version.
_VERSION_RESPONSES = {
    200: {"model": GenerationOut, "description": "replayed Idempotency-Key, or the same edit of the same version "
                                                 "made before (the result cache): that version, not charged again"},
    **responses({
        402: "new art costs the algorithm's credits and the balance does not cover them (`insufficient_credits`)",
        404: "a version or asset that is not yours",
        409: "the version is not finished yet (`version_not_ready`) or the Idempotency-Key was used for a "
             "different request (`idempotency_conflict`)",
        422: "invalid body; an unclear, impossible or no-op instruction (`edit_unclear`: the message is the "
             "question to answer); undo of a first version (`nothing_to_undo`)",
    }),
}


def _answer(response: Response, row, created: bool, services) -> dict[str, Any]:
    if not created:
        response.status_code = 200
    return result_view(row, services)


@router.post("/{request_id}/edit", status_code=201, response_model=GenerationOut, responses=_VERSION_RESPONSES)
def edit(request_id: uuid.UUID, body: EditBody, response: Response, user: UserDep, session: SessionDep,
         services: ServicesDep, admit: GenerationLimit, idempotency_key: str | None = IdempotencyKey) -> dict[str, Any]:
    """A new version made from this one by an ``instruction`` ("make the title bigger") or a
    typed ``patch``. It reuses the art (free) unless the edit asks for new art (the algorithm's
    price); ``edit_summary`` says what changed. "undo" as an instruction makes an undo version."""
    row, created = versions.submit_edit(
        session, services, user, request_id, instruction=body.instruction, patch=body.patch,
        asset_ids=body.asset_ids, idempotency_key=idempotency_key, admit=admit,
    )
    return _answer(response, row, created, services)


@router.post("/{request_id}/undo", status_code=201, response_model=GenerationOut, responses=_VERSION_RESPONSES)
def undo(request_id: uuid.UUID, response: Response, user: UserDep, session: SessionDep, services: ServicesDep,
         admit: GenerationLimit, idempotency_key: str | None = IdempotencyKey) -> dict[str, Any]:
    """A new version (child of this one) whose design is the one before this version; undoing
    an undo brings the undone design back (redo)."""
    row, created = versions.submit_undo(session, services, user, request_id, idempotency_key=idempotency_key,
                                        admit=admit)
    return _answer(response, row, created, services)


@router.post("/{request_id}/variant", status_code=201, response_model=GenerationOut, responses=_VERSION_RESPONSES)
def variant(request_id: uuid.UUID, response: Response, user: UserDep, session: SessionDep, services: ServicesDep,
            admit: GenerationLimit, body: VariantBody | None = None,
            idempotency_key: str | None = IdempotencyKey) -> dict[str, Any]:
    """A variant of this version's design (mirrored or restaged, another treatment and hue)
    as a version of its own, with every file and the design document. Free."""
    row, created = versions.submit_variant(session, services, user, request_id, number=(body or VariantBody()).number,
                                           idempotency_key=idempotency_key, admit=admit)
    return _answer(response, row, created, services)


@router.get("/{request_id}/tree", response_model=VersionTreeOut, responses=responses({404: "not your version"}))
def tree(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """The history of a thumbnail: the root version, this version's ancestors and children,
    and every version of the tree (each with its kind, what changed and a thumbnail link)."""
    return tree_view(versions.version_tree(session, user, request_id), services)


@router.post("/{request_id}/keep", response_model=VersionTreeOut,
             responses=responses({404: "not your version", 409: "the version is not finished yet"}))
def keep(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Keep this version as its thumbnail's chosen one (the pick of an A/B compare), for every
    device and client; keeping the first version clears the choice. Answers the tree, whose
    ``kept_id`` is now this version."""
    return tree_view(versions.keep_version(session, user, request_id), services)


@router.get("/{request_id}/bundle", response_class=Response,
            responses={200: {"content": {"application/zip": {}}, "description": "design.json + assets/*.png"},
                       **responses({404: "not your version", 409: "not finished yet (`version_not_ready`)"})})
def bundle(request_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep) -> Response:
    """The version as one zip: ``design.json`` and every image it refers to (``assets/...``);
    ``routix render bundle.zip --out DIR`` re-renders it offline."""
    row = service.get_generation(session, user, request_id)
    data = bundles.bundle_bytes(services, row)
    return Response(data, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="routix-{str(row.id)[:8]}-bundle.zip"'})
