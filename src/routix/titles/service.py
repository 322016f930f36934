"""Titles: suggestions from a prompt and refinements of a title, each checked for the feed.

Offline by default (:mod:`routix.brief.suggest`); with ``algorithm`` naming an algorithm whose
designer is a language model (a provider key is configured) the model suggests first and its
titles are kept when they fit at 168x94, topped up offline to the number asked for. NotFound
(404) for another user's ``version_id``.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from routix.brief import get_planner
from routix.brief.suggest import MIN_FEED_LETTER_PX, feed_letter_px, refine_title, suggest_titles
from routix.design.models import Design, TextLayer
from routix.edit.targets import find_layer
from routix.generations.service import get_generation
from routix.store.models import User


class _Titles(BaseModel):
    titles: list[str] = Field(min_length=1, max_length=8)


def title_layer(session: Session, user: User, version_id: uuid.UUID | None) -> TextLayer | None:
    """The title layer of the user's version ``version_id`` (None without one)."""
    if version_id is None:
        return None
    row = get_generation(session, user, version_id)
    if not row.design:
        return None
    layer = find_layer(Design.model_validate(row.design), "title")
    return layer if isinstance(layer, TextLayer) else None


def title_out(text: str, layer: TextLayer | None = None) -> dict[str, Any]:
    """``TitleOut`` of ``text``: its letter height at 168x94 in ``layer`` (a typical title box
    without one) and whether that reads (>= 7 px)."""
    height = feed_letter_px(text, layer)
    return {"text": text, "feed_letter_px": height, "fits": height >= MIN_FEED_LETTER_PX}


def offline_suggestions(prompt: str, layer: TextLayer | None = None, count: int = 5) -> dict[str, Any]:
    """``SuggestionsOut`` for ``prompt`` without a language model (no database either)."""
    brief = get_planner().analyze(prompt)
    chosen = [title_out(s.text, layer) for s in suggest_titles(prompt, brief, layer=layer, count=count)]
    return {"suggestions": chosen[:count], "source": "offline"}


def refined(title: str, mode: str, layer: TextLayer | None = None) -> dict[str, Any]:
    """``TitleOut`` of ``title`` rewritten by ``mode`` (``shorter``, ``punchier``, ``upper``,
    ``title``, ``sentence``)."""
    return title_out(refine_title(title, mode), layer)  # type: ignore[arg-type]


def suggest(session: Session, services: Any, user: User, prompt: str, *, version_id: uuid.UUID | None = None,
            count: int = 5, algorithm: str | None = None) -> dict[str, Any]:
    """``count`` titles for ``prompt`` (at least 3), each with its feed letter height."""
    layer = title_layer(session, user, version_id)
    brief = get_planner().analyze(prompt)
    chosen: list[dict[str, Any]] = []
    source = "offline"
    for text in _model_titles(services, user, algorithm, prompt):
        out = title_out(text, layer)
        if out["fits"] and text.lower() not in {c["text"].lower() for c in chosen}:
            chosen.append(out)
            source = "model"
    for suggestion in suggest_titles(prompt, brief, layer=layer, count=count):
        if len(chosen) >= count:
            break
        if suggestion.text.lower() not in {c["text"].lower() for c in chosen}:
            chosen.append(title_out(suggestion.text, layer))
    return {"suggestions": chosen[:count], "source": source}


def refine(session: Session, user: User, title: str, mode: str, *, version_id: uuid.UUID | None = None) -> dict:
    """``title`` rewritten by ``mode`` with its feed letter height."""
    return refined(title, mode, title_layer(session, user, version_id))


def _model_titles(services: Any, user: User, algorithm: str | None, prompt: str) -> list[str]:
    """Titles from the algorithm's language model, or [] offline or on any failure."""
    if algorithm is None:
        return []
    from routix.assembly import assemble
    from routix.errors import RoutixError
    from routix.providers.errors import BudgetExceeded, ProviderUnavailable
    from routix.providers.resilience import CallFailed
    from routix.providers.structured import InvalidAnswer, ask

    try:
        designer = assemble(services, algorithm, user_id=str(user.id)).designer
        llm = getattr(designer, "llm", None)
        if llm is None:
            return []
        designer.budget.check(designer.user_id, designer.estimate_usd)  # type: ignore[attr-defined]
        answer = ask(llm, "Suggest 5 YouTube thumbnail titles of at most 5 words each for this video. Answer JSON.",
                     prompt, _Titles, name="titles")
    except (RoutixError, BudgetExceeded, InvalidAnswer, CallFailed, ProviderUnavailable):  # offline answers
        return []
    return [" ".join(t.split())[:60] for t in answer.titles if t.strip()]
