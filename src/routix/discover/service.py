"""The discover feed: a cached page of public items.

A page is cached (:mod:`routix.discover.cache`, :data:`~routix.discover.cache.TTL_SECONDS`)
under its sort, filters, cursor and limit, for anonymous callers and signed-in ones alike;
whether the caller likes an item is added after the cache, per caller. The page is one
query (the items joined with their versions' remix settings); the feed's ``total`` is counted
at most once per filter set every ``TOTAL_TTL_SECONDS`` (counting all public rows is the one
query whose cost grows with the table). Publishing,
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
    return json.dumps([sort, _filter_key(filters), page.cursor, page.limit, page.offset, base], separators=(",", ":"))


def _filter_key(filters: DiscoverFilters) -> str:
    return json.dumps([filters.category, filters.algorithm, filters.style, filters.has_video], separators=(",", ":"))


def discover(session: Session, services: Services, sort: str, filters: DiscoverFilters, page: PageRequest,
             viewer: User | None, request: Request | None = None) -> dict[str, Any]:
    """The answer of ``GET /api/v1/discover``: ``{items, sort, total, limit, offset,
    next_cursor}``; ``liked`` per item is filled for a signed-in ``viewer``. ``total`` may lag
    behind by up to :data:`~routix.discover.cache.TOTAL_TTL_SECONDS`."""
    cache = cache_for(services)
    key = _key(sort, filters, page, base_url(services, request))
    answer = cache.get(key)
    if answer is None:
        items, next_cursor = repository.public_page(session, sort, filters, page)
        total = cache.get_total(_filter_key(filters))
        if total is None:
            total = repository.count_public(session, filters)
            cache.put_total(_filter_key(filters), total)
        views = [public_view(item.publication, GenerationRequest(prompt=item.prompt, custom_text=item.title,
                                                                 algorithm=item.algorithm), services, request)
                 for item in items]
        answer = {"items": views, "sort": sort, "total": total, "limit": page.limit, "offset": page.offset,
                  "next_cursor": next_cursor}
        cache.put(key, answer)
    if viewer is not None and answer["items"]:
        slugs = [item["slug"] for item in answer["items"]]
        liked = sharing_repository.liked_slugs(session, viewer.id, slugs)
        answer = {**answer, "items": [{**item, "liked": item["slug"] in liked} for item in answer["items"]]}
    return answer
