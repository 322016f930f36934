"""``/api/v1/admin/algorithms``: the "Routix Versions" users choose from (list, create, read,
update, delete). Administrators only (403 problem otherwise); every change is audited. Rules
(one default, config per provider, no delete of used/default ones): :mod:`routix.algorithms.service`."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response

from routix.algorithms import service as algorithms
from routix.algorithms.schemas import AlgorithmCreate, AlgorithmListOut, AlgorithmOut, AlgorithmPatch
from routix.api.deps import AdminDep, ServicesDep, SessionDep
from routix.api.problems import responses

router = APIRouter(prefix="/api/v1/admin/algorithms", tags=["admin"])


def _values(body: AlgorithmPatch) -> dict[str, Any]:
    return {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "config"}


@router.get("", response_model=AlgorithmListOut)
def list_algorithms(admin: AdminDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """All algorithms, active or not, the default first, each with its generation count and
    ``runs_as`` ("lightning" when its provider is not configured)."""
    return {"items": algorithms.list_algorithms(session, services.settings.secret())}


@router.post("", status_code=201, response_model=AlgorithmOut, responses=responses({
    409: "the name is taken (`name_taken`)", 422: "unknown provider or invalid config",
}))
def create_algorithm(body: AlgorithmCreate, request: Request, admin: AdminDep, session: SessionDep,
                     services: ServicesDep) -> dict[str, Any]:
    """Create an algorithm; 422 unknown provider/bad config, 409 name taken."""
    row = algorithms.create_algorithm(session, admin, _values(body), request=request, secret=services.settings.secret())
    return algorithms.algorithm_detail(session, row)


@router.get("/{algorithm_id}", response_model=AlgorithmOut)
def get_algorithm(algorithm_id: uuid.UUID, admin: AdminDep, session: SessionDep) -> dict[str, Any]:
    return algorithms.algorithm_detail(session, algorithms.get_algorithm(session, algorithm_id))


@router.patch("/{algorithm_id}", response_model=AlgorithmOut, responses=responses({
    409: "the name is taken, or the change would leave no active default (`default_algorithm`)",
}))
def patch_algorithm(algorithm_id: uuid.UUID, body: AlgorithmPatch, request: Request, admin: AdminDep,
                    session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """Change fields; making one the default clears the others; 409 for leaving no default."""
    row = algorithms.get_algorithm(session, algorithm_id)
    algorithms.update_algorithm(session, admin, row, _values(body), request=request,
                                secret=services.settings.secret())
    return algorithms.algorithm_detail(session, row)


@router.delete("/{algorithm_id}", status_code=204, responses=responses({
    409: "the default algorithm or one that generations used (`default_algorithm`, `algorithm_in_use`)",
}))
def delete_algorithm(algorithm_id: uuid.UUID, request: Request, admin: AdminDep, session: SessionDep) -> Response:
    """Delete an unused, non-default algorithm (409 otherwise: deactivate it instead)."""
    algorithms.delete_algorithm(session, admin, algorithms.get_algorithm(session, algorithm_id), request=request)
    return Response(status_code=204)
