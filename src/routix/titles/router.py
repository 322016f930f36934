"""``/api/v1/title``: suggest titles for a prompt, refine a title (see ``titles.service``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.titles import service
from routix.titles.schemas import RefineBody, SuggestBody, SuggestionsOut, TitleOut

router = APIRouter(prefix="/api/v1/title", tags=["title"])

_ERRORS = responses({404: "a version that is not yours", 422: "invalid body"})


@router.post("/suggest", response_model=SuggestionsOut, responses=_ERRORS)
def suggest(body: SuggestBody, user: UserDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    """3-8 short titles for a prompt, each with its letter height at 168x94 in the title box
    (of ``version_id``'s design, else a typical one); only titles that read there are offered."""
    return service.suggest(session, services, user, body.prompt, version_id=body.version_id, count=body.count,
                           algorithm=body.algorithm)


@router.post("/refine", response_model=TitleOut, responses=_ERRORS)
def refine(body: RefineBody, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """A title made shorter, punchier or recased (``upper``, ``title``, ``sentence``), keeping
    its meaning words, with its letter height at 168x94."""
    return service.refine(session, user, body.title, body.mode, version_id=body.version_id)
