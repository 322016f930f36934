"""Boards: named collections of a user's own generations (a generation may be on several)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from routix.boards import repository
from routix.generations.repository import get_owned_generation
from routix.kit.pagination import Page, PageRequest
from routix.store.models import Board, GenerationRequest, User


def create(session: Session, user: User, name: str) -> Board:
    """A new board; Conflict (``board_exists``) for a name the user has already."""
    return repository.save_board(session, Board(user_id=user.id, name=name))


def rename(session: Session, user: User, board_id: uuid.UUID, name: str) -> Board:
    """Rename ``user``'s board; NotFound for another's, Conflict for a taken name."""
    board = repository.get_owned_board(session, user.id, board_id)
    board.name = name
    return repository.save_board(session, board)


def delete(session: Session, user: User, board_id: uuid.UUID) -> None:
    """Delete ``user``'s board (the generations stay)."""
    repository.delete_board(session, repository.get_owned_board(session, user.id, board_id))


def put(session: Session, user: User, board_id: uuid.UUID, generation_id: uuid.UUID, *, present: bool) -> None:
    """Put (``present``) or take ``user``'s generation on/off ``user``'s board; NotFound when
    either is not theirs."""
    board = repository.get_owned_board(session, user.id, board_id)
    row = get_owned_generation(session, user.id, generation_id)
    if present:
        repository.add_item(session, board.id, row.id)
    else:
        repository.remove_item(session, board.id, row.id)


def items(session: Session, user: User, board_id: uuid.UUID, page: PageRequest) -> Page[GenerationRequest]:
    """One page of the board's generations."""
    board = repository.get_owned_board(session, user.id, board_id)
    return repository.list_items(session, board.id, page)
