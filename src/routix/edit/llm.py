"""Edits by a language model: when the version's algorithm has an LLM designer (a provider key
is configured), the instruction goes to the model with the design's layers, and the answer must
be an :class:`~routix.edit.ops.EditPatch` (the same schema the offline parser produces) that
applies to the design; one retry with the errors fed back (``routix.providers.structured.ask``).
Any failure (no key, budget used up, an invalid answer, the provider down) returns None and the
offline parser answers instead."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from routix.design.models import Design
from routix.edit.ops import EditPatch

SYSTEM = (
    "You edit YouTube thumbnail designs. Answer only JSON matching the schema: the smallest list of "
    "operations that does what the user asked, naming layers by their ids ({ids}). Keep everything "
    "else as it is. Use new_art only when the user asks for a new or different background picture."
)


def llm_patch(designer: Any, instruction: str, design: Design,
              check: Callable[[EditPatch], object]) -> EditPatch | None:
    """The model's patch for ``instruction`` on ``design`` (``check`` raises InvalidInput for
    one that does not apply), or None when there is no model or it failed."""
    from routix.errors import RoutixError
    from routix.providers.designer import layer_summary
    from routix.providers.errors import BudgetExceeded, ProviderUnavailable
    from routix.providers.resilience import CallFailed
    from routix.providers.structured import InvalidAnswer, ask

    llm = getattr(designer, "llm", None)
    if llm is None or getattr(designer, "name", "offline") == "offline":
        return None
    request = json.dumps({"instruction": instruction, "layers": [layer_summary(layer) for layer in design.layers],
                          "palette": design.palette})
    try:
        designer.budget.check(designer.user_id, designer.estimate_usd)
        return ask(llm, SYSTEM.format(ids=", ".join(layer.id for layer in design.layers)), request, EditPatch,
                   name="edit_patch", check=check)
    except (RoutixError, BudgetExceeded, InvalidAnswer, CallFailed, ProviderUnavailable):  # offline answers
        return None
