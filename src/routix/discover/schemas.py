"""The discover feed's answer."""

from __future__ import annotations

from routix.kit.pagination import PageOut
from routix.sharing.schemas import PublicItemOut


class DiscoverOut(PageOut):
    """A page of public items; ``sort`` echoes the order used."""

    sort: str
    items: list[PublicItemOut]
