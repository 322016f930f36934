"""``/api/v1/admin/algorithms``: the "Routix Versions" users choose from (list, create, read,
update, delete). Administrators only (403 problem otherwise); every change is audited. Rules
(one default, config per provider, no delete of used/default ones): :mod:`routix.algorithms.service`."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import Field

from routix.algorithms import service as algorithms
from routix.api.deps import AdminDep, ServicesDep, SessionDep
from routix.api.schemas import RequestModel

router = APIRouter(prefix="/api/v1/admin/algorithms", tags=["admin"])

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,49}$"


class AlgorithmPatch(RequestModel):
    """Fields to change; omitted fields stay. ``config`` replaces the whole config (an omitted
    ``config.api_key`` keeps the stored key; ``null`` or ``""`` removes it)."""

    name: str | None = Field(default=None, pattern=NAME_PATTERN, description="what requests send, e.g. 'pro'")
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=2000)
    ai_provider: str | None = Field(default=None, min_length=1, max_length=50, description="local | gemini | openai")
    config: dict[str, Any] | None = None
    cost_per_generation: float | None = Field(default=None, ge=0, le=1000, description="US dollars, for reports")
    credit_cost: int | None = Field(default=None, ge=0, le=1000)
    is_active: bool | None = None
    is_default: bool | None = None


class AlgorithmCreate(AlgorithmPatch):
    name: str = Field(pattern=NAME_PATTERN)
    display_name: str = Field(min_length=1, max_length=100)
    ai_provider: str = Field(default="local", min_length=1, max_length=50)


def _values(body: AlgorithmPatch) -> dict[str, Any]:
    return {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "config"}


@router.get("")
def list_algorithms(admin: AdminDep, session: SessionDep) -> dict:
    """``{"items": [Algorithm + "generations"]}``: all, active or not, the default first."""
    return {"items": algorithms.list_algorithms(session)}


@router.post("", status_code=201)
def create_algorithm(body: AlgorithmCreate, request: Request, admin: AdminDep, session: SessionDep,
                     services: ServicesDep) -> dict:
    """Create an algorithm; 422 unknown provider/bad config, 409 name taken."""
    row = algorithms.create_algorithm(session, admin, _values(body), request=request, secret=services.settings.secret())
    return algorithms.algorithm_detail(session, row)


@router.get("/{algorithm_id}")
def get_algorithm(algorithm_id: uuid.UUID, admin: AdminDep, session: SessionDep) -> dict:
    return algorithms.algorithm_detail(session, algorithms.get_algorithm(session, algorithm_id))


@router.patch("/{algorithm_id}")
def patch_algorithm(algorithm_id: uuid.UUID, body: AlgorithmPatch, request: Request, admin: AdminDep,
                    session: SessionDep, services: ServicesDep) -> dict:
    """Change fields; making one the default clears the others; 409 for leaving no default."""
    row = algorithms.get_algorithm(session, algorithm_id)
    algorithms.update_algorithm(session, admin, row, _values(body), request=request,
                                secret=services.settings.secret())
    return algorithms.algorithm_detail(session, row)


@router.delete("/{algorithm_id}", status_code=204)
def delete_algorithm(algorithm_id: uuid.UUID, request: Request, admin: AdminDep, session: SessionDep) -> Response:
    """Delete an unused, non-default algorithm (409 otherwise: deactivate it instead)."""
    algorithms.delete_algorithm(session, admin, algorithms.get_algorithm(session, algorithm_id), request=request)
    return Response(status_code=204)
