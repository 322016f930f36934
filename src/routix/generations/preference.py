"""Which template a generation reuses: ``template_preference`` (an opaque ``template_ref``)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from routix.errors import InvalidInput
from routix.generations import repository


def template_for_preference(session: Session, user_id: uuid.UUID, ref: str | None) -> str | None:
    """The internal template id behind ``ref`` (a template_ref of one of the user's generations),
    or None. Raises InvalidInput when the user has no generation with that reference."""
    if ref is None:
        return None
    template_id = repository.template_id_for_ref(session, user_id, ref)
    if template_id is None:
        raise InvalidInput("template_preference must be the template_ref of one of your generations",
                           code="unknown_template_ref")
    return template_id


__all__ = ["template_for_preference"]
