"""Where features owned by other domains plug into a batch's settings.

A batch's settings name a brand kit, a style preset and a reference pack by id
(``BatchSettings.brand_kit_id`` ...). The domain that owns one of them registers a checker
here at import time::

    register_setting("brand_kit_id", check_brand_kit)   # check(session, user_id, id) -> None

The checker raises NotFound for another user's id (answered 404) or InvalidInput. While no
domain has registered a checker for a field, a batch that sets it is refused with 422
``feature_unavailable``, so nothing is accepted that no code would honour.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from routix.errors import InvalidInput

Checker = Callable[[Session, uuid.UUID, uuid.UUID], None]
#: The settings fields other domains provide.
PLUGGABLE = ("brand_kit_id", "style_preset_id", "reference_pack_id")
_checkers: dict[str, Checker] = {}


def register_setting(field: str, check: Checker) -> None:
    """Let ``check`` validate ``field`` of a batch's settings (ValueError for other fields)."""
    if field not in PLUGGABLE:
        raise ValueError(f"{field!r} is not a pluggable batch setting; one of {PLUGGABLE}")
    _checkers[field] = check


def unregister_setting(field: str) -> None:
    _checkers.pop(field, None)


def check_settings(session: Session, user_id: uuid.UUID, settings: dict[str, Any]) -> None:
    """Run every checker on the ids ``settings`` sets; InvalidInput ``feature_unavailable``
    for a field nobody checks."""
    for field in PLUGGABLE:
        value = settings.get(field)
        if value is None:
            continue
        check = _checkers.get(field)
        if check is None:
            label = field.removesuffix("_id").replace("_", " ")
            raise InvalidInput(f"{label}s are not available on this server yet; leave {field} out",
                               code="feature_unavailable")
        check(session, user_id, uuid.UUID(str(value)))


__all__ = ["PLUGGABLE", "check_settings", "register_setting", "unregister_setting"]
