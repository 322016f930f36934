"""The discover feed: a cached page of public items.

A page is cached (:mod:`routix.discover.cache`, :data:`~routix.discover.cache.TTL_SECONDS`)
under its sort, filters, cursor and limit, for anonymous callers and signed-in ones alike;
whether the caller likes an item is added after the cache, per caller. Publishing,
unpublishing, hiding and restoring invalidate the cache once committed; likes and views move
the counts shown within the TTL.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from routix.discover import repository
from routix.discover.cache import cache_for
from routix.discover.repository import DiscoverFilters
from routix.kit.pagination import PageRequest
from routix.services import Services
from routix.sharing import repository as sharing_repository
from routix.sharing.views import base_url, public_view
from routix.store.models import GenerationRequest, User


def _key(sort: str, filters: DiscoverFilters, page: PageRequest, base: str) -> str:
    return json.dumps([sort, filters.category, filters.algorithm, filters.style, filters.has_video, page.cursor,
                       page.limit, page.offset, base], separators=(",", ":"))


def discover(session: Session, services: Services, sort: str, filters: DiscoverFilters, page: PageRequest,
             viewer: User | None, request: Request | None = None) -> dict[str, Any]:
    """The answer of ``GET /api/v1/discover``: ``{items, sort, total, limit, offset,
    next_cursor}``; ``liked`` per item is filled for a signed-in ``viewer``."""
    cache = cache_for(services)
    key = _key(sort, filters, page, base_url(services, request))
    answer = cache.get(key)
    if answer is None:
        found = repository.public_page(session, sort, filters, page)
        settings = repository.remix_settings(session, [p.generation_id for p in found.items])
        items = []
        for item in found.items:
            prompt, title, algorithm = settings[item.generation_id]
            row = GenerationRequest(prompt=prompt, custom_text=title, algorithm=algorithm)
            items.append(public_view(item, row, services, request))
        answer = {"items": items, "sort": sort, **found.fields()}
        cache.put(key, answer)
    if viewer is not None and answer["items"]:
        slugs = [item["slug"] for item in answer["items"]]
        liked = sharing_repository.liked_slugs(session, viewer.id, slugs)
        answer = {**answer, "items": [{**item, "liked": item["slug"] in liked} for item in answer["items"]]}
    return answer
