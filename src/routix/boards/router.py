"""``/api/v1/boards``: named collections of your generations.

=================================================  =========================================
``POST /api/v1/boards``                            create (409 ``board_exists`` for a taken name)
``GET /api/v1/boards``                             your boards, newest first, with item counts
``PATCH /api/v1/boards/{id}``                      rename
``DELETE /api/v1/boards/{id}``                     delete (the generations stay)
``GET /api/v1/boards/{id}/items``                  the board's generations
``PUT /api/v1/boards/{id}/items/{generation_id}``  put one on the board (204, repeat-safe)
``DELETE .../items/{generation_id}``               take it off (204)
=================================================  =========================================
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from routix.api.deps import ServicesDep, SessionDep, UserDep
from routix.api.problems import responses
from routix.boards import repository, service
from routix.boards.schemas import BoardBody, BoardItemsOut, BoardListOut, BoardOut
from routix.generations.views import iso
from routix.history.repository import published_ids
from routix.history.views import history_view
from routix.kit.pagination import PageRequest, pagination
from routix.store.models import Board

router = APIRouter(prefix="/api/v1/boards", tags=["boards"])

_NOT_YOURS = responses({404: "no such board or generation (or not yours)"})
_TAKEN = responses({409: "you have a board with this name (`board_exists`)"})


def _view(board: Board, count: int) -> dict[str, Any]:
    return {"id": str(board.id), "name": board.name, "item_count": count, "created_at": iso(board.created_at)}


@router.post("", status_code=201, response_model=BoardOut, responses=_TAKEN)
def create(body: BoardBody, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """A new, empty board."""
    return _view(service.create(session, user, body.name), 0)


@router.get("", response_model=BoardListOut)
def list_boards(user: UserDep, session: SessionDep,
                page: Annotated[PageRequest, Depends(pagination(repository.BOARDS))]) -> dict[str, Any]:
    """Your boards, newest first."""
    found = repository.list_boards(session, user.id, page)
    counts = repository.item_counts(session, [b.id for b in found.items])
    return {"items": [_view(b, counts.get(b.id, 0)) for b in found.items], **found.fields()}


@router.patch("/{board_id}", response_model=BoardOut, responses={**_NOT_YOURS, **_TAKEN})
def rename(board_id: uuid.UUID, body: BoardBody, user: UserDep, session: SessionDep) -> dict[str, Any]:
    """Rename the board."""
    board = service.rename(session, user, board_id, body.name)
    return _view(board, repository.item_counts(session, [board.id]).get(board.id, 0))


@router.delete("/{board_id}", status_code=204, responses=_NOT_YOURS)
def delete(board_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Delete the board; its generations stay."""
    service.delete(session, user, board_id)
    return Response(status_code=204)


@router.get("/{board_id}/items", response_model=BoardItemsOut, responses=_NOT_YOURS)
def items(board_id: uuid.UUID, user: UserDep, session: SessionDep, services: ServicesDep,
          page: Annotated[PageRequest, Depends(pagination(repository.ITEMS))]) -> dict[str, Any]:
    """The board's generations, most recently added first."""
    found = service.items(session, user, board_id, page)
    public = published_ids(session, [row.id for row in found.items])
    return {"items": [history_view(row, services, row.id in public) for row in found.items], **found.fields()}


@router.put("/{board_id}/items/{generation_id}", status_code=204, responses=_NOT_YOURS)
def put_item(board_id: uuid.UUID, generation_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Put your generation on the board (repeat-safe)."""
    service.put(session, user, board_id, generation_id, present=True)
    return Response(status_code=204)


@router.delete("/{board_id}/items/{generation_id}", status_code=204, responses=_NOT_YOURS)
def remove_item(board_id: uuid.UUID, generation_id: uuid.UUID, user: UserDep, session: SessionDep) -> Response:
    """Take your generation off the board."""
    service.put(session, user, board_id, generation_id, present=False)
    return Response(status_code=204)
