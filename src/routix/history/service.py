"""History use cases: search your generations, rename one, delete one.

Deleting a generation removes its row (its videos, publication, shares and board entries go
with it; the credit ledger keeps its entries, unlinked; child versions stay) and, once that
commit is done, releases the files it referenced: its outputs (``generations/<id>/``) and its
videos' files (``videos/<id>/``), which no other version uses. Uploaded assets (faces, logos)
are the user's own rows and stay. A generation still running cannot be deleted (cancel or let
it finish first), so no worker writes to a row that is gone.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.orm import Session

from routix.discover.cache import cache_for
from routix.errors import Conflict
from routix.generations.repository import get_owned_generation
from routix.generations.views import output_key
from routix.history import repository
from routix.history.repository import HistoryFilters
from routix.kit.pagination import Page, PageRequest
from routix.kit.transaction import after_commit
from routix.services import Services
from routix.sharing import repository as sharing_repository
from routix.sharing.service import title_of
from routix.store.models import FINAL_STATUSES, GenerationRequest, User
from routix.videos.views import video_key

log = logging.getLogger(__name__)


def search(session: Session, user: User, filters: HistoryFilters, sort: str,
           page: PageRequest) -> Page[GenerationRequest]:
    """One page of ``user``'s generations matching ``filters``."""
    return repository.search(session, user.id, filters, sort, page)


def rename(session: Session, services: Services, user: User, generation_id: uuid.UUID,
           name: str | None) -> GenerationRequest:
    """Set the name the history shows (None: back to the title or prompt); a publication's
    title follows it (the discover cache is invalidated after the commit). NotFound for
    someone else's or an unknown generation."""
    row = get_owned_generation(session, user.id, generation_id)
    row.name = name
    publication = sharing_repository.publication_of(session, row.id)
    if publication is not None:
        publication.title = title_of(row)
        after_commit(session, cache_for(services).invalidate)
    session.flush()
    return row


def delete(session: Session, services: Services, user: User, generation_id: uuid.UUID) -> None:
    """Delete ``user``'s generation and, after the commit, its files. NotFound for someone
    else's or an unknown generation; Conflict (``generation_running``) while it runs."""
    row = get_owned_generation(session, user.id, generation_id)
    if row.status not in FINAL_STATUSES:
        raise Conflict("this generation is still running; cancel it or wait for it to finish",
                       code="generation_running")
    video_ids = repository.video_ids_of(session, row.id)
    was_public = sharing_repository.publication_of(session, row.id) is not None
    gid = row.id
    session.expunge(row)
    repository.delete_generation(session, gid)

    def release() -> None:
        prefixes = [output_key(gid, "")] + [video_key(v, "") for v in video_ids]
        for prefix in prefixes:
            try:
                services.blobs.delete_prefix(prefix)
            except Exception:  # the row is gone; a leftover file is logged for clean-up
                log.exception("could not delete the files under %s", prefix)
        if was_public:
            cache_for(services).invalidate()

    after_commit(session, release)
