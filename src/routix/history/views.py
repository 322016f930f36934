"""What the history (and a board) shows of a generation: the generation's own view plus its
name and whether it is published."""

from __future__ import annotations

from typing import Any

from routix.generations.views import result_view
from routix.services import Services
from routix.sharing.service import title_of
from routix.store.models import GenerationRequest


def history_view(row: GenerationRequest, services: Services, published: bool) -> dict[str, Any]:
    """``result_view`` + ``name`` (the rename, else the title, else the prompt) + ``published``."""
    return {**result_view(row, services), "name": title_of(row), "published": published}
