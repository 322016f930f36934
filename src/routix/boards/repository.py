"""Boards' queries: a user's boards, a board's items, adding and removing one. Nothing here
commits; another user's board answers NotFound like an unknown one."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.errors import Conflict, NotFound
from routix.kit.pagination import Keyset, Page, PageRequest, SortKey, paginate
from routix.store.models import Board, BoardItem, GenerationRequest

#: a user's boards: newest first
BOARDS = Keyset("boards", SortKey(Board.created_at, True), SortKey(Board.id, True))
#: a board's items: most recently added first
ITEMS = Keyset("board_items", SortKey(BoardItem.created_at, True), SortKey(BoardItem.id, True))


def get_owned_board(session: Session, user_id: uuid.UUID, board_id: uuid.UUID) -> Board:
    """``user_id``'s board ``board_id``; NotFound ("board not found") otherwise."""
    board = session.get(Board, board_id)
    if board is None or board.user_id != user_id:
        raise NotFound("board not found")
    return board


def save_board(session: Session, board: Board) -> Board:
    """Add or update ``board`` and flush; Conflict (``board_exists``) when the user has a board
    of that name."""
    try:
        with session.begin_nested():
            session.add(board)
            session.flush()
    except IntegrityError:
        raise Conflict("you have a board with this name already", code="board_exists") from None
    return board


def delete_board(session: Session, board: Board) -> None:
    """Delete ``board`` (its items go with it; the generations stay)."""
    session.delete(board)
    session.flush()


def list_boards(session: Session, user_id: uuid.UUID, page: PageRequest) -> Page[Board]:
    """One page of ``user_id``'s boards, newest first."""
    return paginate(session, select(Board).where(Board.user_id == user_id), BOARDS, page)


def item_counts(session: Session, board_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """``{board id: items}`` (boards without items are absent)."""
    if not board_ids:
        return {}
    rows = session.execute(select(BoardItem.board_id, func.count()).where(BoardItem.board_id.in_(board_ids))
                           .group_by(BoardItem.board_id))
    return {board_id: int(count) for board_id, count in rows}


def add_item(session: Session, board_id: uuid.UUID, generation_id: uuid.UUID) -> None:
    """Put the generation on the board (nothing when it is there already)."""
    try:
        with session.begin_nested():
            session.add(BoardItem(board_id=board_id, generation_id=generation_id))
            session.flush()
    except IntegrityError:
        pass


def remove_item(session: Session, board_id: uuid.UUID, generation_id: uuid.UUID) -> None:
    """Take the generation off the board (nothing when it is not there)."""
    session.execute(delete(BoardItem).where(BoardItem.board_id == board_id, BoardItem.generation_id == generation_id)
                    .execution_options(synchronize_session=False))


def list_items(session: Session, board_id: uuid.UUID, page: PageRequest) -> Page[GenerationRequest]:
    """One page of the board's generations, most recently added first."""
    found = paginate(session, select(BoardItem).where(BoardItem.board_id == board_id), ITEMS, page)
    ids = [item.generation_id for item in found.items]
    rows = {r.id: r for r in session.scalars(select(GenerationRequest).where(GenerationRequest.id.in_(ids)))}
    return found.with_items([rows[i] for i in ids if i in rows])
